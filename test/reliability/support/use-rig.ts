/** The set-up every reliability file shares: a rig for the file, its tallies written at the end. */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { requireDovecot } from '../../harness/dovecot';
import { BRIDGE_BUNDLE, CHROME_BUILD, requireBuilt } from '../../support/built';
import { CHROMIUM, requireProgram } from '../../support/require-tool';
import { Rig, type RigAccount } from './rig';
import { Tallies, type FaultTally } from './results';

/** Whether the suite can run; throws under CI=true when Chromium or Dovecot is missing. */
export const canRun = (): boolean =>
  requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') && requireDovecot();

/**
 * Starts a rig before the file's tests (accounts for `users`, each with `seeded` unread messages)
 * and waits until its badge matches the server; closes it and writes the file's tallies after.
 */
export function useRig(part: string, users: string[], seeded: number): { rig: () => Rig; tallies: Tallies } {
  const tallies = new Tallies();
  let rig: Rig | undefined;
  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, BRIDGE_BUNDLE);
    rig = await Rig.start(CHROMIUM!, users, seeded);
    const settled = await rig.waitRecovered(performance.now(), 90_000);
    if (!settled.ok) throw new Error(`the rig never settled: ${settled.last}`);
  });
  afterAll(async () => {
    tallies.write(inject('reliabilityParts'), part);
    await rig?.close();
  });
  return {
    tallies,
    rig: () => {
      if (!rig) throw new Error('rig not started');
      return rig;
    },
  };
}

/** The two accounts in turn, so both see every kind of fault. */
export function pair(rig: Rig, i: number): [RigAccount, RigAccount] {
  const [x, y] = rig.accounts;
  return i % 2 ? [y, x] : [x, y];
}

/** Every run recovered in time, with nothing duplicated, missed or lost. */
export function expectClean(t: FaultTally): void {
  expect(t.problems).toEqual([]);
  expect(t.recovered).toBe(t.runs);
}
