/**
 * Removing a POP3 account through the real bridge removes what it kept on disk for it: the
 * header cache (senders, subjects, previews) and the read set under `state/<id>/` (PRIVACY.md).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from '../../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { PASSWORD, USER, waitFor } from './helpers';

describe.skipIf(!requireDovecot())('removing a POP3 account', () => {
  let dc: Dovecot;
  let dir: string;
  let bridge: BridgeProcess | undefined;
  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    await dc.deliver(USER, buildMessage({ subject: 'private subject' }));
    dir = mkdtempSync(join(tmpdir(), 'mg-remove-state-'));
  });
  afterAll(async () => {
    await bridge?.stop();
    await dc?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes its header cache and read state', async () => {
    bridge = new BridgeProcess(join(dir, 'cfg'));
    await bridge.hello();
    const settings = { type: 'pop3', host: dc.host, port: dc.ports.pop3, security: 'none', user: USER };
    const added = await bridge.request('add', 'account.add', { settings, password: PASSWORD });
    const id = (added.result as { account: { id: string } }).account.id;
    await bridge.waitFor((f) => f.kind === 'event' && f.type === 'mailbox.snapshot', 20_000);
    const stateDir = join(dir, 'cfg', 'state', id);
    await waitFor(() => existsSync(join(stateDir, 'pop3-headers.json')));
    expect(readdirSync(stateDir)).toContain('pop3-headers.json');

    expect(await bridge.request('rm', 'account.remove', { accountId: id })).toMatchObject({ ok: true });
    expect(existsSync(stateDir)).toBe(false);
  });
});
