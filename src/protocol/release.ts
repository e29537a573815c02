/**
 * The release version and the npm package of the bridge. package.json's `version` is the one
 * source: the extension's manifest, the bridge's `--version` and `hello`, the packed npm package
 * and every install command the extension shows come from it.
 */
import { version } from '../../package.json';

export const RELEASE_VERSION: string = version;

/** The npm package that carries the bridge (built by scripts/pack-bridge.mjs). */
export const BRIDGE_NPM_PACKAGE = 'mailglance-bridge';

/**
 * `npx mailglance-bridge@<exact version> <args>`: pinned, so npx never resolves a different (or
 * someone else's) release than the one this extension was built with.
 */
export function npxBridgeCommand(args: string, release: string = RELEASE_VERSION): string {
  return `npx ${BRIDGE_NPM_PACKAGE}@${release} ${args}`;
}

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
