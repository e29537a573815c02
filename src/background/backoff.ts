/**
 * Exponential backoff with full jitter (aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter):
 * attempt 0 waits up to `baseMs`, each further attempt doubles the ceiling up to `maxMs`.
 */
export function backoffDelay(attempt: number, baseMs = 500, maxMs = 30_000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
