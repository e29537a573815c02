/**
 * Where the bridge keeps things. `--config-dir` overrides the config folder (and with it state and
 * logs, so tests can isolate everything); `install --install-dir` overrides where the launcher goes.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface BridgePaths {
  configDir: string;
  /** accounts.json: settings without secrets (0600). */
  accountsFile: string;
  /** secrets.json: the fallback secret store when no keyring answers (0600). */
  secretsFile: string;
  /** Per-account protocol state (POP3 read set, caches). */
  stateDir: string;
  logFile: string;
}

/** The platform's config folder for Mailglance. */
export function defaultConfigDir(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Mailglance');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Mailglance');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'mailglance');
}

/** The stable folder the bundle and launcher are copied to by `install`. */
export function defaultInstallDir(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Mailglance', 'bridge');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Mailglance', 'bridge');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'mailglance-bridge');
}

export function bridgePaths(configDir = defaultConfigDir()): BridgePaths {
  return {
    configDir,
    accountsFile: join(configDir, 'accounts.json'),
    secretsFile: join(configDir, 'secrets.json'),
    stateDir: join(configDir, 'state'),
    logFile: join(configDir, 'logs', 'bridge.log'),
  };
}
