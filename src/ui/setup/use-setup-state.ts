import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onStoreChanged, sendToBackground } from '../../messaging/client';
import { openMailDb } from '../../store/db';
import { getAccounts } from '../../store/queries';
import { useBridgeStatus } from '../popup/use-bridge-status';
import { osOf, type Os } from './install-options';
import { setupStep } from './setup-step';

/** How often the page knocks on the native port while it waits for the bridge. */
export const RETRY_MS = 2000;

/**
 * Everything the setup page shows: the bridge status (from the background), how many accounts
 * the store has, this machine's OS and browser. While the bridge is not connected it asks the
 * background to try the port every 2 s, so the page moves on seconds after an install; browsers
 * read the host manifest on each connect, so no restart is needed.
 */
export function useSetupState() {
  const status = useBridgeStatus();
  const [accounts, setAccounts] = useState(0);
  const [platform, setPlatform] = useState<{ os: Os; arch: string }>({ os: 'other', arch: '' });
  const firefox = browser.runtime.getURL('/').startsWith('moz-extension:');

  useEffect(() => {
    void browser.runtime.getPlatformInfo().then(
      (info) => setPlatform({ os: osOf(info.os), arch: info.arch }),
      () => undefined,
    );
    const load = () =>
      void openMailDb()
        .then((db) => getAccounts(db))
        .then(
          (list) => setAccounts(list.length),
          () => undefined,
        );
    load();
    return onStoreChanged((stores) => {
      if (stores.includes('accounts')) load();
    });
  }, []);

  const connected = status?.state === 'connected';
  useEffect(() => {
    if (connected) return;
    const knock = () => void sendToBackground('connectBridge', {}).catch(() => undefined);
    knock();
    const timer = setInterval(knock, RETRY_MS);
    return () => clearInterval(timer);
  }, [connected]);

  return { status, accounts, ...platform, firefox, step: setupStep(status, accounts) };
}
