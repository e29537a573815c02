import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors';
import { Events, REQUEST_TYPES } from '../../protocol/messages';
import { handlers } from '.';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

/** True when `name` opens a row of one of the doc's tables (Prettier pads the cells). */
function documented(name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\|\\s*\`${escaped}\`\\s*\\|`, 'm').test(doc);
}

describe('protocol coverage', () => {
  it.each(REQUEST_TYPES)('request %s has a handler and a documented entry', (type) => {
    expect(typeof handlers[type]).toBe('function');
    expect(documented(type)).toBe(true);
  });

  it.each(Object.keys(Events))('event %s is documented', (type) => {
    expect(documented(type)).toBe(true);
  });

  it.each(Object.values(ErrorCode))('error code %s is documented', (code) => {
    expect(documented(code)).toBe(true);
  });

  it('would notice an undocumented name', () => {
    expect(documented('mailbox.frobnicate')).toBe(false);
  });

  it('has no handler for a type the protocol lacks', () => {
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_TYPES].sort());
  });
});
