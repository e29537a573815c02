/** The native messaging host manifest, allowing exactly Mailglance's fixed extension IDs. */
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../protocol/extension-ids';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { isChromeFamily, type Browser } from './host-locations';

export function hostManifest(browser: Browser, launcherPath: string): Record<string, unknown> {
  const common = {
    name: NATIVE_HOST_NAME,
    description: 'Mailglance bridge: IMAP and POP3 for the Mailglance extension',
    path: launcherPath,
    type: 'stdio',
  };
  return isChromeFamily(browser)
    ? { ...common, allowed_origins: [`chrome-extension://${CHROME_EXTENSION_ID}/`] }
    : { ...common, allowed_extensions: [FIREFOX_EXTENSION_ID] };
}
