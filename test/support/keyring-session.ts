/**
 * A private D-Bus session bus with an unlocked gnome-keyring (the Secret Service a Linux desktop
 * gives the bridge), in a temp folder. Both daemons are our own children (`--nofork`,
 * `--foreground`), so `stop()` ends exactly them and nothing is left daemonised behind the test.
 * The bus config lists no service folders: a stopped keyring stays stopped instead of being
 * D-Bus-activated again (locked, with nobody to answer its unlock prompt).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, requireProgram } from './require-tool';

export const DBUS_DAEMON = findExecutable(['/usr/bin/dbus-daemon']);
export const DBUS_SEND = findExecutable(['/usr/bin/dbus-send']);
export const GNOME_KEYRING_DAEMON = findExecutable(['/usr/bin/gnome-keyring-daemon']);
export const SECRET_TOOL = findExecutable(['/usr/bin/secret-tool']);
/** `keyctl session - cmd` runs cmd in a fresh session keyring, as pam_keyinit gives a login. */
export const KEYCTL = findExecutable(['/usr/bin/keyctl', '/bin/keyctl']);

/** What `scripts/system-deps.sh` installs for these programs. */
export const KEYRING_INSTALL_HINT = 'apt-get install dbus-daemon gnome-keyring libsecret-tools keyutils';

/**
 * Whether a private Secret Service session can be started here (`startKeyringSession`); throws
 * under CI=true when one of its programs is missing. `keyctl` too when the test needs it.
 */
export function requireKeyringPrograms(opts: { keyctl?: boolean } = {}): boolean {
  return (
    requireProgram('dbus-daemon', DBUS_DAEMON, KEYRING_INSTALL_HINT) &&
    requireProgram('dbus-send', DBUS_SEND, KEYRING_INSTALL_HINT) &&
    requireProgram('gnome-keyring-daemon', GNOME_KEYRING_DAEMON, KEYRING_INSTALL_HINT) &&
    requireProgram('secret-tool', SECRET_TOOL, KEYRING_INSTALL_HINT) &&
    (!opts.keyctl || requireProgram('keyctl', KEYCTL, KEYRING_INSTALL_HINT))
  );
}

const SECRET_SERVICE = 'org.freedesktop.secrets';

export interface KeyringSession {
  /** HOME, XDG_* and DBUS_SESSION_BUS_ADDRESS of the private session, to give a child process. */
  env: Record<string, string>;
  /** `secret-tool lookup`: the stored secret, or undefined when there is none. */
  lookup(attributes: Record<string, string>): string | undefined;
  /** `secret-tool search --all`: one block per item, '' when nothing matches. */
  search(attributes: Record<string, string>): string;
  /** Ends gnome-keyring only; the bus stays up with nobody owning the Secret Service name. */
  stopKeyring(): Promise<void>;
  /** Ends the keyring and the bus. Safe to call twice and after a failed start. */
  stop(): Promise<void>;
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function end(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined) return; // never started
  const gone = ended(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await gone;
  clearTimeout(timer);
}

function attributeArgs(attributes: Record<string, string>): string[] {
  return Object.entries(attributes).flat();
}

/** Starts the bus and an unlocked keyring under `root`; ready when the Secret Service name is owned. */
export async function startKeyringSession(root: string, password = 'keyring-pw'): Promise<KeyringSession> {
  if (!DBUS_DAEMON || !DBUS_SEND || !GNOME_KEYRING_DAEMON || !SECRET_TOOL) {
    throw new Error(
      `the private keyring needs dbus-daemon, dbus-send, gnome-keyring-daemon, secret-tool: ${KEYRING_INSTALL_HINT}`,
    );
  }
  const dirs = { HOME: 'home', XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_RUNTIME_DIR: 'run' };
  const env: Record<string, string> = {};
  for (const [name, dir] of Object.entries(dirs)) {
    env[name] = join(root, dir);
    mkdirSync(env[name], { recursive: true, mode: 0o700 });
  }
  const busConfig = join(root, 'session-bus.conf');
  writeFileSync(
    busConfig,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${env.XDG_RUNTIME_DIR}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const childEnv = () => ({ ...process.env, ...env });
  let bus: ChildProcess | undefined;
  let keyring: ChildProcess | undefined;
  const stopKeyring = async () => {
    await end(keyring);
    if (env.DBUS_SESSION_BUS_ADDRESS) await waitForOwner(false);
  };
  const stop = async () => {
    await end(keyring);
    await end(bus);
  };
  // Asks the bus itself, so "ready" and "gone" are about the name, not about a client's retries.
  const hasOwner = () =>
    execFileSync(
      DBUS_SEND,
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        `string:${SECRET_SERVICE}`,
      ],
      { env: childEnv(), encoding: 'utf8' },
    ).includes('boolean true');
  const waitForOwner = async (want: boolean) => {
    const deadline = Date.now() + 10_000;
    while (hasOwner() !== want) {
      if (want && keyring && keyring.exitCode !== null) {
        throw new Error(`gnome-keyring-daemon exited (${keyring.exitCode}) before it owned ${SECRET_SERVICE}`);
      }
      if (Date.now() > deadline)
        throw new Error(`${SECRET_SERVICE} ${want ? 'never appeared' : 'never left'} on the bus`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  try {
    bus = spawn(DBUS_DAEMON, [`--config-file=${busConfig}`, '--nofork', '--print-address=1'], {
      env: childEnv(),
      // Its stderr only warns that a container will not let it raise its fd limit.
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    env.DBUS_SESSION_BUS_ADDRESS = await new Promise<string>((resolve, reject) => {
      let out = '';
      bus!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0].trim());
      });
      bus!.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before printing its address`)));
      bus!.once('error', reject);
    });
    // --unlock reads the login keyring's password from stdin and creates that keyring unlocked,
    // so no prompt is ever needed (there is no display to show one on).
    keyring = spawn(GNOME_KEYRING_DAEMON, ['--foreground', '--unlock', '--components=secrets'], {
      env: childEnv(),
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    // A daemon that fails to start surfaces in waitForOwner, not as an unhandled 'error' (or EPIPE).
    keyring.once('error', () => {});
    keyring.stdin!.on('error', () => {});
    keyring.stdin!.end(password);
    await waitForOwner(true);
  } catch (error) {
    await stop();
    throw error;
  }

  const secretTool = (args: string[]) => spawnSync(SECRET_TOOL, args, { env: childEnv(), encoding: 'utf8' });
  return {
    env,
    lookup: (attributes) => {
      const run = secretTool(['lookup', ...attributeArgs(attributes)]);
      return run.status === 0 ? run.stdout : undefined;
    },
    search: (attributes) => {
      const run = secretTool(['search', '--all', ...attributeArgs(attributes)]);
      return (run.stdout + run.stderr).trim();
    },
    stopKeyring,
    stop,
  };
}
