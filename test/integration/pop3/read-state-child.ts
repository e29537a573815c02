/**
 * A second process touching the POP3 read state, run with `node --import tsx` by
 * read-state-processes.test.ts:
 *   mark <stateDir> <prefix> <n>  print "ready", wait for a line on stdin, mark n UIDLs read at once
 *   hold <lockPath>               take the lock, print "locked", and keep it until killed
 */
import { createInterface } from 'node:readline';
import { withFileLock } from '../../../src/bridge/pop3/file-lock';
import { ReadState } from '../../../src/bridge/pop3/read-state';

const [command, target, prefix, count] = process.argv.slice(2);

if (command === 'mark') {
  const state = new ReadState(target);
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  // The parent starts both processes' marks with one line, so their writes overlap.
  await new Promise((resolve) => lines.once('line', resolve));
  lines.close();
  await Promise.all(Array.from({ length: Number(count) }, (_, i) => state.set(`${prefix}${i}`, true)));
  process.stdout.write('done\n');
} else if (command === 'hold') {
  await withFileLock(target, () => {
    process.stdout.write('locked\n');
    return new Promise<never>(() => setInterval(() => undefined, 1_000));
  });
} else {
  throw new Error(`unknown command ${command}`);
}
