/**
 * One keystroke per action (README "Use"): j/k or arrows move, Enter opens, Esc goes back (or
 * clears a selection), `#` or Delete deletes, `e` archives, `u` toggles read, `s` toggles the
 * flag, `!` marks junk, `x` selects the row, Ctrl+A (⌘A) selects every listed row; `r` replies,
 * `a` replies to all, `f` forwards, `c` writes a new message.
 */
export type Command =
  | 'next'
  | 'prev'
  | 'open'
  | 'back'
  | 'delete'
  | 'archive'
  | 'toggleRead'
  | 'toggleFlag'
  | 'junk'
  | 'toggleSelect'
  | 'selectAll'
  | ComposeCommand;

/** Commands that open the composer. */
export type ComposeCommand = 'reply' | 'replyAll' | 'forward' | 'compose';

/** Commands that act on the list or the open message. */
export type ListCommand = Exclude<Command, ComposeCommand>;

const COMPOSE_COMMANDS: ReadonlySet<Command> = new Set<ComposeCommand>(['reply', 'replyAll', 'forward', 'compose']);

export function isComposeCommand(command: Command): command is ComposeCommand {
  return COMPOSE_COMMANDS.has(command);
}

const KEYS: Record<string, Command> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'prev',
  ArrowUp: 'prev',
  Enter: 'open',
  Escape: 'back',
  '#': 'delete',
  Delete: 'delete',
  e: 'archive',
  u: 'toggleRead',
  s: 'toggleFlag',
  '!': 'junk',
  x: 'toggleSelect',
  r: 'reply',
  a: 'replyAll',
  f: 'forward',
  c: 'compose',
};

/** The command for a key event, or undefined when the key is not ours or the user is typing. */
export function commandFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): Command | undefined {
  const target = event.target as HTMLElement | null;
  const tag = target?.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target?.isContentEditable) return undefined;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') return 'selectAll';
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  // Enter on a button or link belongs to that control.
  if (event.key === 'Enter' && (tag === 'BUTTON' || tag === 'A')) return undefined;
  return KEYS[event.key];
}
