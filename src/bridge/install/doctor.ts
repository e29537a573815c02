/** `doctor`: what a user (or the options page) needs to see to fix a broken setup. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestResult } from '../../protocol';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { BRIDGE_VERSION } from '../version';
import { BROWSERS, manifestDir } from './host-locations';

export type DoctorReport = RequestResult<'doctor'>;

export function doctorReport(opts: {
  configDir: string;
  installDir: string;
  secretStore: 'keyring' | 'file';
  userDataDir?: string;
}): DoctorReport {
  let configDirMode: string | undefined;
  if (existsSync(opts.configDir)) configDirMode = (statSync(opts.configDir).mode & 0o777).toString(8).padStart(4, '0');
  return {
    nodeVersion: process.version,
    bridgeVersion: BRIDGE_VERSION,
    configDir: opts.configDir,
    configDirMode,
    secretStore: opts.secretStore,
    browsers: BROWSERS.map((browser) => {
      const path = join(manifestDir(browser, opts), `${NATIVE_HOST_NAME}.json`);
      return { browser, registered: existsSync(path), path };
    }),
  };
}

export function formatDoctor(report: DoctorReport): string {
  const lines = [
    `node            ${report.nodeVersion}`,
    `bridge          ${report.bridgeVersion}`,
    `config folder   ${report.configDir} (${report.configDirMode ?? 'not created yet'})`,
    `secrets         ${report.secretStore === 'keyring' ? 'OS keyring' : '0600 file in the config folder (no keyring answered)'}`,
    ...report.browsers.map(
      (b) => `${b.browser.padEnd(15)} ${b.registered ? 'registered' : 'not registered'}  ${b.path}`,
    ),
  ];
  if (report.configDirMode && report.configDirMode !== '0700' && process.platform !== 'win32') {
    lines.push(`warning: the config folder should be 0700 (chmod 700 "${report.configDir}")`);
  }
  return lines.join('\n');
}
