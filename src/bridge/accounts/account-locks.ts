/**
 * Ordering for the account manager's writes. Work on one account (update, remove) runs after
 * earlier work on that account only, so removing a stuck account never holds up another's edit.
 * Work on every account (reconcile) waits for all of it, and later per-account work waits for
 * the reconcile: a reconcile never sees an update half done.
 */
const settle = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    () => undefined,
  );

export class AccountLocks {
  private barrier: Promise<void> = Promise.resolve();
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `job` after earlier jobs for `accountId` and after any earlier `forAll` job. */
  forAccount<T>(accountId: string, job: () => Promise<T>): Promise<T> {
    const before = Promise.all([this.barrier, this.tails.get(accountId)]);
    const result = before.then(job);
    const tail = settle(result);
    this.tails.set(accountId, tail);
    void tail.then(() => {
      if (this.tails.get(accountId) === tail) this.tails.delete(accountId);
    });
    return result;
  }

  /** Runs `job` after every job queued so far, and before any queued after it. */
  forAll<T>(job: () => Promise<T>): Promise<T> {
    const result = Promise.all([this.barrier, ...this.tails.values()]).then(job);
    this.barrier = settle(result);
    return result;
  }
}
