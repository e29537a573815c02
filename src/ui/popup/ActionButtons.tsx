import type { MessageAction } from '../../protocol/model';
import { t, type MessageKey } from '../i18n';
import { Icon, type IconName } from './icons';

/** The state the buttons show: whether the target (one row, or every selected row) is unread / flagged. */
export interface ActionTargetState {
  unread: boolean;
  flagged: boolean;
  supported: ReadonlySet<MessageAction>;
}

interface Button {
  action: MessageAction;
  icon: IconName;
  label: MessageKey;
  keys: string;
}

/** Buttons in the order of the reader's toolbar; read and flag show the action they would do. */
function buttonsFor({ unread, flagged }: ActionTargetState): Button[] {
  return [
    unread
      ? { action: 'markRead', icon: 'markRead', label: 'markRead', keys: 'u' }
      : { action: 'markUnread', icon: 'markUnread', label: 'markUnread', keys: 'u' },
    // One toggle button: its name stays "Flag", `aria-pressed` says whether it is on.
    { action: flagged ? 'unflag' : 'flag', icon: 'flag', label: 'flag', keys: 's' },
    { action: 'archive', icon: 'archive', label: 'archive', keys: 'e' },
    { action: 'junk', icon: 'junk', label: 'junk', keys: '!' },
    { action: 'delete', icon: 'delete', label: 'delete', keys: '# Delete' },
  ];
}

interface Props {
  state: ActionTargetState;
  onAction: (action: MessageAction) => void;
}

/**
 * Icon buttons for the actions the account supports. Each has its name as `aria-label` and as a
 * tooltip (`title`), and says its key (`aria-keyshortcuts`).
 */
export function ActionButtons({ state, onAction }: Props) {
  return (
    <>
      {buttonsFor(state)
        .filter((b) => state.supported.has(b.action))
        .map((b) => (
          <button
            key={b.action}
            type="button"
            class={b.action === 'delete' ? 'icon-button danger' : 'icon-button'}
            aria-label={t(b.label)}
            title={t(b.label)}
            aria-keyshortcuts={b.keys}
            aria-pressed={b.icon === 'flag' ? state.flagged : undefined}
            onClick={(e) => {
              e.stopPropagation();
              onAction(b.action);
            }}
          >
            <Icon name={b.icon} />
          </button>
        ))}
    </>
  );
}
