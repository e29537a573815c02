/**
 * The store API. Pages (popup/options) use the read-only queries; writes belong to the background.
 */
export { openMailDb, closeMailDb, DB_NAME, DB_VERSION, type MailDb } from './db';
export { refToKey, keyToRef } from './keys';
export {
  listMessages,
  getMessage,
  getMailboxes,
  getAccounts,
  getUnreadTotals,
  countPendingActions,
  type ListMessagesOptions,
  type MessageView,
  type AccountTotal,
  type UnreadTotals,
} from './queries';
export { loadSettings, DEFAULT_SETTINGS, type Settings, type SettingsPatch } from './settings';
export type { AccountRecord, MailboxRecord, MessageRecord, OutboxRecord } from './schema';
