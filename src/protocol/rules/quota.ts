/** When a mailbox counts as nearly full: the badge and the popup's banner both use this. */

/** A mailbox above this share of its quota gets a warning. */
export const QUOTA_WARNING_RATIO = 0.9;

/** Whether `usage` of `limit` (bytes, or a ratio when `limit` is omitted) deserves a warning. */
export function quotaNearFull(usage: number | undefined, limit = 1): boolean {
  return usage !== undefined && limit > 0 && usage / limit > QUOTA_WARNING_RATIO;
}
