/** Native host mode: what runs when a browser starts the bridge. */
import { AccountManager } from './accounts/manager';
import { AccountStore } from './accounts/account-store';
import { driverFactories } from './accounts/drivers';
import { ensurePrivateDir } from './fs-private';
import { doctorReport } from './install/doctor';
import { recordExtension } from './install/extension-seen';
import { logWireTraffic } from './imap/wire-log';
import { IDLE_COLLECT, idleCollector } from './idle-collect';
import { fileLogger } from './log';
import { NativeSession } from './native/session';
import { SignIns } from './auth/sign-in';
import { bridgePaths } from './paths';
import { openSecretStore } from './secrets/secret-store';
import { BRIDGE_VERSION } from './version';

export function runHost(opts: { configDir: string; installDir: string; callerArgs: string[] }): void {
  const paths = bridgePaths(opts.configDir);
  try {
    ensurePrivateDir(paths.configDir);
  } catch {
    // An unwritable config folder must not stop the host before it can answer: hello and doctor report it.
  }
  const log = fileLogger(paths.logFile);
  // Wire logs for a bug report, set in the launcher's environment (README "Troubleshooting").
  if (process.env.MAILGLANCE_WIRE_LOG === '1') logWireTraffic(log);
  // `gc` is there when the launcher runs Node with --expose-gc (install.ts, idle-collect.ts).
  const gc = (globalThis as { gc?: () => void }).gc;
  log.info('bridge started', {
    version: BRIDGE_VERSION,
    pid: process.pid,
    caller: opts.callerArgs,
    idleCollection: gc !== undefined,
  });
  process.on('uncaughtException', (error) => log.error('uncaught exception', { error: String(error.stack ?? error) }));
  process.on('unhandledRejection', (reason) =>
    log.error('unhandled rejection', { error: String((reason as Error)?.stack ?? reason) }),
  );

  const secrets = openSecretStore(paths.secretsFile, log);
  const store = new AccountStore(paths.accountsFile, secrets);
  // The manager's events go out through the session, which is created right after it.
  const emitter: { session?: NativeSession } = {};
  const manager = new AccountManager(store, driverFactories, paths.stateDir, log, (type, data) =>
    emitter.session?.emit(type, data),
  );
  const signIns = new SignIns(manager, log);
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  const collector = idleCollector({
    ...IDLE_COLLECT,
    gc,
    onCollect: (before, after) =>
      log.info('collected garbage after a busy spell', { heapMiB: mib(before), afterMiB: mib(after) }),
  });
  const session = new NativeSession({
    input: process.stdin,
    output: process.stdout,
    log,
    context: () => ({
      manager,
      signIns,
      log,
      secretStore: secrets.kind,
      doctor: () =>
        doctorReport({ configDir: paths.configDir, installDir: opts.installDir, secretStore: secrets.kind }),
      noteExtension: (client) => {
        try {
          recordExtension(paths.stateDir, { ...client, at: new Date().toISOString() });
        } catch (error) {
          log.warn('could not record the extension version', { error: (error as Error).message });
        }
      },
    }),
    onGreeted: () => manager.startAll(),
    onTraffic: collector.touch,
    onClose: () => {
      collector.stop();
      // The browser closed the port: close mail connections (POP3 QUITs, IMAP LOGOUTs), then exit.
      signIns.stopAll();
      const deadline = setTimeout(() => process.exit(0), 3000);
      deadline.unref();
      void manager.stopAll().finally(() => process.exit(0));
    },
  });
  emitter.session = session;
  session.start();
}
