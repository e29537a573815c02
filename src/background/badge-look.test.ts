import { describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import type { AccountTotal, UnreadTotals } from '../store/queries';
import { BADGE_COLORS, badgeLook, formatCount } from './badge-look';

const acct = (id: string, unread: number, extra: Partial<AccountTotal> = {}): AccountTotal => ({
  accountId: id,
  label: id,
  unread,
  includeInBadge: true,
  state: 'connected',
  ...extra,
});
const totals = (...accounts: AccountTotal[]): UnreadTotals => ({
  accounts,
  total: accounts.filter((a) => a.includeInBadge).reduce((n, a) => n + a.unread, 0),
});
const look = (bridge: Parameters<typeof badgeLook>[0]['bridge'], t: UnreadTotals) =>
  badgeLook({ bridge, totals: t, color: '#123456' });

describe('formatCount', () => {
  it('hides zero and abbreviates above 999', () => {
    expect([0, 1, 999, 1000, 123456].map(formatCount)).toEqual(['', '1', '999', '999+', '999+']);
  });
});

describe('badgeLook', () => {
  it('normal: total of included accounts in the user colour, per-account tooltip', () => {
    const l = look(
      'connected',
      totals(acct('Work', 10), acct('Home', 2), acct('Lists', 40, { includeInBadge: false })),
    );
    expect(l.text).toBe('12');
    expect(l.color).toBe('#123456');
    expect(l.title.split('\n')).toEqual(['Mailglance: 12 unread', 'Work: 10', 'Home: 2', 'Lists: 40 (not counted)']);
  });

  it('no unread: empty text', () => {
    expect(look('connected', totals(acct('a', 0))).text).toBe('');
  });

  it('bridge missing: red "!" with the install hint, regardless of counts', () => {
    const l = look('missing', totals(acct('a', 5)));
    expect(l).toMatchObject({ text: '!', color: BADGE_COLORS.error });
    expect(l.title).toContain(`npx mailglance-bridge@${version} install`);
    expect(look('incompatible', totals()).text).toBe('!');
  });

  it('reconnecting: last known count kept, grey', () => {
    const l = look('reconnecting', totals(acct('a', 5)));
    expect(l).toMatchObject({ text: '5', color: BADGE_COLORS.offline });
    expect(look('connecting', totals(acct('a', 0)))).toMatchObject({ text: '…', color: BADGE_COLORS.offline });
  });

  it('an account with failed sign-in: its own colour, count kept, named in the tooltip', () => {
    const l = look('connected', totals(acct('a', 3), acct('b', 0, { state: 'authFailed' })));
    expect(l).toMatchObject({ text: '3', color: BADGE_COLORS.authFailed });
    expect(l.title).toContain('b: 0 (sign-in failed)');
    expect(look('connected', totals(acct('b', 0, { state: 'authFailed' }))).text).toBe('!');
  });

  it('an OAuth account that must sign in again looks like a failed sign-in and says so', () => {
    const l = look('connected', totals(acct('a', 2), acct('g', 4, { state: 'signInRequired' })));
    expect(l).toMatchObject({ text: '6', color: BADGE_COLORS.authFailed });
    expect(l.title).toContain('g: 4 (sign in again)');
  });

  it('all mail servers unreachable: grey; only some: grey colour with count', () => {
    expect(look('connected', totals(acct('a', 4, { state: 'reconnecting' })))).toMatchObject({
      text: '4',
      color: BADGE_COLORS.offline,
    });
    const partly = look('connected', totals(acct('a', 4, { state: 'reconnecting' }), acct('b', 1)));
    expect(partly).toMatchObject({ text: '5', color: BADGE_COLORS.offline });
    expect(partly.title).toContain('a: 4 (offline)');
  });

  it('quota above 90 %: its own colour; at 90 % exactly: normal', () => {
    const l = look('connected', totals(acct('a', 2, { quotaRatio: 0.95 })));
    expect(l).toMatchObject({ text: '2', color: BADGE_COLORS.quota });
    expect(l.title).toContain('a: 2 (mailbox 95% full)');
    expect(look('connected', totals(acct('a', 2, { quotaRatio: 0.9 }))).color).toBe('#123456');
  });

  it('sign-in failure wins over quota, and every look is distinct', () => {
    const both = look('connected', totals(acct('a', 1, { state: 'authFailed', quotaRatio: 0.99 })));
    expect(both.color).toBe(BADGE_COLORS.authFailed);
    const colors = new Set(Object.values(BADGE_COLORS));
    expect(colors.size).toBe(4);
  });

  it('uses the translator with substitutions', () => {
    const l = badgeLook(
      { bridge: 'connected', totals: totals(acct('a', 2)), color: '#000000' },
      (key, _f, subs) => `${key}[${subs?.join(',') ?? ''}]`,
    );
    expect(l.title.split('\n')[0]).toBe('badgeUnreadTotal[extName[],2]');
  });
});
