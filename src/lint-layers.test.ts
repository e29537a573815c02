/**
 * The layers of docs/architecture.md are enforced by ESLint (`layers` in eslint.config.js): an
 * import that crosses one fails `npm run lint`. Each case lints a one-line fixture as if it were a
 * file at `path`, with the repository's own config.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The no-restricted-imports messages ESLint reports for `import` of `from` in a file at `path`. */
async function layerErrors(path: string, from: string): Promise<string[]> {
  const code = `import { value } from '${from}';\nexport const copy = value;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers the linter enforces', () => {
  // The first lint loads the config and the TypeScript parser: seconds on a loaded machine.
  beforeAll(() => layerErrors('src/store/fixture.ts', '../protocol'), 60_000);

  it.each([
    ['src/protocol/fixture.ts', '../store/db'],
    ['src/store/fixture.ts', '../background/engine'],
    ['src/store/fixture.ts', '../messaging/client'],
    ['src/messaging/fixture.ts', '../background/engine'],
    ['src/ui/popup/fixture.ts', '../../background/bridge-client'],
    ['src/ui/popup/fixture.ts', '../../bridge/log'],
    ['src/background/fixture.ts', '../bridge/accounts/defaults'],
    ['entrypoints/fixture.ts', '../src/bridge/log'],
    ['src/bridge/imap/fixture.ts', '../../store/db'],
    ['src/bridge/fixture.ts', '../ui/format'],
  ])('%s may not import %s', async (path, from) => {
    const errors = await layerErrors(path, from);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('docs/architecture.md');
  });

  it.each([
    ['src/store/fixture.ts', '../protocol/model'],
    ['src/messaging/fixture.ts', '../store/db'],
    ['src/ui/popup/fixture.ts', '../../messaging/bridge-status'],
    ['src/background/fixture.ts', '../store/queries'],
    ['src/bridge/imap/fixture.ts', '../../protocol'],
    ['src/bridge/imap/fixture.ts', '../accounts/driver'],
  ])('%s may import %s', async (path, from) => {
    expect(await layerErrors(path, from)).toEqual([]);
  });
});
