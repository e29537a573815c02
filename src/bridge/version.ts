/** The bridge's own version, injected by the bundler from package.json (falls back in tests). */
declare const __BRIDGE_VERSION__: string | undefined;
export const BRIDGE_VERSION: string = typeof __BRIDGE_VERSION__ === 'string' ? __BRIDGE_VERSION__ : '0.0.0-dev';
