/**
 * Where a stored password goes: host, port, security, user and pinned certificate together. A
 * change to any of them may point the account at another server, and the bridge would log in
 * there with the password it holds. So `account.update` refuses such a change without the
 * password (docs/protocol.md, "Changing where a password goes"), and the options form asks for it.
 * One rule for both sides, so the form never lets through what the bridge refuses.
 */
export interface PasswordTarget {
  host: string;
  port?: number;
  security?: string;
  user: string;
  pinnedCert?: string;
  /** Outgoing server: without a secret of its own it logs in with the incoming password. */
  smtp?: { host?: string; port?: number; security?: string; user?: string };
}

/** Compares fingerprints as the bridge does: hex digits only, case-insensitive ("SHA256:", colons dropped). */
const fingerprint = (fp: string | undefined) =>
  (fp ?? '')
    .replace(/^sha-?256:/i, '')
    .replace(/[^0-9a-f]/gi, '')
    .toLowerCase();

/**
 * True when `after` may send the password somewhere `before` did not. Both must have their
 * defaults filled in (port, security) or be compared on the same footing; hosts compare
 * trimmed and case-insensitively (RFC 4343 §2), user names exactly.
 */
export function passwordTargetChanged(before: PasswordTarget, after: PasswordTarget): boolean {
  return (
    before.host.trim().toLowerCase() !== after.host.trim().toLowerCase() ||
    before.port !== after.port ||
    before.security !== after.security ||
    before.user !== after.user ||
    fingerprint(before.pinnedCert) !== fingerprint(after.pinnedCert) ||
    smtpTarget(before.smtp) !== smtpTarget(after.smtp)
  );
}

const smtpTarget = (smtp: PasswordTarget['smtp']) =>
  JSON.stringify([smtp?.host?.trim().toLowerCase() || '', smtp?.port ?? 0, smtp?.security ?? '', smtp?.user ?? '']);
