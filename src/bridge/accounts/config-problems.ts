/**
 * Everything wrong with the bridge's own files, for `hello`, `doctor` and the CLI: a damaged
 * accounts.json or secrets.json (AccountStore), a config folder the bridge cannot write, a `logs`
 * path that is not a folder. Reported as data so the extension can still run `doctor` and show
 * it; the bridge keeps running on whatever it can read.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MAX_CONFIG_PROBLEMS, type ConfigProblem } from '../../protocol';
import { bridgePaths } from '../paths';
import type { AccountStore } from './account-store';

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/** The config folder must be writable (saving accounts, state); `logs` must be a writable folder. */
export function folderProblems(configDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  try {
    accessSync(configDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    // Not there yet is fine: the first save creates it.
    if (errno(error) !== 'ENOENT')
      problems.push({ where: 'config folder', detail: `${configDir} cannot be written (${errno(error)})` });
  }
  const logs = dirname(bridgePaths(configDir).logFile);
  try {
    if (!statSync(logs).isDirectory())
      problems.push({ where: 'logs', detail: `${logs} is not a folder: the bridge writes no log` });
    else accessSync(logs, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (errno(error) !== 'ENOENT')
      problems.push({ where: 'logs', detail: `${logs} cannot be written (${errno(error)}): the bridge writes no log` });
  }
  return problems.map((p) => ({ ...p, detail: p.detail.slice(0, 300) }));
}

/** Every config problem of the folder `store` lives in. */
export function configProblems(store: AccountStore): ConfigProblem[] {
  return [...store.problems(), ...folderProblems(dirname(store.file))];
}

/** The problems as the protocol carries them: at most MAX_CONFIG_PROBLEMS, absent when none. */
export function boundedProblems(problems: ConfigProblem[]): ConfigProblem[] | undefined {
  return problems.length ? problems.slice(0, MAX_CONFIG_PROBLEMS) : undefined;
}
