/**
 * Benchmark 6: 1,000 messages delivered by several dovecot-lda processes at once → time until the
 * badge holds the exact total (read from its tooltip, since the text caps at `999+`), and how
 * many notifications the user was shown for it.
 */
import { SUMMARY_ID } from '../src/background/notifications';
import { buildMessage } from '../test/harness/mail-factory';
import {
  clearNotifications,
  createdNotifications,
  notificationIds,
  recordNotifications,
} from '../test/support/mail-browser';
import { badgeTitle, waitForTotal } from './common';
import { USER, type BenchBrowser } from './mail-browser';
import { round } from './stats';

/** Times from the first LDA spawn (ms) and the notifications the burst produced. */
export interface BurstResult {
  messages: number;
  parallelLda: number;
  deliverMs: number;
  badgeExactMs: number;
  badgeExactAfterLastDeliveryMs: number;
  /** Notifications open at the end (what the user sees after the burst). */
  notificationsShown: number;
  /** Every `notifications.create` during the burst: single messages, and summary updates (same id). */
  notificationsCreated: { messages: number; summaryUpdates: number };
}

/** Delivers `messages` with `parallel` LDA processes at once and waits for the exact badge total. */
export async function burst(b: BenchBrowser, messages = 1000, parallel = 4): Promise<BurstResult> {
  const before = Number(/(\d+) unread/.exec(await badgeTitle(b.context))?.[1] ?? NaN);
  await clearNotifications(b.context);
  await recordNotifications(b.context);
  const createdBefore = (await createdNotifications(b.context)).length;
  const raws = Array.from({ length: messages }, (_, i) => buildMessage({ subject: `burst ${i}` }));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < raws.length) await b.dovecot.deliver(USER, raws[next++]);
    }),
  );
  const delivered = performance.now();
  const exact = await waitForTotal(b.context, before + messages, 120_000);
  // Give late notifications a moment to appear before counting.
  await new Promise((r) => setTimeout(r, 1000));
  return {
    messages,
    parallelLda: parallel,
    deliverMs: round(delivered - t0, 0),
    badgeExactMs: round(exact - t0, 0),
    badgeExactAfterLastDeliveryMs: round(exact - delivered, 0),
    notificationsShown: (await notificationIds(b.context)).length,
    notificationsCreated: countCreated((await createdNotifications(b.context)).slice(createdBefore)),
  };
}

function countCreated(ids: string[]): BurstResult['notificationsCreated'] {
  const summaryUpdates = ids.filter((id) => id === SUMMARY_ID).length;
  return { messages: ids.length - summaryUpdates, summaryUpdates };
}
