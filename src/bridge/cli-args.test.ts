import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../protocol/extension-ids';
import { isBrowserLaunch, parseInvocation } from './cli-args';
import { UsageError } from './commands/exit-codes';

const ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}/`;

describe('isBrowserLaunch', () => {
  it("knows Chrome's origin and Firefox's manifest path + add-on id", () => {
    expect(isBrowserLaunch([ORIGIN])).toBe(true);
    expect(isBrowserLaunch([ORIGIN, '--parent-window=12'])).toBe(true);
    expect(isBrowserLaunch(['/home/u/.mozilla/native-messaging-hosts/x.json', FIREFOX_EXTENSION_ID])).toBe(true);
    expect(isBrowserLaunch(['/x.json', '{8a4b9c1e-0000-4000-8000-000000000000}'])).toBe(true);
  });

  it('is not fooled by any .json argument or a malformed origin', () => {
    expect(isBrowserLaunch(['settings.json'])).toBe(false);
    expect(isBrowserLaunch(['settings.json', 'doctor'])).toBe(false);
    expect(isBrowserLaunch(['chrome-extension://evil/'])).toBe(false);
    expect(isBrowserLaunch([])).toBe(false);
  });
});

describe('parseInvocation', () => {
  it('finds host mode with the launcher’s options and the browser’s arguments after them', () => {
    expect(parseInvocation(['host', '--config-dir', '/c', ORIGIN])).toEqual({
      kind: 'host',
      configDir: '/c',
      installDir: undefined,
    });
    expect(parseInvocation([ORIGIN]).kind).toBe('host');
  });

  it('hands account its own flags, global options removed wherever they are', () => {
    expect(parseInvocation(['--config-dir', '/c', 'account', 'add', '--host', 'h', '--install-dir=/i'])).toEqual({
      kind: 'account',
      args: ['add', '--host', 'h'],
      configDir: '/c',
      help: false,
    });
    expect(parseInvocation(['account', 'add', '-h'])).toMatchObject({ kind: 'account', help: true });
  });

  it('parses install strictly', () => {
    expect(parseInvocation(['install', '--browser', 'firefox,chrome'])).toMatchObject({
      kind: 'command',
      command: 'install',
      values: { browser: 'firefox,chrome', json: false },
    });
    for (const argv of [
      ['install', '--browsr', 'firefox'],
      ['install', '--browser'],
      ['install', '--browser', '--install-dir', '/i'],
      ['install', 'firefox'],
      ['doctor', '--browser', 'x'],
      ['frobnicate'],
      ['account', 'list', '--config-dir'],
    ]) {
      expect(() => parseInvocation(argv), argv.join(' ')).toThrow(UsageError);
    }
    expect(() => parseInvocation(['install', '--browsr', 'x'])).toThrow('unknown option --browsr for install');
    expect(() => parseInvocation(['install', '--browser'])).toThrow('--browser needs a value');
  });
});
