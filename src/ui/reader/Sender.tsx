import type { Address } from '../../protocol/model';
import { formatAddresses } from '../format';
import { t } from '../i18n';
import { cleanText } from './safe-text';

/**
 * The sender as the reader shows it: the display name, and on its own line the real address,
 * which is what the mail server saw. A display name is free text and can claim anything
 * ("PayPal <service@paypal.example>" sent from elsewhere), so a name that holds an address
 * other than the real one is marked.
 */
export function Sender({ from }: { from: readonly Address[] }) {
  const first = from[0];
  const name = cleanText(first?.name ?? '');
  const address = first?.address ?? '';
  const claimed = /[^\s@<>"']+@[^\s@<>"']+/.exec(name.text)?.[0];
  const misleading = claimed !== undefined && claimed.toLowerCase() !== address.toLowerCase();
  return (
    <div class="from" title={formatAddresses(from)}>
      {name.text && <span class="sender-name">{name.text}</span>}
      <span class="sender-address" data-testid="sender-address">
        {address || t('unknownSender')}
      </span>
      {misleading && (
        <span class="warning" role="note" data-testid="sender-mismatch">
          {t('senderNameNotAddress')}
        </span>
      )}
    </div>
  );
}
