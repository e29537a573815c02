/**
 * The built bridge on a damaged config folder, as a user or a crash leaves it: `hello` and
 * `doctor` still answer and say what is wrong, the CLI prints one line (no stack) and exits 6,
 * and one bad request can no longer write a file the bridge cannot read back.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBridgeCli } from '../support/bridge-cli';
import { BridgeProcess } from '../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

let root: string;
let cfg: string;
let bridge: BridgeProcess | undefined;
const cli = (args: string[], input?: string) => runBridgeCli(root, [...args, '--config-dir', cfg], input);
const good = { id: 'good-1', settings: { type: 'imap', host: 'mail.example.org', user: 'ann' } };

beforeAll(() => requireBuilt(BRIDGE_BUNDLE));
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mg-damage-'));
  cfg = join(root, 'cfg');
  mkdirSync(cfg, { recursive: true });
});
afterEach(async () => {
  await bridge?.stop();
  bridge = undefined;
  chmodSync(root, 0o700);
  rmSync(root, { recursive: true, force: true });
});

const startHost = (configDir = cfg) => (bridge = new BridgeProcess(configDir));

describe('a damaged config folder', () => {
  it.each([' ', '\t', '\r\n'])(
    'refuses a whitespace-only host (%j) from the CLI and over the protocol',
    async (host) => {
      const add = cli(['account', 'add', '--type', 'imap', '--host', host, '--user', 'ann']);
      expect(add.status).toBe(2);
      expect(add.stderr).toMatch(/^mailglance-bridge: host must not be empty/);
      startHost();
      expect(await bridge!.hello()).toMatchObject({ ok: true });
      const reply = await bridge!.request('a', 'account.add', { settings: { type: 'imap', host, user: 'ann' } });
      expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      // Nothing unreadable was written: a fresh bridge still answers and lists.
      await bridge!.stop();
      startHost();
      expect(await bridge!.hello()).toMatchObject({ ok: true, result: { protocolVersion: 1 } });
      expect(await bridge!.request('l', 'accounts.list')).toMatchObject({ ok: true, result: { accounts: [] } });
    },
  );

  it('skips a damaged entry (bad host, path-like id), reports it, and serves the rest', async () => {
    writeFileSync(
      join(cfg, 'accounts.json'),
      JSON.stringify({
        version: 1,
        accounts: [
          { id: 'bad', settings: { ...good.settings, host: '' } },
          { id: '../../x', settings: good.settings },
          good,
        ],
      }),
    );
    startHost();
    const hello = await bridge!.hello();
    expect(hello).toMatchObject({ ok: true });
    expect((hello.result as { configProblems: unknown[] }).configProblems).toEqual([
      { where: 'accounts.json', detail: expect.stringMatching(/account 1 \(bad\)/) },
      { where: 'accounts.json', detail: expect.stringMatching(/account 2 has an invalid id/) },
    ]);
    const list = await bridge!.request('l', 'accounts.list');
    expect((list.result as { accounts: { id: string }[] }).accounts.map((a) => a.id)).toEqual(['good-1']);
    const doctor = await bridge!.request('d', 'doctor');
    expect(doctor).toMatchObject({ ok: true, result: { configProblems: [{ where: 'accounts.json' }, {}] } });
    const cliList = cli(['account', 'list']);
    expect(cliList.status).toBe(0);
    expect(cliList.stdout).toContain('good-1');
    expect(cliList.stderr).toMatch(/warning: accounts.json: account 1 \(bad\)/);
  });

  it.each([
    ['truncated', 'accounts.json', '{"version":1,"accounts":[{"id":"a","se'],
    ['non-JSON', 'accounts.json', '\u0000\u0001binary'],
    ['wrong-typed', 'accounts.json', '{"version":1,"accounts":"none"}'],
    ['truncated', 'secrets.json', '{"good-1":"pass'],
    ['wrong-typed', 'secrets.json', '[]'],
  ])('a %s %s: hello and doctor answer with the problem; the CLI says it in one line', async (_kind, name, content) => {
    if (name === 'secrets.json')
      writeFileSync(join(cfg, 'accounts.json'), JSON.stringify({ version: 1, accounts: [good] }));
    writeFileSync(join(cfg, name), content);
    startHost();
    const hello = await bridge!.hello();
    expect(hello).toMatchObject({ ok: true, result: { configProblems: [{ where: name }] } });
    expect(await bridge!.request('d', 'doctor')).toMatchObject({
      ok: true,
      result: { configProblems: [{ where: name }] },
    });
    expect(await bridge!.request('l', 'accounts.list')).toMatchObject({ ok: true });

    const doctor = cli(['doctor']);
    expect(doctor.status).toBe(0);
    expect(doctor.stdout).toContain(`problem: ${name}:`);
    const add = cli(
      ['account', 'add', '--type', 'imap', '--host', 'h.example', '--user', 'u', '--password-stdin'],
      'pw\n',
    );
    expect(add.status).toBe(6);
    expect(add.stderr.trim().split('\n').pop()).toMatch(/^mailglance-bridge: CONFIG_DAMAGED: .*doctor/);
    expect(add.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(join(cfg, name), 'utf8')).toBe(content);
  });

  it('a logs path that is a file and a config folder that cannot be created: the host still answers', async () => {
    writeFileSync(join(cfg, 'logs'), 'a file, not a folder');
    startHost();
    expect(await bridge!.hello()).toMatchObject({
      ok: true,
      result: { configProblems: [{ where: 'logs', detail: expect.stringMatching(/not a folder/) }] },
    });
    expect(await bridge!.request('d', 'doctor')).toMatchObject({
      ok: true,
      result: { configProblems: [{ where: 'logs' }] },
    });
    await bridge!.stop();

    // A config folder below a file: nothing can ever be created there.
    writeFileSync(join(root, 'blocker'), '');
    startHost(join(root, 'blocker', 'cfg'));
    expect(await bridge!.hello()).toMatchObject({ ok: true });
    const add = await bridge!.request('a', 'account.add', { settings: good.settings, password: 'pw' });
    expect(add).toMatchObject({ ok: false });
    expect(JSON.stringify(add)).not.toContain('pw"');
  });
});
