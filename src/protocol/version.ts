/**
 * Protocol version spoken between the extension and the bridge. Bump it only for changes an
 * older peer cannot ignore; both sides compare this number in `hello`, never app versions.
 */
export const PROTOCOL_VERSION = 1;

/** Native messaging host name, the same in every browser's host manifest. */
export const NATIVE_HOST_NAME = 'dev.mailglance.bridge';

/**
 * Chrome refuses a host-to-browser message above 1 MB and drops the port
 * (developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host-protocol).
 * The bridge enforces this limit itself so the error is clear instead of a silent disconnect.
 */
export const MAX_HOST_MESSAGE_BYTES = 1024 * 1024;

/** Browser-to-host messages may be up to 64 MiB (ibid.); we accept far less. */
export const MAX_BROWSER_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Capabilities a bridge may announce in `hello`. */
export const BRIDGE_CAPABILITIES = ['imap', 'pop3', 'idle', 'notify', 'autodetect', 'oauth', 'smtp'] as const;
export type BridgeCapability = (typeof BRIDGE_CAPABILITIES)[number];

/** Where the bridge keeps secrets: the OS keyring when one answers, else a 0600 file. */
export const SECRET_STORE_KINDS = ['keyring', 'file'] as const;
export type SecretStoreKind = (typeof SECRET_STORE_KINDS)[number];
