/**
 * Writes messages straight into a maildir folder (https://cr.yp.to/proto/maildir.html): the
 * fastest way to give a test mailbox thousands of messages. Files go into `cur/` with their flags
 * in the `:2,` info suffix, so Dovecot picks them up as already-delivered mail on its next scan.
 */
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One message to seed: raw RFC 5322 text and IMAP system flags. */
export interface SeedMessage {
  raw: string | Buffer;
  /** Any of '\\Seen', '\\Flagged', '\\Answered', '\\Deleted', '\\Draft'. */
  flags?: string[];
}

const FLAG_LETTERS: Record<string, string> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
};

/** Maildir++ folder path for a '/'-separated IMAP folder name (INBOX is the root). */
export function maildirFolderPath(maildir: string, folder: string): string {
  if (folder.toUpperCase() === 'INBOX') return maildir;
  return join(maildir, '.' + folder.split('/').join('.'));
}

let seq = 0;

/** Write `messages` into `folder` under `maildir`, owned by `owner` when given (running as root). */
export function writeMaildir(
  maildir: string,
  folder: string,
  messages: SeedMessage[],
  owner?: { uid: number; gid: number },
): void {
  const base = maildirFolderPath(maildir, folder);
  const dirs = [maildir, base, join(base, 'cur'), join(base, 'new'), join(base, 'tmp')];
  for (const d of dirs) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    if (owner) chownSync(d, owner.uid, owner.gid);
  }
  const now = Math.floor(Date.now() / 1000);
  for (const m of messages) {
    seq += 1;
    const letters = (m.flags ?? [])
      .map((f) => FLAG_LETTERS[f] ?? '')
      .sort()
      .join('');
    const file = join(base, 'cur', `${now}.M${seq}P${process.pid}.mailglance-test:2,${letters}`);
    writeFileSync(file, m.raw, { mode: 0o600 });
    if (owner) chownSync(file, owner.uid, owner.gid);
  }
}
