import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openMailDb } from '../store/db';
import type { MessageRecord } from '../store/schema';
import { saveSettings } from '../store/settings';
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

async function setup(sound: boolean) {
  const db = await openMailDb(freshDbName());
  await saveSettings(db, { sound });
  const shown: string[] = [];
  let played = 0;
  const notifier = new Notifier({
    db: async () => db,
    api: {
      create: async (id: string, _o: NotificationOptions) => (shown.push(id), id),
      clear: async () => true,
    },
    iconUrl: 'icon.png',
    buttons: true,
    playSound: async () => void played++,
  });
  return { notifier, shown, played: () => played };
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
