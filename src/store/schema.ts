/**
 * Row types and the idb schema of the one Mailglance database. The background writes it; the
 * popup and options pages read it directly for an instant first paint.
 */
import type { DBSchema } from 'idb';
import type { AccountView, MailboxStatus, MessageAction, MessageHeader, MessageRef } from '../protocol/model';
import type { MessageKey } from './keys';
import type { DraftRecord } from './drafts';

/** An account exactly as the bridge reported it (no secrets ever reach the extension). */
export type AccountRecord = AccountView;

/** A mailbox with the server's counts. Key: [accountId, path]. */
export interface MailboxRecord extends MailboxStatus {
  accountId: string;
  /** When the last snapshot or delta for it was applied (ms since epoch). */
  syncedAt: number;
  /**
   * Highest numeric UID seen under this uidValidity (IMAP). A later snapshot's unread messages
   * above it arrived while we were away and may be notified; everything at or below it may not.
   */
  maxUid?: string;
  /**
   * The uid of the oldest unread header cached for this mailbox: where the next `mailbox.page`
   * ("Show older") starts. Set by a snapshot (its last header) and by each page; kept by deltas.
   */
  olderCursor?: string;
}

/**
 * IndexedDB cannot index booleans, so flags used in indexes are 0/1 numbers.
 * `flags`/`unread`/`hidden` are what the user sees: the server's state (`serverFlags`) with the
 * effects of pending outbox actions on top.
 */
export interface MessageRecord extends MessageHeader {
  accountId: string;
  mailbox: string;
  uidValidity: string;
  serverFlags: string[];
  unread: 0 | 1;
  /** 1 while a pending delete/archive/junk hides the row. */
  hidden: 0 | 1;
  /** `date` normalised to UTC ISO 8601 so that string order is time order. */
  sortDate: string;
}

/**
 * What an outbox row does: a message action (sent as `message.action`), or `markAllRead`, a
 * mailbox-level action (sent as `mailbox.markAllRead`) that is no message action of the protocol.
 */
export type OutboxAction = MessageAction | 'markAllRead';

/**
 * One queued user action. `seq` orders replay; `actionId` makes the bridge's apply idempotent.
 * For `markAllRead`, `ref` names the mailbox and `ref.uid` is the highest UID it covers ('' for
 * every message): `{ accountId, mailbox, uidValidity, uid: upToUid }`. POP3 UIDLs have no order,
 * so there `ref.uid` is '' and `uidls` lists what the user saw.
 */
export interface OutboxRecord {
  seq?: number;
  actionId: string;
  ref: MessageRef;
  action: OutboxAction;
  /**
   * POP3 `markAllRead`: the UIDLs of the mailbox's cached rows when the user asked, newest first.
   * The action covers those rows; the bridge marks every message up to the latest of them.
   */
  uidls?: string[];
  createdAt: number;
  attempts: number;
  lastError?: string;
  /** Earliest time of the next attempt after a retryable failure. */
  nextAttemptAt?: number;
}

export interface NotifiedRecord {
  key: string;
  at: number;
  /**
   * Claimed by a sync write but not shown yet. The claim commits with the message rows; a worker
   * stopped before it showed the notification leaves this set, and the next worker shows it.
   */
  pending?: boolean;
}

export interface SettingsRecord {
  key: string;
  value: unknown;
}

export interface MailglanceDB extends DBSchema {
  accounts: { key: string; value: AccountRecord };
  mailboxes: { key: [string, string]; value: MailboxRecord; indexes: { byAccount: string } };
  messages: {
    key: MessageKey;
    value: MessageRecord;
    indexes: {
      byUnreadDate: [number, string];
      byAccountUnreadDate: [string, number, string];
      byDate: string;
      byAccountDate: [string, string];
      byMailbox: [string, string];
    };
  };
  outbox: { key: number; value: OutboxRecord; indexes: { byActionId: string } };
  notified: { key: string; value: NotifiedRecord; indexes: { byAt: number } };
  settings: { key: string; value: SettingsRecord };
  drafts: { key: string; value: DraftRecord };
}

export type StoreName = 'accounts' | 'mailboxes' | 'messages' | 'outbox' | 'notified' | 'settings' | 'drafts';
