import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors';
import { Events, REQUEST_TYPES } from '../../protocol/messages';
import { handlers } from '.';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

describe('protocol coverage', () => {
  it.each(REQUEST_TYPES)('request %s has a handler and a documented entry', (type) => {
    expect(typeof handlers[type]).toBe('function');
    expect(doc).toContain(`| \`${type}\` |`);
  });

  it.each(Object.keys(Events))('event %s is documented', (type) => {
    expect(doc).toContain(`| \`${type}\` |`);
  });

  it.each(Object.values(ErrorCode))('error code %s is documented', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });

  it('has no handler for a type the protocol lacks', () => {
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_TYPES].sort());
  });
});
