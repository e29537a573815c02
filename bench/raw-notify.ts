/**
 * The floor for push latency on a second watched folder: a raw-socket client that asks for
 * NOTIFY (RFC 5465) STATUS of every personal mailbox — the same NOTIFY SET the bridge sends — then
 * SELECTs INBOX and sits in IDLE, timestamping each `* STATUS <folder>` push. Dovecot pushes
 * these only while in IDLE (docs/architecture.md).
 *
 * On its own: `node --import tsx bench/raw-notify.ts --port P --user U --password W --folder Work`
 * prints the time of every STATUS push for that folder until interrupted.
 */
import { argValue, isMain, quote, rawLogin, targetFromArgs, type FloorTarget } from './raw-imap';

/** A connected raw client in IDLE with NOTIFY set. */
export interface RawNotify {
  /** Resolves with the time (performance.now()) of the next `* STATUS <folder>` push. */
  nextStatus(): Promise<number>;
  close(): void;
}

const NOTIFY_SET =
  'NOTIFY SET STATUS (SELECTED (MessageNew (UID FLAGS) MessageExpunge FlagChange)) ' +
  '(PERSONAL (MessageNew MessageExpunge FlagChange))';

/** LOGIN, NOTIFY SET, SELECT INBOX and IDLE; pushes for `folder` are reported. */
export async function rawNotify(t: FloorTarget, folder: string): Promise<RawNotify> {
  const c = await rawLogin(t.host, t.port, t.user, t.password);
  await c.command(NOTIFY_SET);
  await c.command('SELECT INBOX');
  const idle = c.command('IDLE').catch(() => []);
  await c.next(/^\+ /);
  const escaped = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const status = new RegExp(`^\\* STATUS (${escaped}|${quote(folder).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}) `);
  return {
    nextStatus: async () => (await c.next(status)).at,
    close: () => {
      c.write('DONE');
      void idle.then(() => c.close());
      setTimeout(() => c.close(), 1000).unref();
    },
  };
}

if (isMain(import.meta.url)) {
  const folder = argValue('folder') ?? 'Work';
  const n = await rawNotify(targetFromArgs(), folder);
  console.log(`in IDLE with NOTIFY; deliver mail to ${folder} to see each STATUS push`);
  for (;;) console.log(`STATUS ${folder} at ${(await n.nextStatus()).toFixed(1)} ms`);
}
