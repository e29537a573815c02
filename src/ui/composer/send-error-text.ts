/** A send failure in words the user can act on (docs/protocol.md, error codes). */
import { t } from '../i18n';

export function sendErrorText(error: { code: string; message: string } | undefined): string {
  if (!error) return '';
  switch (error.code) {
    case 'AUTH_FAILED':
      return t('sendAuthFailed', error.message);
    case 'RECIPIENT_REFUSED':
      return t('sendRecipientRefused', error.message);
    case 'SIZE_REFUSED':
      return t('sendTooLarge', error.message);
    case 'TLS_UNTRUSTED':
      return t('sendTlsUntrusted', error.message);
    case 'CONNECTION_FAILED':
    case 'TIMEOUT':
      return t('sendUnreachable', error.message);
    case 'BAD_REQUEST':
      return t('sendInvalid', error.message);
    default:
      return t('sendFailed', error.message);
  }
}
