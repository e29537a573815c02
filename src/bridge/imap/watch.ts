/**
 * The "push" connection: IDLE (RFC 2177) on INBOX (else the first watched mailbox) and, when the server offers
 * NOTIFY (RFC 5465), STATUS pushes for the other watched folders on the same connection. It only
 * signals "folder X changed"; the work connection then asks the server what changed (sync.ts).
 * Without NOTIFY the driver polls the other folders with STATUS instead.
 */
import type { Credential } from '../accounts/driver';
import type { ImapFlow } from 'imapflow';
import type { StoredAccount } from '../accounts/driver';
import type { Logger } from '../log';
import { openImap, type WireLogSink } from './connection';

/** The bits of imapflow's internals this module needs; neither is in its typings. */
interface ImapInternals {
  exec(command: string, attributes: unknown[] | false, options?: object): Promise<{ next(): void }>;
  untaggedHandlers: Record<string, ((untagged: Untagged) => Promise<void> | void) | null>;
}
interface Untagged {
  attributes?: Array<{ value?: unknown } | unknown[]>;
}

/**
 * `NOTIFY SET STATUS (SELECTED (MessageNew (UID FLAGS) MessageExpunge FlagChange))
 * (PERSONAL (MessageNew MessageExpunge FlagChange))` in imapflow's attribute form. RFC 5465 §5: new mail, expunges and flag changes in the selected mailbox, and STATUS for every
 * other personal mailbox. The form docs/architecture.md found to work with Dovecot.
 */
const atom = (value: string) => ({ type: 'ATOM', value });
const NOTIFY_SET = [
  atom('SET'),
  atom('STATUS'),
  [atom('SELECTED'), [atom('MessageNew'), [atom('UID'), atom('FLAGS')], atom('MessageExpunge'), atom('FlagChange')]],
  [atom('PERSONAL'), [atom('MessageNew'), atom('MessageExpunge'), atom('FlagChange')]],
];

export interface PushOptions {
  log: Logger;
  wireLog?: WireLogSink;
  watched: string[];
  maxIdleMs?: number;
  /** Called with the path of a watched mailbox that changed on the server. */
  onChange(path: string): void;
  /** Called once when the connection is gone (BYE, drop, timeout). */
  onClose(): void;
}

export interface PushConnection {
  client: ImapFlow;
  /** Whether the other watched folders are covered by NOTIFY (else: poll them). */
  notify: boolean;
  /** The mailbox held open in IDLE. */
  selected: string;
}

/** Mailbox name of an untagged `* STATUS <name> (...)`. */
function statusMailbox(untagged: Untagged): string | undefined {
  const first = untagged.attributes?.[0];
  const v = first && !Array.isArray(first) ? (first as { value?: unknown }).value : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * The mailbox to IDLE on: INBOX whenever it is watched, wherever it stands in the list — new mail
 * lands there and IDLE's EXISTS is the fastest push (docs/architecture.md "Push first"); NOTIFY or polling
 * covers the rest. INBOX is case-insensitive (RFC 9051 §5.1); the list's own spelling is kept
 * so the path matches what the driver watches.
 */
export function idleMailbox(watched: readonly string[]): string {
  return watched.find((p) => p.toUpperCase() === 'INBOX') ?? watched[0] ?? 'INBOX';
}

/** Open the push connection, subscribe to NOTIFY when offered, and enter IDLE. */
export async function openPush(
  account: StoredAccount,
  password: Credential,
  opts: PushOptions,
): Promise<PushConnection> {
  const client = await openImap(account, password, {
    id: `push-${account.id}`,
    log: opts.log,
    wireLog: opts.wireLog,
    idle: true,
    maxIdleMs: opts.maxIdleMs,
  });
  const watched = new Set(opts.watched);
  const selected = idleMailbox(opts.watched);
  const raw = client as unknown as ImapInternals;
  let closed = false;
  client.on('close', () => {
    if (!closed) {
      closed = true;
      opts.onClose();
    }
  });
  const signal = (path: string | undefined) => {
    if (path && watched.has(path) && !closed) opts.onChange(path);
  };
  client.on('exists', (ev: { path: string }) => signal(ev.path));
  client.on('expunge', (ev: { path: string }) => signal(ev.path));
  client.on('flags', (ev: { path: string }) => signal(ev.path));
  let notify = false;
  try {
    if (opts.watched.length > 1 && client.capabilities.has('NOTIFY')) {
      // Before SELECT: in the authenticated state imapflow has no auto-IDLE that this raw
      // command could collide with. SELECTED in the filter follows whatever we select next.
      raw.untaggedHandlers.STATUS = (untagged) => signal(statusMailbox(untagged));
      const res = await raw.exec('NOTIFY', NOTIFY_SET);
      res.next();
      notify = true;
    }
  } catch (err) {
    opts.log.warn('NOTIFY refused; polling the other folders', { reason: String((err as Error).message ?? err) });
  }
  try {
    await client.mailboxOpen(selected, { readOnly: true });
  } catch (err) {
    closed = true;
    client.close();
    throw err;
  }
  return { client, notify, selected };
}
