/**
 * The ways to install the bridge on an operating system, best first, with the exact command for
 * this release: the Debian package and the standalone executable need no Node; the pinned npx
 * command is for people who have Node (docs/standalone-bridge.md).
 */
import { debFileName, npxBridgeCommand, RELEASE_VERSION } from '../../protocol/release';

export type Os = 'linux' | 'win' | 'mac' | 'other';

export interface InstallOption {
  id: 'deb' | 'standalone' | 'npx';
  /** The file to download, when there is one. */
  file?: string;
  command: string;
}

/** `runtime.getPlatformInfo().os` to our four cases. */
export function osOf(platformOs: string): Os {
  if (platformOs === 'linux' || platformOs === 'win' || platformOs === 'mac') return platformOs;
  return 'other';
}

export function installOptions(os: Os, release: string = RELEASE_VERSION): InstallOption[] {
  const npx: InstallOption = { id: 'npx', command: npxBridgeCommand('install', release) };
  switch (os) {
    case 'linux':
      return [
        { id: 'deb', file: debFileName(release), command: `sudo apt install ./${debFileName(release)}` },
        {
          id: 'standalone',
          file: 'mailglance-bridge',
          command: 'chmod +x mailglance-bridge && ./mailglance-bridge install',
        },
        npx,
      ];
    case 'win':
      return [{ id: 'standalone', file: 'mailglance-bridge.exe', command: '.\\mailglance-bridge.exe install' }, npx];
    case 'mac':
      return [{ id: 'standalone', file: 'mailglance-bridge', command: './mailglance-bridge install' }, npx];
    case 'other':
      return [npx];
  }
}
