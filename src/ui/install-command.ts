import { npxBridgeCommand } from '../protocol/release';

/** The exact, version-pinned command that installs the bridge as a native host for every supported browser. */
export const INSTALL_COMMAND = npxBridgeCommand('install');
