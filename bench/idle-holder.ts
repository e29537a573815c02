/**
 * The floor for the bridge at rest: a minimal Node script holding the bridge's IMAP connections
 * with the same library (imapflow) and nothing else — per account a push connection in IDLE on
 * INBOX and a work connection with INBOX selected, as the bridge holds them. It prints `ready`
 * once every connection is up, then sits until stdin closes.
 *
 * The benchmark bundles it like the bridge (esbuild, one CommonJS file) and runs it with plain
 * node, so both carry the same kind of code. On its own:
 * `node --import tsx bench/idle-holder.ts --port P --accounts user0:pw0,user1:pw1`
 * (tsx itself then adds some MiB).
 */
import { ImapFlow } from 'imapflow';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function open(host: string, port: number, user: string, pass: string, idle: boolean): Promise<ImapFlow> {
  const client = new ImapFlow({
    host,
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass },
    logger: false,
    disableAutoIdle: !idle,
    autoIdleDelay: 20,
  });
  client.on('error', (err: Error) => console.error(`${user}: ${err.message}`));
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  return client;
}

async function main(): Promise<void> {
  const host = arg('host') ?? '127.0.0.1';
  const port = Number(arg('port') ?? 143);
  const accounts = (arg('accounts') ?? '').split(',').filter(Boolean);
  const clients: ImapFlow[] = [];
  for (const account of accounts) {
    const [user, pass] = account.split(':');
    clients.push(await open(host, port, user, pass, true), await open(host, port, user, pass, false));
  }
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const c of clients) c.close();
    process.exit(0);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
