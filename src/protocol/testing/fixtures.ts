/** Small builders for protocol objects in unit tests. */
import type { AccountView, MailboxStatus, MessageHeader, MessageRef } from '../model';

export function header(uid: string, extra: Partial<MessageHeader> = {}): MessageHeader {
  return {
    uid,
    from: [{ name: `Sender ${uid}`, address: `s${uid}@example.org` }],
    to: [{ address: 'me@example.org' }],
    subject: `Subject ${uid}`,
    date: new Date(Date.UTC(2025, 0, 1, 0, 0, Number(uid) || 0)).toISOString(),
    flags: [],
    size: 1000,
    hasAttachments: false,
    snippet: '',
    ...extra,
  };
}

export function mailbox(unseen: number, extra: Partial<MailboxStatus> = {}): MailboxStatus {
  return { path: 'INBOX', name: 'Inbox', uidValidity: '1', total: unseen + 10, unseen, ...extra };
}

export function account(id: string, extra: Partial<AccountView> = {}): AccountView {
  return {
    id,
    type: 'imap',
    label: id.toUpperCase(),
    host: 'mail.example.org',
    port: 993,
    security: 'tls',
    user: `${id}@example.org`,
    watchedFolders: ['INBOX'],
    includeInBadge: true,
    notify: true,
    deleteMode: 'trash',
    pollIntervalSec: 300,
    hasPassword: true,
    state: 'connected',
    ...extra,
  };
}

export function ref(accountId: string, uid: string, uidValidity = '1', mailboxPath = 'INBOX'): MessageRef {
  return { accountId, mailbox: mailboxPath, uidValidity, uid };
}

let counter = 0;
/** A database name no other test uses. */
export function freshDbName(): string {
  return `mailglance-test-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
}
