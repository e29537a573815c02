import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openMailDb } from '../store/db';
import type { MessageRecord } from '../store/schema';
import { saveSettings, type SettingsPatch } from '../store/settings';
import { Notifier, type NotificationOptions } from './notifications';
import { freshDbName, header } from '../protocol/testing/fixtures';

function arrival(uid: string): MessageRecord {
  const h = header(uid);
  return {
    ...h,
    accountId: 'a',
    mailbox: 'INBOX',
    uidValidity: '1',
    serverFlags: [],
    unread: 1,
    hidden: 0,
    sortDate: h.date,
  };
}

async function setup(sound: boolean, patch: SettingsPatch = {}, now = () => Date.now()) {
  const db = await openMailDb(freshDbName());
  await saveSettings(db, { sound, ...patch });
  const shown: string[] = [];
  let played = 0;
  const sounds: string[] = [];
  const notifier = new Notifier({
    db: async () => db,
    api: {
      create: async (id: string, _o: NotificationOptions) => (shown.push(id), id),
      clear: async () => true,
    },
    iconUrl: 'icon.png',
    buttons: true,
    playSound: async (name: string) => void (played++, sounds.push(name)),
    now,
  });
  return { notifier, shown, played: () => played, sounds };
}

describe('Notifier sound', () => {
  it('plays once per batch of new mail when the user turned sound on', async () => {
    const { notifier, shown, played } = await setup(true);
    await notifier.notify([arrival('1'), arrival('2')]);
    expect(shown).toHaveLength(2);
    expect(played()).toBe(1);
    await notifier.notify([]);
    expect(played()).toBe(1); // nothing new, no sound
  });

  it('stays silent when sound is off (the default)', async () => {
    const { notifier, shown, played } = await setup(false);
    await notifier.notify([arrival('1')]);
    expect(shown).toHaveLength(1);
    expect(played()).toBe(0);
  });
});

describe('Notifier quiet time', () => {
  const at =
    (hh: number, mm = 0) =>
    () =>
      new Date(2026, 0, 15, hh, mm).getTime();
  const nightly = { enabled: true, start: '22:00', end: '07:00' };

  it('shows nothing (and plays nothing) inside the daily quiet hours, and again after them', async () => {
    let clock = at(23, 30);
    const { notifier, shown, played } = await setup(true, { quietHours: nightly }, () => clock());
    await notifier.notify([arrival('1')]);
    clock = at(6, 59);
    await notifier.notify([arrival('2')]);
    expect(shown).toEqual([]);
    expect(played()).toBe(0);
    clock = at(7, 0);
    await notifier.notify([arrival('3')]);
    expect(shown).toHaveLength(1);
    expect(played()).toBe(1);
  });

  it('a pause holds notifications until it ends; quiet hours of one account hold only its mail', async () => {
    let clock = at(12);
    const { notifier, shown } = await setup(
      false,
      { notificationsPausedUntil: at(13)(), accountQuietHours: { b: { enabled: true, start: '09:00', end: '17:00' } } },
      () => clock(),
    );
    await notifier.notify([arrival('1')]);
    expect(shown).toEqual([]);
    clock = at(13, 1);
    const other = { ...arrival('9'), accountId: 'b' };
    await notifier.notify([arrival('2'), other]);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain(':2');
  });
});

describe('Notifier per account', () => {
  it('a folder kept quiet counts but never notifies; an account without sound plays none', async () => {
    const { notifier, shown, played } = await setup(true, {
      accountNotify: { a: { quietFolders: ['Newsletters'], sound: false } },
    });
    await notifier.notify([{ ...arrival('1'), mailbox: 'Newsletters' }]);
    expect(shown).toEqual([]);
    await notifier.notify([arrival('2')]);
    expect(shown).toHaveLength(1);
    expect(played()).toBe(0);
    // Another account keeps the global sound.
    await notifier.notify([{ ...arrival('3'), accountId: 'b' }]);
    expect(played()).toBe(1);
  });
});

describe('Notifier sound choice', () => {
  it("plays the account's own sound, else the global choice", async () => {
    let clock = Date.UTC(2026, 0, 15, 12);
    const { notifier, sounds } = await setup(
      true,
      { soundName: 'bell', accountNotify: { b: { soundName: 'drop' } } },
      () => clock,
    );
    await notifier.notify([arrival('1')]);
    clock += 10_000; // out of the burst window
    await notifier.notify([{ ...arrival('2'), accountId: 'b' }]);
    expect(sounds).toEqual(['bell', 'drop']);
  });
});
