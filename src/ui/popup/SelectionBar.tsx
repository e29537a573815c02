import type { MessageAction } from '../../protocol/model';
import { t } from '../i18n';
import { ActionButtons, type ActionTargetState } from './ActionButtons';
import './selection-bar.css';

interface Props {
  count: number;
  state: ActionTargetState;
  onAction: (action: MessageAction) => void;
  onClear: () => void;
}

/** While rows are selected: how many, the actions for all of them at once, and "Clear". */
export function SelectionBar({ count, state, onAction, onClear }: Props) {
  return (
    <div class="selection-bar" role="toolbar" aria-label={t('selectionActions', String(count))}>
      <span class="selection-count" role="status">
        {t('selectedCount', String(count))}
      </span>
      <ActionButtons state={state} onAction={onAction} />
      <button type="button" class="link" onClick={onClear} aria-keyshortcuts="Escape">
        {t('clearSelection')}
      </button>
    </div>
  );
}
