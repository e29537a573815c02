/**
 * Account ids name a folder under `<config>/state/` (POP3 read state, header cache) and key the
 * secret store, so one read from accounts.json must never reach outside that folder: no ".", "/"
 * or "\\", no empty or huge id. The bridge makes UUIDs; anything else in the file is damage.
 */
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isValidAccountId(id: string): boolean {
  return ACCOUNT_ID.test(id);
}
