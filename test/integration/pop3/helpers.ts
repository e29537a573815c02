/**
 * Shared pieces of the POP3 integration tests: an account for the harness's Dovecot, a
 * DriverContext that records everything the driver reports, and waiting for events.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverContext, StoredAccount } from '../../../src/bridge/accounts/driver';
import type { Logger } from '../../../src/bridge/log';
import type { AccountState, EventData, EventType } from '../../../src/protocol';
import type { Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';

export const USER = 'alice';
export const PASSWORD = 'pop-secret';

/** A POP3 account on the harness server; plain on loopback unless told otherwise. */
export function accountFor(dc: Dovecot, extra: Partial<StoredAccount> = {}): StoredAccount {
  return {
    id: 'pop-1',
    type: 'pop3',
    label: 'test',
    host: dc.host,
    port: dc.ports.pop3,
    security: 'none',
    user: USER,
    watchedFolders: ['INBOX'],
    includeInBadge: true,
    notify: true,
    deleteMode: 'trash',
    leaveOnServer: true,
    pollIntervalSec: 3600, // tests poll by hand with refresh()
    ...extra,
  };
}

export interface Recorded {
  ctx: DriverContext;
  events: Array<{ type: EventType; data: unknown }>;
  states: Array<{ state: AccountState; detail?: string }>;
  logs: Array<{ message: string; extra?: Record<string, unknown> }>;
  /** Events of one type, typed. */
  of<T extends EventType>(type: T): Array<EventData<T>>;
  /** Resolve once `pred` holds (checked on every event, state and log line), or fail after `ms`. */
  until(pred: () => boolean, ms?: number): Promise<void>;
}

/** A DriverContext with a fresh (or given) state folder that records what the driver reports. */
export function record(stateDir = mkdtempSync(join(tmpdir(), 'mg-pop3-state-'))): Recorded {
  const events: Recorded['events'] = [];
  const states: Recorded['states'] = [];
  const logs: Recorded['logs'] = [];
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const push = (message: string, extra?: Record<string, unknown>) => {
    logs.push({ message, extra });
    notify();
  };
  const log: Logger = { info: push, warn: push, error: push };
  const ctx: DriverContext = {
    emit: (type, data) => {
      events.push({ type, data });
      notify();
    },
    setState: (state, detail) => {
      states.push({ state, detail });
      notify();
    },
    // POP3 has no push to report on.
    setPush: () => {
      throw new Error('a POP3 driver reported push health');
    },
    log,
    stateDir,
  };
  return {
    ctx,
    events,
    states,
    logs,
    of: <T extends EventType>(type: T) => events.filter((e) => e.type === type).map((e) => e.data as EventData<T>),
    until: (pred, ms = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (pred()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`condition not met within ${ms} ms; states: ${JSON.stringify(states)}`));
        }, ms);
        const check = () => {
          if (!pred()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
      }),
  };
}

/** A MessageRef for a POP3 UIDL. */
export function refOf(uid: string) {
  return { accountId: 'pop-1', mailbox: 'INBOX', uidValidity: '0', uid };
}

/** Poll `pred` every 20 ms until it holds; fail after `ms`. */
export async function waitFor(pred: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Subjects in INBOX as IMAP sees them (a separate login, same maildir), sorted. */
export async function imapSubjects(dc: Dovecot, user = USER, password = PASSWORD): Promise<string[]> {
  return withPeer({ host: dc.host, port: dc.ports.imap, user, password }, async (c) => {
    const status = await c.status('INBOX', { messages: true });
    if (!status || !status.messages) return [];
    await c.mailboxOpen('INBOX', { readOnly: true });
    const out: string[] = [];
    for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.subject ?? '');
    return out.sort();
  });
}
