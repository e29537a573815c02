/**
 * What the options page reads: accounts and settings straight from IndexedDB (the background
 * keeps them current from the bridge's `accounts.changed` events), reloaded on change broadcasts.
 */
import { onStoreChanged } from '../../messaging/client';
import type { AccountView } from '../../protocol/model';
import { openMailDb, type MailDb } from '../../store/db';
import { getAccounts } from '../../store/queries';
import { loadSettings, type Settings } from '../../store/settings';

export interface OptionsData {
  accounts: AccountView[];
  settings: Settings;
}

export interface OptionsSource {
  load(): Promise<OptionsData>;
  subscribe(listener: () => void): () => void;
}

export function storeOptionsSource(db: () => Promise<MailDb> = () => openMailDb()): OptionsSource {
  return {
    async load() {
      const database = await db();
      const [accounts, settings] = await Promise.all([getAccounts(database), loadSettings(database)]);
      return { accounts, settings };
    },
    subscribe: (listener) => onStoreChanged(() => listener()),
  };
}
