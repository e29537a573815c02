/**
 * The files a release publishes besides the npm package, as the setup page names them. Apart
 * from release.ts so that pages needing only the install command (the popup) do not carry them.
 */
import { RELEASE_VERSION } from './release';

/**
 * Where people download the standalone bridge and the Debian package for this release (the
 * release page the executables are attached to, docs/release-checklist.md). Unset until the
 * project publishes one: the setup page then shows the file names and commands without a link.
 */
export const RELEASE_PAGE_URL: string | undefined = undefined;

/** The Debian package's file name for a release (scripts/build-deb.mjs). */
export const debFileName = (release: string = RELEASE_VERSION) => `mailglance-bridge_${release}_amd64.deb`;

/** The platforms a standalone bridge is built for (scripts/build-sea.mjs). */
export type StandaloneTarget = 'linux-x64' | 'win-x64' | 'darwin-x64' | 'darwin-arm64';

/** The release archive of one platform's standalone bridge: one folder named for the target inside. */
export const standaloneArchive = (target: StandaloneTarget, release: string = RELEASE_VERSION) =>
  `mailglance-bridge-${release}-${target}.${target.startsWith('win') ? 'zip' : 'tar.gz'}`;
