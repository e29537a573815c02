/**
 * Desktop notifications for newly arrived unread mail. Which messages qualify (arrived unread,
 * never notified, not on a first sync) is decided by the store when it applies an event; this
 * module applies the switches and the burst rule: more than `burstSize` within `windowMs` become
 * one summary notification (the individual ones of that window are replaced by it).
 */
import type { MailDb } from '../store/db';
import { refToKey } from '../store/keys';
import { markShown } from '../store/notified';
import type { MessageRecord, OutboxRecord } from '../store/schema';
import { folderNotifies, notificationsQuiet, soundFor, soundNameFor, type SoundName } from '../store/quiet-hours';
import { loadSettings } from '../store/settings';
import type { Clock } from './bridge-api';
import type { Translate } from './i18n';
import { fallbackTranslate } from './i18n';

export const SUMMARY_ID = 'mailglance:summary';
const DROPPED_PREFIX = 'mailglance:dropped:';

/** English names of outbox actions, the fallback of their `action_*` locale messages. */
const ACTION_NAMES: Record<OutboxRecord['action'], string> = {
  markRead: 'Mark read',
  markUnread: 'Mark unread',
  flag: 'Flag',
  unflag: 'Unflag',
  delete: 'Delete',
  archive: 'Archive',
  junk: 'Mark as junk',
  markAllRead: 'Mark all read',
};
const MESSAGE_PREFIX = 'mailglance:msg:';

/** Notification id of one message. */
export function notificationIdFor(record: MessageRecord): string {
  return MESSAGE_PREFIX + refToKey(record);
}

/** The message key in a notification id, if it is a message notification. */
export function keyFromNotificationId(id: string): string | undefined {
  return id.startsWith(MESSAGE_PREFIX) ? id.slice(MESSAGE_PREFIX.length) : undefined;
}

export interface NotificationOptions {
  type: 'basic';
  iconUrl: string;
  title: string;
  message: string;
  contextMessage?: string;
  buttons?: { title: string }[];
}

/** The slice of `browser.notifications` used here. */
export interface NotificationsApi {
  create(id: string, options: NotificationOptions): Promise<string>;
  clear(id: string): Promise<boolean>;
}

export interface NotifierOptions {
  db: () => Promise<MailDb>;
  api: NotificationsApi;
  iconUrl: string;
  /** Chrome shows buttons; Firefox has none (clicking opens the message instead). */
  buttons: boolean;
  /** Plays the new-mail sound; called once per batch of notifications when `settings.sound` is on. */
  playSound?: (name: SoundName) => Promise<void>;
  now?: Clock;
  translate?: Translate;
  burstSize?: number;
  windowMs?: number;
}

export class Notifier {
  private recent: { id: string; at: number }[] = [];
  private summary: { count: number; at: number } | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: NotifierOptions) {}

  /** Shows notifications for these arrivals (serialised with earlier calls). */
  notify(arrivals: readonly MessageRecord[]): Promise<void> {
    const run = this.queue.then(() => this.show(arrivals));
    this.queue = run.catch((error: unknown) => console.warn('mailglance: notification failed', error));
    return run;
  }

  private async show(arrivals: readonly MessageRecord[]): Promise<void> {
    const db = await this.options.db();
    await this.decide(db, arrivals);
    // Only now: a worker stopped before this point leaves them pending for the next one.
    await markShown(db, arrivals);
  }

  private async decide(db: MailDb, arrivals: readonly MessageRecord[]): Promise<void> {
    const settings = await loadSettings(db);
    if (!settings.notifications) return;
    const accounts = new Map((await db.getAll('accounts')).map((a) => [a.id, a]));
    const now = (this.options.now ?? Date.now)();
    // Quiet hours and pauses silence notifications only; the badge counts on (badge.ts).
    const wanted = arrivals.filter(
      (m) =>
        m.unread &&
        (accounts.get(m.accountId)?.notify ?? true) &&
        folderNotifies(settings, m.accountId, m.mailbox) &&
        !notificationsQuiet(settings, m.accountId, now),
    );
    const windowMs = this.options.windowMs ?? 2_000;
    const burst = this.options.burstSize ?? 3;
    this.recent = this.recent.filter((r) => now - r.at < windowMs);
    if (this.summary && now - this.summary.at >= windowMs) this.summary = undefined;

    if (wanted.length === 0) return;
    const sounding = wanted.find((m) => soundFor(settings, m.accountId));
    if (sounding && this.options.playSound) {
      await this.options
        .playSound(soundNameFor(settings, sounding.accountId))
        .catch((error: unknown) => console.warn('mailglance: sound failed', error));
    }
    if (this.summary || this.recent.length + wanted.length > burst) {
      // The burst rule: the individual notifications of this window make way for one summary.
      const replaced = this.recent.length;
      for (const r of this.recent) await this.options.api.clear(r.id);
      this.recent = [];
      this.summary = { count: (this.summary?.count ?? 0) + replaced + wanted.length, at: now };
      await this.options.api.create(SUMMARY_ID, this.summaryOptions(this.summary.count));
      return;
    }
    for (const message of wanted) {
      const id = notificationIdFor(message);
      await this.options.api.create(id, this.messageOptions(message, accounts.get(message.accountId)?.label));
      this.recent.push({ id, at: now });
    }
  }

  /**
   * Tells the user an action of theirs was given up (the outbox dropped it): which one, where, and
   * why in words. Shown whatever the new-mail switches say: this is not new mail, it is news
   * about something the user did.
   */
  async actionNotApplied(entry: OutboxRecord, code: string): Promise<void> {
    const t = this.options.translate ?? fallbackTranslate;
    const db = await this.options.db();
    const account = await db.get('accounts', entry.ref.accountId);
    const where = `${account?.label ?? entry.ref.accountId} · ${entry.ref.mailbox}`;
    const message =
      code === 'MAILBOX_CHANGED'
        ? t('actionMailboxChanged', 'The message list of $1 changed on the server; it has been reloaded.', [where])
        : t('actionRefused', 'The server did not accept it ($1): $2', [code, where]);
    await this.options.api
      .create(DROPPED_PREFIX + entry.actionId, {
        type: 'basic',
        iconUrl: this.options.iconUrl,
        title: t('actionNotApplied', 'Not done: $1', [t(`action_${entry.action}`, ACTION_NAMES[entry.action])]),
        message,
      })
      .catch((error: unknown) => console.warn('mailglance: notification failed', error));
  }

  private messageOptions(message: MessageRecord, accountLabel: string | undefined): NotificationOptions {
    const t = this.options.translate ?? fallbackTranslate;
    const sender = message.from[0];
    const options: NotificationOptions = {
      type: 'basic',
      iconUrl: this.options.iconUrl,
      title: sender?.name || sender?.address || t('notificationUnknownSender', 'New mail'),
      message: message.subject || t('notificationNoSubject', '(no subject)'),
    };
    // Chrome only: Firefox ignores contextMessage and has no buttons.
    if (this.options.buttons) {
      options.contextMessage = accountLabel;
      options.buttons = [
        { title: t('notificationMarkRead', 'Mark read') },
        { title: t('notificationDelete', 'Delete') },
      ];
    }
    return options;
  }

  private summaryOptions(count: number): NotificationOptions {
    const t = this.options.translate ?? fallbackTranslate;
    const options: NotificationOptions = {
      type: 'basic',
      iconUrl: this.options.iconUrl,
      title: t('extName', 'Mailglance'),
      message: t('notificationSummary', '$1 new messages', [String(count)]),
    };
    // A burst is when a pause is wanted most (engine.ts handles the button).
    if (this.options.buttons) options.buttons = [{ title: t('notificationPauseHour', 'Pause for 1 hour') }];
    return options;
  }
}
