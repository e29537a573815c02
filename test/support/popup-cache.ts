/**
 * Page-side helpers for the popup's tests and benchmark in either browser: each runs inside an
 * extension page (passed to `evaluate`), on the extension's own IndexedDB, with no bridge. They
 * carry no imports, as a function handed to a page must not.
 */

/** What `fillCache` writes. */
export interface CacheFill {
  /** Unread messages in the account's INBOX, uids 1…count, one minute apart. */
  count: number;
  /** The account's id (and the messages' key prefix). */
  account: string;
  /** The newest message's subject, when the test needs one of its own (hostile text, say). */
  newestSubject?: string;
}

/**
 * Runs in an extension page that has opened the database (so it exists at the current schema):
 * replaces the cache with one IMAP account and `count` unread messages.
 */
export async function fillCache({ count, account, newestSubject }: CacheFill): Promise<void> {
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const db = await req(indexedDB.open('mailglance'));
  const tx = db.transaction(['accounts', 'mailboxes', 'messages'], 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  for (const s of ['accounts', 'mailboxes', 'messages']) tx.objectStore(s).clear();
  tx.objectStore('accounts').put({
    id: account,
    type: 'imap',
    label: account.charAt(0).toUpperCase() + account.slice(1),
    host: '127.0.0.1',
    port: 143,
    security: 'none',
    user: account,
    watchedFolders: ['INBOX'],
    includeInBadge: true,
    notify: false,
    deleteMode: 'trash',
    pollIntervalSec: 60,
    hasPassword: true,
    state: 'connected',
  });
  tx.objectStore('mailboxes').put({
    accountId: account,
    path: 'INBOX',
    name: 'INBOX',
    uidValidity: '1',
    total: count,
    unseen: count,
    syncedAt: Date.now(),
    maxUid: String(count),
  });
  const messages = tx.objectStore('messages');
  // A fixed start: the rows' times read the same in every run.
  const start = Date.UTC(2024, 0, 1);
  for (let i = 1; i <= count; i++) {
    const date = new Date(start + i * 60_000).toISOString();
    messages.put({
      accountId: account,
      mailbox: 'INBOX',
      uidValidity: '1',
      uid: String(i),
      messageId: `<${i}@${account}.mailglance>`,
      from: [{ name: `Sender ${i % 37}`, address: `sender${i % 37}@example.com` }],
      to: [{ address: `${account}@example.com` }],
      subject: i === count && newestSubject !== undefined ? newestSubject : `Benchmark message ${i}`,
      date,
      sortDate: date,
      flags: [],
      serverFlags: [],
      size: 2048,
      hasAttachments: false,
      snippet: `Body of benchmark message ${i}, long enough to look like a preview line.`,
      unread: 1,
      hidden: 0,
    });
  }
  await done;
  db.close();
}

/** Runs in an extension page: deletes one cached INBOX message, as a sync that saw it go would. */
export async function deleteCached({ account, uid }: { account: string; uid: string }): Promise<void> {
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const db = await req(indexedDB.open('mailglance'));
  await req(db.transaction('messages', 'readwrite').objectStore('messages').delete([account, 'INBOX', '1', uid]));
  db.close();
}

/**
 * Runs in an extension page: keeps a read-write transaction on the cached messages open for `ms`,
 * so a popup opened meanwhile shows its painted copy until then (its first read waits).
 */
export async function holdMessages(ms: number): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open('mailglance');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const store = db.transaction('messages', 'readwrite').objectStore('messages');
  const end = Date.now() + ms;
  await new Promise<void>((resolve) => {
    const spin = () => {
      if (Date.now() > end) return resolve();
      store.get(['none']).onsuccess = spin;
    };
    spin();
  });
  db.close();
}
