/**
 * A tiny scripted POP3 server, used ONLY to send malformed replies a real server never sends
 * (broken multi-line responses, missing terminators, huge lines). Everything else is tested
 * against the real Dovecot from the harness.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** What to do with one command: bytes to send, close the socket, or say nothing. */
export type ScriptReply = string | Buffer | { close: true } | { hang: true } | ((socket: Socket) => void);

export interface ScriptServer {
  port: number;
  /** Every command line received, in order (passwords included: fake credentials only). */
  commands: string[];
  close(): Promise<void>;
}

/** Replies of a well-behaved minimal server for the commands a script does not override. */
function defaultReply(verb: string): ScriptReply {
  switch (verb) {
    case 'CAPA':
      return '+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n';
    case 'QUIT':
      return (s) => s.end('+OK bye\r\n');
    default:
      return '+OK\r\n';
  }
}

/**
 * Start a server on a free loopback port. `script` maps an upper-case command verb (or the
 * full command line) to a reply; unlisted commands get `defaultReply`.
 */
export async function startScriptServer(
  script: Record<string, ScriptReply>,
  greeting = '+OK fake POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n',
): Promise<ScriptServer> {
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(greeting);
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      let i: number;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 2);
        commands.push(line);
        const verb = line.split(' ', 1)[0].toUpperCase();
        const reply = script[line] ?? script[verb] ?? defaultReply(verb);
        if (typeof reply === 'function') reply(socket);
        else if (typeof reply === 'string' || Buffer.isBuffer(reply)) socket.write(reply);
        else if ('close' in reply) socket.destroy();
        // { hang: true }: say nothing; the client's timeout must fire.
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
