/**
 * A jsdom window for component tests, installed on import. Import this FIRST in a test file
 * (before @testing-library/preact, whose `screen` binds to `document.body` when loaded).
 *
 * Why not `// @vitest-environment jsdom`: the unit project runs WXT's setup file, which loads
 * esbuild, and esbuild refuses to load when the global `Uint8Array` is not the one Node's
 * `TextEncoder` returns — which is the case under vitest's jsdom environment (it installs jsdom's
 * own `Uint8Array`). So tests stay in the node environment and get the same jsdom globals here,
 * with Node's `Uint8Array` put back.
 */
import { afterEach } from 'vitest';
import { builtinEnvironments } from 'vitest/runtime';

const NodeUint8Array = Uint8Array;
const global = globalThis as unknown as Record<string, unknown>;
// No teardown: each test file runs in its own isolated context, and tearing the window down
// while Preact still has animation-frame callbacks queued only produces noise.
await builtinEnvironments.jsdom.setup(global, { jsdom: { url: 'http://localhost:3000/' } });
global.Uint8Array = NodeUint8Array;

// @testing-library cleans up after each test only when vitest globals are on; they are not here.
afterEach(async () => {
  const { cleanup } = await import('@testing-library/preact');
  cleanup();
});
