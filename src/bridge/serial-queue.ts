/**
 * Runs async jobs one at a time, in order. POP3 locks the maildrop for the length of a session
 * (RFC 1939 §8), so every session of an account goes through one queue; the account manager
 * serializes its updates, removals and reconciles the same way.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Run `job` after every job queued before it has settled. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything queued so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
