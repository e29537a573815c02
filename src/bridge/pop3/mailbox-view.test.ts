import { describe, expect, it } from 'vitest';
import { listedUpTo, olderUnread } from './mailbox-view';

const order = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const read = new Set(['c', 'f']);
const isRead = (uid: string) => read.has(uid);

describe('olderUnread (POP3 pages)', () => {
  it('lists unread messages before the cursor, newest first, and says whether more remain', () => {
    expect(olderUnread(order, isRead, 'g', 2)).toEqual({ uids: ['e', 'd'], more: true });
    expect(olderUnread(order, isRead, 'd', 2)).toEqual({ uids: ['b', 'a'], more: false });
    expect(olderUnread(order, isRead, 'a', 2)).toEqual({ uids: [], more: false });
  });

  it('starts at the newest without a cursor, or with one the maildrop no longer lists', () => {
    expect(olderUnread(order, isRead, undefined, 3)).toEqual({ uids: ['g', 'e', 'd'], more: true });
    expect(olderUnread(order, isRead, 'gone', 3)).toEqual({ uids: ['g', 'e', 'd'], more: true });
  });

  it('a limit that takes the rest exactly has no more', () => {
    expect(olderUnread(order, isRead, 'e', 3)).toEqual({ uids: ['d', 'b', 'a'], more: false });
  });
});

describe('listedUpTo (POP3 "mark all read")', () => {
  it('covers the listing up to the latest UIDL the user saw, in maildrop order', () => {
    expect(listedUpTo(order, ['b', 'e', 'c'])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(listedUpTo(order, ['g'])).toEqual(order);
  });

  it('skips seen UIDLs the maildrop no longer lists, and covers nothing when none is left', () => {
    expect(listedUpTo(order, ['gone', 'c'])).toEqual(['a', 'b', 'c']);
    expect(listedUpTo(order, ['gone', 'also gone'])).toBeNull();
  });

  it('covers the whole listing when the request names no UIDLs', () => {
    expect(listedUpTo(order, undefined)).toEqual(order);
  });
});
