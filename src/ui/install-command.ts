/** The exact command that installs the bridge as a native host for every supported browser. */
export const INSTALL_COMMAND = 'npx mailglance-bridge install';
