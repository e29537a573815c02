/** `doctor`: what a user (or the options page) needs to see to fix a broken setup. */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ConfigProblem, RequestResult } from '../../protocol';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { BRIDGE_VERSION } from '../version';
import { BROWSERS, manifestPath, systemManifestPath, WINDOWS_REGISTRY_KEYS, type Browser } from './host-locations';
import { allowList, readHostManifest } from './host-manifest';
import { lastExtension, type ExtensionSeen } from './extension-seen';
import { installedBeside, type Installed } from './installed-version';
import { sandboxedBrowsers, sandboxedNote, type SandboxedBrowser } from './sandboxed-browsers';

/**
 * One browser's registration, worst problem first:
 * - `not-registered`: no manifest (on Windows: no registry key pointing at it);
 * - `invalid-manifest`: not JSON, or not a stdio manifest named for our host;
 * - `wrong-extension-ids`: allowed_origins / allowed_extensions is not exactly Mailglance's ids;
 * - `launcher-missing`: the manifest's `path` does not exist or cannot be executed;
 * - `registered`: the browser can start the bridge.
 */
export type RegistrationStatus =
  'registered' | 'not-registered' | 'invalid-manifest' | 'wrong-extension-ids' | 'launcher-missing';

export interface BrowserCheck {
  browser: Browser;
  /** True only when `status` is `registered`: what the options page shows. */
  registered: boolean;
  status: RegistrationStatus;
  /** The manifest file. */
  path: string;
  /** The launcher the manifest points at, when it names one. */
  launcher?: string;
  /** What is wrong, in words a user can act on; empty when registered. */
  problems: string[];
}

/** The protocol's `doctor` result; the CLI's `--json` shows the extra per-browser detail too. */
export type DoctorReport = Omit<RequestResult<'doctor'>, 'browsers'> & { browsers: BrowserCheck[] };

interface CheckOptions {
  installDir: string;
  userDataDir?: string;
  platform?: NodeJS.Platform;
  home?: string;
  /** Where the system-wide manifest folders are looked up (`/`; tests use a temp folder). */
  systemRoot?: string;
}

/** The manifest path HKCU\…\<host> names, or undefined when the key is absent. */
function registryManifestPath(browser: Browser): string | undefined {
  try {
    const out = execFileSync('reg', ['query', `${WINDOWS_REGISTRY_KEYS[browser]}\\${NATIVE_HOST_NAME}`, '/ve'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return /REG_SZ\s+(.+)$/m.exec(out)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

function launcherProblem(launcher: string, platform: NodeJS.Platform): string | undefined {
  if (!isAbsolute(launcher)) return `the launcher path "${launcher}" is not absolute`;
  if (!existsSync(launcher)) return `the launcher ${launcher} is missing (run \`mailglance-bridge install\` again)`;
  if (platform === 'win32') return undefined;
  try {
    accessSync(launcher, constants.X_OK);
    return undefined;
  } catch {
    return `the launcher ${launcher} is not executable (chmod +x)`;
  }
}

/**
 * Reads one browser's manifest and says whether that browser can start the bridge. Without a
 * manifest of the user's own, a Linux browser reads the system-wide one (the Debian package's).
 */
export function checkBrowser(browser: Browser, opts: CheckOptions): BrowserCheck {
  const platform = opts.platform ?? process.platform;
  let path = manifestPath(browser, { ...opts, platform });
  let read = readHostManifest(path);
  const system = systemManifestPath(browser, platform, opts.systemRoot);
  if (!read.ok && read.missing && system !== undefined) {
    const systemRead = readHostManifest(system);
    if (systemRead.ok || !systemRead.missing) [path, read] = [system, systemRead];
  }
  const result = (status: RegistrationStatus, problems: string[], launcher?: string): BrowserCheck => ({
    browser,
    registered: status === 'registered',
    status,
    path,
    ...(launcher === undefined ? {} : { launcher }),
    problems,
  });

  if (!read.ok && read.missing) return result('not-registered', []);
  if (platform === 'win32' && !opts.userDataDir && registryManifestPath(browser) !== path) {
    return result('not-registered', [
      `no registry key ${WINDOWS_REGISTRY_KEYS[browser]}\\${NATIVE_HOST_NAME} names ${path}`,
    ]);
  }
  if (!read.ok) return result('invalid-manifest', [read.error]);

  const m = read.manifest;
  const launcher = typeof m.path === 'string' ? m.path : undefined;
  const invalid: string[] = [];
  if (m.name !== NATIVE_HOST_NAME) invalid.push(`"name" is ${JSON.stringify(m.name)}, not "${NATIVE_HOST_NAME}"`);
  if (m.type !== 'stdio') invalid.push(`"type" is ${JSON.stringify(m.type)}, not "stdio"`);
  if (launcher === undefined) invalid.push('"path" (the launcher) is missing');
  if (invalid.length) return result('invalid-manifest', invalid, launcher);

  // Exactly our ids: an extra entry would let another extension read the user's mail.
  const { key, ids } = allowList(browser);
  const allowed = m[key];
  if (JSON.stringify(allowed) !== JSON.stringify(ids)) {
    return result(
      'wrong-extension-ids',
      [`"${key}" is ${JSON.stringify(allowed) ?? 'missing'}, not ${JSON.stringify(ids)}`],
      launcher,
    );
  }
  const problem = launcherProblem(launcher as string, platform);
  return problem ? result('launcher-missing', [problem], launcher) : result('registered', [], launcher);
}

/** Everything `doctor` reports: versions, the config folder, the secret store, every browser's registration. */
export function doctorReport(
  opts: CheckOptions & { configDir: string; secretStore: 'keyring' | 'file'; configProblems?: ConfigProblem[] },
): DoctorReport {
  let configDirMode: string | undefined;
  if (existsSync(opts.configDir)) configDirMode = (statSync(opts.configDir).mode & 0o777).toString(8).padStart(4, '0');
  return {
    nodeVersion: process.version,
    bridgeVersion: BRIDGE_VERSION,
    configDir: opts.configDir,
    configDirMode,
    secretStore: opts.secretStore,
    browsers: BROWSERS.map((browser) => checkBrowser(browser, opts)),
    ...(opts.configProblems?.length ? { configProblems: opts.configProblems } : {}),
  };
}

/** What only the CLI's `doctor` shows: versions around this bridge, and sandboxed browsers. */
export interface DoctorNotes {
  /** The bridge each registered launcher starts (from installed.json beside it). */
  installed: (Installed & { launcher: string })[];
  /** The extension that last said hello; its version is the bridge version it expects. */
  extension?: ExtensionSeen;
  sandboxed: SandboxedBrowser[];
}

export function doctorNotes(
  report: DoctorReport,
  opts: { stateDir: string; home: string; systemRoot?: string },
): DoctorNotes {
  const launchers = [...new Set(report.browsers.flatMap((b) => (b.registered && b.launcher ? [b.launcher] : [])))];
  return {
    installed: launchers.flatMap((launcher) => {
      const found = installedBeside(launcher);
      return found ? [{ ...found, launcher }] : [];
    }),
    extension: lastExtension(opts.stateDir),
    sandboxed: sandboxedBrowsers({ home: opts.home, root: opts.systemRoot }),
  };
}

/** The notes as lines, with what to run when the installed bridge is not the one expected. */
export function formatNotes(report: DoctorReport, notes: DoctorNotes, updateCommand: (v: string) => string): string[] {
  const lines = notes.installed.map((i) => `installed       ${i.version} (${i.kind})  ${i.launcher}`);
  const expected = notes.extension;
  if (expected) {
    const where = expected.browser ? ` in ${expected.browser}` : '';
    lines.push(`expected        ${expected.version} (the extension${where}, last connected ${expected.at})`);
    const stale = notes.installed.filter((i) => i.version !== expected.version);
    if (stale.length) {
      lines.push(
        `warning: the installed bridge (${stale.map((i) => i.version).join(', ')}) is not the extension's version ` +
          `${expected.version}; update it: ${updateCommand(expected.version)}`,
      );
    }
  }
  for (const b of notes.sandboxed) lines.push(`warning: ${sandboxedNote(b)}`);
  return lines;
}

const STATUS_TEXT: Record<RegistrationStatus, string> = {
  registered: 'registered',
  'not-registered': 'not registered',
  'invalid-manifest': 'BROKEN manifest',
  'wrong-extension-ids': 'WRONG extension ids',
  'launcher-missing': 'launcher MISSING',
};

/** The human-readable form of a report, one line per fact. */
export function formatDoctor(report: DoctorReport): string {
  const lines = [
    `node            ${report.nodeVersion}`,
    `bridge          ${report.bridgeVersion}`,
    `config folder   ${report.configDir} (${report.configDirMode ?? 'not created yet'})`,
    `secrets         ${report.secretStore === 'keyring' ? 'OS keyring' : '0600 file in the config folder (no keyring answered)'}`,
    ...report.browsers.flatMap((b) => [
      `${b.browser.padEnd(15)} ${STATUS_TEXT[b.status]}  ${b.path}`,
      ...b.problems.map((p) => `${' '.repeat(16)}${p}`),
    ]),
  ];
  for (const p of report.configProblems ?? []) lines.push(`problem: ${p.where}: ${p.detail}`);
  if (report.configDirMode && report.configDirMode !== '0700' && process.platform !== 'win32') {
    lines.push(`warning: the config folder should be 0700 (chmod 700 "${report.configDir}")`);
  }
  return lines.join('\n');
}
