/** The built `mailglance-bridge` run as a user runs it, with HOME and XDG folders under `root`. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BRIDGE_BUNDLE } from './built';

/**
 * Runs the bundle with `args` (and `input` on stdin) in a private HOME, so install paths,
 * config folders and secrets land under `root` and never in the real home. Secrets go to the
 * file store: no keyring answers in these containers, and tests must not touch one that does.
 */
export function runBridgeCli(root: string, args: string[], input?: string) {
  return spawnSync(process.execPath, [BRIDGE_BUNDLE, ...args], {
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      HOME: join(root, 'home'),
      XDG_CONFIG_HOME: join(root, 'xdg'),
      MAILGLANCE_SECRET_STORE: 'file',
    },
  });
}
