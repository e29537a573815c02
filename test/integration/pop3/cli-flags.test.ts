/**
 * The POP3 flags of `mailglance-bridge account add`, run through the built bundle the way a user
 * types them: `--no-leave-on-server` and `--poll-interval SECONDS` with its 30 s floor
 * (`pollIntervalSec` in src/protocol/model.ts). Below the floor the value is refused as a usage
 * error (exit 2) and nothing is stored; it is not raised to 30.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../../src/protocol';
import { runBridgeCli } from '../../support/bridge-cli';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';

let root: string;
const cli = (args: string[], input?: string) => runBridgeCli(root, [...args, '--config-dir', join(root, 'cfg')], input);

/** `account add --type pop3` for a loopback server, with extra flags. */
const addPop3 = (...flags: string[]) =>
  cli(
    [
      'account',
      'add',
      '--type',
      'pop3',
      '--host',
      '127.0.0.1',
      '--security',
      'none',
      '--user',
      'alice',
      '--password-stdin',
      ...flags,
    ],
    'secret\n',
  );

const listed = (): AccountView[] => {
  const out = cli(['account', 'list', '--json']);
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as AccountView[];
};

beforeAll(() => requireBuilt(BRIDGE_BUNDLE));
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mg-cli-pop3-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('mailglance-bridge account add: POP3 flags', () => {
  it('--no-leave-on-server and --poll-interval are stored and listed', () => {
    const added = addPop3('--no-leave-on-server', '--poll-interval', '45');
    expect(added.status, added.stderr).toBe(0);
    const id = added.stdout.trim();
    expect(listed()).toEqual([
      expect.objectContaining({
        id,
        type: 'pop3',
        port: 110,
        leaveOnServer: false,
        pollIntervalSec: 45,
        hasPassword: true,
      }),
    ]);
  });

  it('without the flags: leave on server, poll every 120 s', () => {
    expect(addPop3().status).toBe(0);
    expect(listed()).toEqual([expect.objectContaining({ leaveOnServer: true, pollIntervalSec: 120 })]);
  });

  it('30 s is the floor: 30 is accepted, 10 is refused with exit 2 and nothing is stored', () => {
    const refused = addPop3('--poll-interval', '10');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--poll-interval: .*>=\s*30/); // names the flag the user typed
    expect(listed()).toEqual([]);

    expect(addPop3('--poll-interval', '30').status).toBe(0);
    expect(listed()).toEqual([expect.objectContaining({ pollIntervalSec: 30 })]);
  });

  it('--help lists both flags', () => {
    const help = cli(['--help']).stdout;
    expect(help).toContain('--no-leave-on-server');
    expect(help).toContain('--poll-interval SECONDS (≥ 30; IMAP 60, POP3 120)');
  });
});
