import type { AccountView } from '../../protocol/model';
import { t } from '../i18n';
import { openComposer } from './start-composer';

interface Props {
  /** The account to write from (the popup's filter), else the first. */
  account: AccountView | undefined;
  onOpen: (draftId: string) => void;
}

/** "New message" (keyboard `c`): a small self-contained button for the popup header. */
export function NewMessageButton({ account, onOpen }: Props) {
  if (!account) return null;
  return (
    <button
      type="button"
      class="new-message"
      aria-keyshortcuts="c"
      onClick={() => void openComposer('new', account).then(onOpen)}
    >
      {t('newMessage')}
    </button>
  );
}
