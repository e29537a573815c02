/**
 * Stopping a POP3 driver ends a session that is stuck before login at once, instead of waiting
 * out the connect and idle timeouts (15 s + 30 s by default). The "server" is a TCP listener
 * that accepts and never sends its greeting, which no real server can be made to do on demand.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DriverContext, StoredAccount } from '../accounts/driver';
import { silentLogger } from '../log';
import { createPop3DriverFactory } from './index';

let server: Server | undefined;
const sockets: Socket[] = [];
let dir: string | undefined;
afterEach(() => {
  sockets.forEach((s) => s.destroy());
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Pop3Driver.stop', () => {
  it('aborts a session stuck before the greeting at once', async () => {
    server = createServer((socket) => sockets.push(socket)); // accepts, says nothing
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'mg-pop3-stop-'));
    const account: StoredAccount = {
      id: 'stuck',
      type: 'pop3',
      label: 'stuck',
      host: '127.0.0.1',
      port,
      security: 'none',
      user: 'ann',
      watchedFolders: ['INBOX'],
      includeInBadge: true,
      notify: true,
      deleteMode: 'trash',
      leaveOnServer: true,
      pollIntervalSec: 120,
    };
    const states: string[] = [];
    const ctx: DriverContext = {
      emit: () => undefined,
      setState: (state) => void states.push(state),
      setPush: () => undefined,
      log: silentLogger,
      stateDir: dir,
    };
    const driver = createPop3DriverFactory().create(account, 'pw', ctx);
    driver.start();
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    const started = performance.now();
    await driver.stop();
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(2_000);
    await vi.waitFor(() => expect(sockets[0].destroyed || sockets[0].readableEnded).toBe(true));
    expect(states).toEqual(['connecting']); // a stopped driver reports nothing more
  });
});
