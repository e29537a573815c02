/**
 * What each keyboard command does in the popup, over a small context instead of the component's
 * state, so the rules read in one place: in the reader the commands act on the open message, in
 * the list on the selection when there is one, else on the current row.
 */
import type { MessageAction } from '../../protocol/model';
import type { MessageView } from '../../store/queries';
import type { ListCommand } from './keyboard';
import { flagToggle, readToggle } from './use-message-actions';

export interface CommandContext {
  /** The message the reader shows, when it is open. */
  reading: MessageView | undefined;
  readerOpen: boolean;
  /** Keys of the listed rows, in order, and the current one. */
  order: readonly string[];
  current: string | undefined;
  rowOf: (key: string) => MessageView | undefined;
  /** The selected rows, in list order. */
  selected: readonly MessageView[];
  open: (key: string) => void;
  closeReader: () => void;
  /** Makes `key` current and moves focus to it. */
  focusRow: (key: string) => void;
  toggleRow: (key: string) => void;
  selectAll: () => void;
  clearSelection: () => void;
  act: (targets: readonly MessageView[], action: MessageAction) => void;
}

/** Runs `command`; false when the key is not used here (the browser keeps its default). */
export function runCommand(command: ListCommand, key: string, c: CommandContext): boolean {
  const target = c.readerOpen ? c.reading : c.current === undefined ? undefined : c.rowOf(c.current);
  const targets: readonly MessageView[] = !c.readerOpen && c.selected.length > 0 ? c.selected : target ? [target] : [];
  switch (command) {
    case 'next':
    case 'prev': {
      if (c.readerOpen && key.startsWith('Arrow')) return false; // arrows scroll the reader
      const from = c.readerOpen ? c.reading?.key : c.current;
      const index = Math.max(0, c.order.indexOf(from ?? ''));
      const next = c.order[Math.min(c.order.length - 1, Math.max(0, index + (command === 'next' ? 1 : -1)))];
      if (!next) return true;
      if (c.readerOpen) c.open(next);
      else c.focusRow(next);
      return true;
    }
    case 'open':
      if (c.readerOpen || !c.current) return false;
      c.open(c.current);
      return true;
    case 'back':
      if (c.readerOpen) c.closeReader();
      else if (c.selected.length > 0) c.clearSelection();
      else return false;
      return true;
    case 'toggleSelect':
      if (c.readerOpen || !c.current) return false;
      c.toggleRow(c.current);
      return true;
    case 'selectAll':
      if (c.readerOpen || c.order.length === 0) return false;
      c.selectAll();
      return true;
    case 'toggleRead':
      c.act(targets, readToggle(targets));
      return targets.length > 0;
    case 'toggleFlag':
      c.act(targets, flagToggle(targets));
      return targets.length > 0;
    default:
      c.act(targets, command);
      return targets.length > 0;
  }
}
