/**
 * Mailglance's fixed extension IDs. The bridge's host manifests allow exactly these.
 * Chrome derives its ID from the manifest `key` (public key, base64 DER): the first 32 hex chars
 * of sha256(DER) mapped 0-f to a-p. Firefox uses the gecko id.
 */
export const CHROME_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArVVq6gG1F7hKrL3odEgyuq4WnMNaO57s/tjoXIjbhHZ997IlnQ6ZLdATx1n7m0Bn90eP92OSzaIRlz9o1HVi5E0BSOGoIYA77MMX/fgqaVv7bAeHjJACLeUZqzrbAm3MRK8b0NRyUn6iznpKBRg6aaHipuvsT5O860WIGAzFPQRhwEdxhssayI+OGrMxlCo7BOcDoMAgXiTMVIOOpOMM+kyt/SPIsO6cLIf89EGBRyEccyPKsut8GkPRuVBkqc1ml+MXj/RguV0WFQTCF63YtQu5C/MudjLCzHKvfdDtWrqWGW6hbsQWyWsZXcXJfCwh4Ejr5Wd70d73xpj7qOkgdQIDAQAB';
export const CHROME_EXTENSION_ID = 'gigalejdpklmfnffgcfghkpapkidkecl';
export const FIREFOX_EXTENSION_ID = 'mailglance@mailglance.dev';
/** Fixed internal UUID used by tests (pref extensions.webextensions.uuids) for moz-extension:// URLs. */
export const FIREFOX_TEST_UUID = '50904bfb-dceb-4e98-af32-94ec6890ef2b';
