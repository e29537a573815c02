/**
 * The ways to install the bridge on an operating system, best first, with the exact command for
 * this release: the Debian package and the standalone executable need no Node; the pinned npx
 * command is for people who have Node (docs/standalone-bridge.md).
 */
import { npxBridgeCommand, RELEASE_VERSION } from '../../protocol/release';
import { debFileName, standaloneArchive } from '../../protocol/release-files';

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

/**
 * `arch` is `runtime.getPlatformInfo().arch`: Chrome says `arm64`, Firefox `aarch64` for Apple
 * silicon; anything else on a Mac is taken as Intel.
 */
export function installOptions(os: Os, arch = 'x86-64', release: string = RELEASE_VERSION): InstallOption[] {
  const npx: InstallOption = { id: 'npx', command: npxBridgeCommand('install', release) };
  switch (os) {
    case 'linux': {
      const archive = standaloneArchive('linux-x64', release);
      return [
        { id: 'deb', file: debFileName(release), command: `sudo apt install ./${debFileName(release)}` },
        { id: 'standalone', file: archive, command: `tar xzf ${archive} && ./linux-x64/mailglance-bridge install` },
        npx,
      ];
    }
    case 'win': {
      const archive = standaloneArchive('win-x64', release);
      // PowerShell: Expand-Archive keeps the archive's win-x64 folder.
      const command = `Expand-Archive ${archive} -DestinationPath .; .\\win-x64\\mailglance-bridge.exe install`;
      return [{ id: 'standalone', file: archive, command }, npx];
    }
    case 'mac': {
      const target = arch === 'arm64' || arch === 'aarch64' ? 'darwin-arm64' : 'darwin-x64';
      const archive = standaloneArchive(target, release);
      return [
        { id: 'standalone', file: archive, command: `tar xzf ${archive} && ./${target}/mailglance-bridge install` },
        npx,
      ];
    }
    case 'other':
      return [npx];
  }
}
