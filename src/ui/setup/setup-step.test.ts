import { describe, expect, it } from 'vitest';
import { version } from '../../../package.json';
import type { BridgeStatus } from '../../messaging/bridge-status';
import { installOptions, osOf } from './install-options';
import { setupStep } from './setup-step';

const connected: BridgeStatus = {
  state: 'connected',
  bridgeVersion: version,
  protocolVersion: 1,
  capabilities: [],
  secretStore: 'file',
};

describe('setupStep', () => {
  it('waits for the bridge, then an account, then is done', () => {
    expect(setupStep(undefined, 0)).toBe('bridge');
    expect(setupStep({ state: 'missing' }, 3)).toBe('bridge');
    expect(setupStep({ state: 'reconnecting', retryInMs: 500 }, 0)).toBe('bridge');
    expect(setupStep(connected, 0)).toBe('account');
    expect(setupStep(connected, 1)).toBe('done');
  });

  it('an older bridge needs an update, a newer one needs a newer extension', () => {
    expect(setupStep({ state: 'incompatible', detail: 'refused' }, 0)).toBe('update-bridge');
    expect(setupStep({ state: 'incompatible', detail: 'old', bridgeProtocol: 0 }, 0)).toBe('update-bridge');
    expect(setupStep({ state: 'incompatible', detail: 'new', bridgeProtocol: 2 }, 0)).toBe('update-extension');
  });
});

describe('installOptions', () => {
  it('offers the Debian package first on Linux, the executable on Windows and macOS, always the pinned npx', () => {
    expect(installOptions('linux').map((o) => o.id)).toEqual(['deb', 'standalone', 'npx']);
    expect(installOptions('linux')[0]!.command).toBe(`sudo apt install ./mailglance-bridge_${version}_amd64.deb`);
    expect(installOptions('linux')[1]!.command).toBe(
      `tar xzf mailglance-bridge-${version}-linux-x64.tar.gz && ./linux-x64/mailglance-bridge install`,
    );
    expect(installOptions('win').map((o) => o.file)).toEqual([`mailglance-bridge-${version}-win-x64.zip`, undefined]);
    expect(installOptions('mac', 'aarch64')[0]!.file).toBe(`mailglance-bridge-${version}-darwin-arm64.tar.gz`);
    expect(installOptions('mac', 'x86-64')[0]!.command).toContain('./darwin-x64/mailglance-bridge install');
    expect(installOptions('mac').at(-1)!.command).toBe(`npx mailglance-bridge@${version} install`);
    expect(installOptions(osOf('openbsd')).map((o) => o.id)).toEqual(['npx']);
  });
});
