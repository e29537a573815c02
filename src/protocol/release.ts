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
