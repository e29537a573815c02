/**
 * Page-side helpers for the popup's first-screen tests in either browser: each runs inside an
 * extension page (passed to `evaluate`), on the extension's own IndexedDB, with no bridge. They
 * carry no imports, as a function handed to a page must not.
 */

/** Runs in an extension page: one account with `count` unread messages, the newest's subject hostile. */
export async function fillCache({ count, hostile }: { count: number; hostile: string }): Promise<void> {
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
  tx.objectStore('accounts').put({
    id: 'first',
    type: 'imap',
    label: 'First',
    host: '127.0.0.1',
    port: 143,
    security: 'none',
    user: 'first',
    watchedFolders: ['INBOX'],
    includeInBadge: true,
    notify: false,
    deleteMode: 'trash',
    pollIntervalSec: 60,
    hasPassword: true,
    state: 'connected',
  });
  tx.objectStore('mailboxes').put({
    accountId: 'first',
    path: 'INBOX',
    name: 'INBOX',
    uidValidity: '1',
    total: count,
    unseen: count,
    syncedAt: Date.now(),
    maxUid: String(count),
  });
  for (let i = 1; i <= count; i++) {
    const date = new Date(Date.now() - (count - i) * 60_000).toISOString();
    tx.objectStore('messages').put({
      accountId: 'first',
      mailbox: 'INBOX',
      uidValidity: '1',
      uid: String(i),
      messageId: `<${i}@first.mailglance>`,
      from: [{ name: `Sender ${i}`, address: `sender${i}@example.com` }],
      to: [{ address: 'first@example.com' }],
      subject: i === count ? hostile : `Message ${i}`,
      date,
      sortDate: date,
      flags: [],
      serverFlags: [],
      size: 2048,
      hasAttachments: false,
      snippet: `Preview of message ${i}`,
      unread: 1,
      hidden: 0,
    });
  }
  await done;
  db.close();
}

/** Runs in an extension page: deletes one cached message, as a sync that saw it go would. */
export async function deleteCached(uid: string): Promise<void> {
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const db = await req(indexedDB.open('mailglance'));
  await req(db.transaction('messages', 'readwrite').objectStore('messages').delete(['first', 'INBOX', '1', uid]));
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
