/**
 * Sending drafts: a send is queued in IndexedDB first (the draft itself, `queued`, with its
 * Message-ID and Date fixed), goes to the bridge when it is there, and is marked `sent` only when
 * the bridge says the server took it. A retryable failure (bridge or server away) keeps it
 * queued and it goes on the next connect or watchdog tick; the same Message-ID on every try lets
 * the bridge refuse to send twice (docs/protocol.md "Sending"). Drafts are sent one at a time.
 */
import { draftToParams, type DraftProblem } from '../messaging/draft-params';
import { ErrorCode } from '../protocol/errors';
import { backoffDelay } from '../protocol/rules/backoff';
import type { UncertainChoice } from '../protocol/send';
import type * as v from 'valibot';
import type { MailDb } from '../store/db';
import { getDraft, listDrafts, updateDraft, type DraftRecord } from '../store/drafts';
import { getAccounts } from '../store/queries';
import type { StoreName } from '../store/schema';
import type { BridgeApi } from './bridge-api';

export interface SendQueueOptions {
  db: () => Promise<MailDb>;
  bridge: BridgeApi;
  onChange: (stores: StoreName[]) => void;
  /** Timer for retries after a retryable failure (setTimeout; tests pass their own). */
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/** Sent drafts stay this long so an open popup can say "Sent"; then they are dropped. */
const KEEP_SENT_MS = 10 * 60_000;

function describe(problem: DraftProblem): string {
  switch (problem.kind) {
    case 'invalidAddress':
      return `not an e-mail address in ${problem.field}: ${problem.value}`;
    case 'noRecipient':
      return 'no recipient';
    case 'tooManyRecipients':
      return 'too many recipients';
    case 'noSender':
      return 'the account has no sender address: set one in its settings';
    case 'forwardOtherAccount':
      return 'a forward with attachments goes from the account that received the original';
    case 'invalid':
      return problem.message;
  }
}

export class SendQueue {
  private running: Promise<void> | undefined;
  private again = false;
  /** Retryable failures in a row per draft: the backoff step of its next retry. */
  private readonly failures = new Map<string, number>();
  private retryTimer: unknown;

  constructor(private readonly options: SendQueueOptions) {}

  /** Queues a draft and tries it now; resolves with the draft after the try. */
  async send(draftId: string, uncertain?: v.InferOutput<typeof UncertainChoice>): Promise<DraftRecord | undefined> {
    const db = await this.options.db();
    const draft = await getDraft(draftId, db);
    if (!draft) return undefined;
    const account = (await getAccounts(db)).find((a) => a.id === draft.accountId);
    const built = account ? draftToParams(draft, account) : undefined;
    if (!built || 'problems' in built) {
      const message = built ? built.problems.map(describe).join('; ') : 'the account is gone';
      return this.set(draftId, { status: 'failed', error: { code: ErrorCode.BadRequest, message, retryable: false } });
    }
    await this.set(draftId, (d) => ({
      status: 'queued',
      messageId: d.messageId ?? built.params.messageId,
      date: d.date ?? built.params.date,
      error: undefined,
    }));
    await this.attempt(draftId, uncertain);
    return getDraft(draftId, db);
  }

  /** Tries every queued draft (after a reconnect, on the watchdog), and drops old sent ones. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const db = await this.options.db();
        for (const draft of await listDrafts(db)) {
          // `sending` here means a worker stopped mid-try: the bridge's record decides.
          if (draft.status === 'queued' || draft.status === 'sending') await this.attempt(draft.id);
          else if (draft.status === 'sent' && Date.now() - draft.updatedAt > KEEP_SENT_MS)
            await db.delete('drafts', draft.id);
        }
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async attempt(draftId: string, uncertain?: v.InferOutput<typeof UncertainChoice>): Promise<void> {
    const db = await this.options.db();
    const draft = await getDraft(draftId, db);
    const account = draft && (await getAccounts(db)).find((a) => a.id === draft.accountId);
    if (!draft || !account || !draft.messageId) return;
    const built = draftToParams(draft, account);
    if ('problems' in built) return;
    if (!this.options.bridge.isConnected) {
      await this.set(draftId, {
        status: 'queued',
        error: { code: ErrorCode.ConnectionFailed, message: 'waiting for the bridge', retryable: true },
      });
      return;
    }
    await this.set(draftId, { status: 'sending' });
    try {
      const result = await this.options.bridge.request('message.send', {
        ...built.params,
        ...(uncertain ? { uncertain } : {}),
      });
      this.failures.delete(draftId);
      await this.set(draftId, {
        status: 'sent',
        error: undefined,
        result: {
          sentCopy: result.sentCopy,
          alreadySent: result.alreadySent,
          ...(result.attachmentsLeftOut ? { attachmentsLeftOut: result.attachmentsLeftOut } : {}),
          ...(result.copyDetail ? { copyDetail: result.copyDetail } : {}),
        },
      });
      // The answered message's \Answered and the Sent folder arrive through the usual sync.
    } catch (e) {
      const err = e as { code?: string; message?: string; retryable?: boolean };
      const error = {
        code: err.code ?? ErrorCode.Internal,
        message: err.message ?? String(e),
        retryable: err.retryable === true,
      };
      const status =
        error.code === ErrorCode.SendUncertain ? 'uncertain' : error.retryable ? 'queued' : ('failed' as const);
      await this.set(draftId, { status, error });
      if (status === 'queued') this.scheduleRetry(draftId);
    }
  }

  /**
   * A server that refused for now (unreachable, 4xx) gets the draft again after a backoff, not
   * only on the next reconnect of the bridge: the bridge may be connected all along.
   */
  private scheduleRetry(draftId: string): void {
    const n = this.failures.get(draftId) ?? 0;
    this.failures.set(draftId, n + 1);
    if (this.retryTimer !== undefined) return;
    const delay = backoffDelay(n, { baseMs: 2_000, maxMs: 5 * 60_000 });
    this.retryTimer = (this.options.setTimer ?? setTimeout)(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delay);
  }

  private async set(
    draftId: string,
    change: Partial<DraftRecord> | ((d: DraftRecord) => Partial<DraftRecord>),
  ): Promise<DraftRecord | undefined> {
    const next = await updateDraft(
      draftId,
      typeof change === 'function' ? change : () => change,
      await this.options.db(),
    );
    this.options.onChange(['drafts']);
    return next;
  }
}
