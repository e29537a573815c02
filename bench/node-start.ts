/**
 * The floor for bridge start: how long Node itself takes from spawn to its first stdout byte
 * (`node -e "process.stdout.write('x')"`), on this machine, now. Whatever the bridge takes beyond
 * this to answer `hello` is loading and running our bundle.
 *
 * On its own: `node --import tsx bench/node-start.ts` prints 10 samples and their median.
 */
import { spawn } from 'node:child_process';
import { isMain } from './raw-imap';
import { median, round } from './stats';

/** ms from spawn to the first byte on stdout of a Node that prints one byte and exits. */
export function nodeStart(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', "process.stdout.write('x')"], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => resolve(round(performance.now() - t0)));
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`node -e exited ${code}`)));
  });
}

if (isMain(import.meta.url)) {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) samples.push(await nodeStart());
  console.log({ medianMs: median(samples), samples });
}
