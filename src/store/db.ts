/**
 * Opens the one Mailglance database with numbered schema upgrades. Each upgrade step runs once,
 * in order, for every version between the stored one and `DB_VERSION`; never edit a released
 * step, add a new one.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { MailglanceDB } from './schema';

export const DB_NAME = 'mailglance';

export type MailDb = IDBPDatabase<MailglanceDB>;
type UpgradeTx = IDBPTransaction<MailglanceDB, StoreNames<MailglanceDB>[], 'versionchange'>;

/** Upgrade steps; index i migrates version i to i + 1. */
const UPGRADES: ReadonlyArray<(db: MailDb, tx: UpgradeTx) => void> = [
  // 0 → 1: the initial schema.
  (db) => {
    db.createObjectStore('accounts', { keyPath: 'id' });
    const mailboxes = db.createObjectStore('mailboxes', { keyPath: ['accountId', 'path'] });
    mailboxes.createIndex('byAccount', 'accountId');
    const messages = db.createObjectStore('messages', { keyPath: ['accountId', 'mailbox', 'uidValidity', 'uid'] });
    messages.createIndex('byUnreadDate', ['unread', 'sortDate']);
    messages.createIndex('byAccountUnreadDate', ['accountId', 'unread', 'sortDate']);
    messages.createIndex('byDate', 'sortDate');
    messages.createIndex('byAccountDate', ['accountId', 'sortDate']);
    messages.createIndex('byMailbox', ['accountId', 'mailbox']);
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('byActionId', 'actionId', { unique: true });
    const notified = db.createObjectStore('notified', { keyPath: 'key' });
    notified.createIndex('byAt', 'at');
    db.createObjectStore('settings', { keyPath: 'key' });
  },
  // 1 → 2: drafts of messages being written (src/store/drafts.ts).
  (db) => {
    db.createObjectStore('drafts', { keyPath: 'id' });
  },
];

export const DB_VERSION = UPGRADES.length;

const open = new Map<string, Promise<MailDb>>();

/**
 * The shared connection for `name` (one per page or worker). When another context upgrades the
 * database we close ours so its upgrade is not blocked, and reopen on the next call.
 */
export function openMailDb(name: string = DB_NAME): Promise<MailDb> {
  let db = open.get(name);
  if (!db) {
    db = openDB<MailglanceDB>(name, DB_VERSION, {
      upgrade(database, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < DB_VERSION; v++) UPGRADES[v](database, tx);
      },
      blocking() {
        void db?.then((d) => d.close());
        open.delete(name);
      },
      terminated() {
        open.delete(name);
      },
    });
    open.set(name, db);
    db.catch(() => open.delete(name));
  }
  return db;
}

/** Closes and forgets a connection (tests simulate a restarted worker with this). */
export async function closeMailDb(name: string = DB_NAME): Promise<void> {
  const db = open.get(name);
  open.delete(name);
  if (db) (await db).close();
}
