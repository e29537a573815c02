/**
 * The push health a running driver found, kept in the account's state folder so that
 * `account test` — from the extension, or from the CLI in another process — can show it. A stale
 * or unreadable record is simply not shown.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { PushHealth } from '../../protocol';

const Record = v.object({ health: PushHealth, at: v.pipe(v.string(), v.maxLength(40)) });
export type PushRecord = v.InferOutput<typeof Record>;

const file = (stateDir: string) => join(stateDir, 'push.json');

/** Remember `health` for the account whose state folder is `stateDir`; never throws. */
export function writePushRecord(stateDir: string, health: PushHealth): void {
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    writeFileSync(file(stateDir), JSON.stringify({ health, at: new Date().toISOString() }), { mode: 0o600 });
  } catch {
    // Only a report for `account test`: the driver works the same without it.
  }
}

/** The last remembered push health, if any. */
export function readPushRecord(stateDir: string): PushRecord | undefined {
  try {
    const parsed = v.safeParse(Record, JSON.parse(readFileSync(file(stateDir), 'utf8')));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}
