import { describe, expect, it } from 'vitest';
import { inQuietHours, notificationsQuiet, tomorrowMorning } from './quiet-hours';

const at = (hh: number, mm = 0) => new Date(2026, 5, 1, hh, mm);

describe('quiet hours', () => {
  it('a window over midnight is quiet from its start up to (not including) its end', () => {
    const q = { enabled: true, start: '22:00', end: '07:00' };
    expect([at(21, 59), at(22), at(3), at(6, 59), at(7)].map((d) => inQuietHours(q, d))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('a daytime window, a disabled one and an empty one', () => {
    expect(inQuietHours({ enabled: true, start: '09:00', end: '17:30' }, at(17, 29))).toBe(true);
    expect(inQuietHours({ enabled: true, start: '09:00', end: '17:30' }, at(17, 30))).toBe(false);
    expect(inQuietHours({ enabled: false, start: '00:00', end: '23:59' }, at(12))).toBe(false);
    expect(inQuietHours({ enabled: true, start: '08:00', end: '08:00' }, at(8))).toBe(false);
  });

  it('a pause, the global window and an account window each keep notifications quiet', () => {
    const off = { enabled: false, start: '22:00', end: '07:00' };
    const base = { notificationsPausedUntil: 0, quietHours: off, accountQuietHours: {} };
    const noon = at(12).getTime();
    expect(notificationsQuiet(base, 'a', noon)).toBe(false);
    expect(notificationsQuiet({ ...base, notificationsPausedUntil: noon + 1 }, 'a', noon)).toBe(true);
    expect(notificationsQuiet({ ...base, notificationsPausedUntil: noon }, 'a', noon)).toBe(false);
    const b = { b: { enabled: true, start: '11:00', end: '13:00' } };
    expect(notificationsQuiet({ ...base, accountQuietHours: b }, 'b', noon)).toBe(true);
    expect(notificationsQuiet({ ...base, accountQuietHours: b }, 'a', noon)).toBe(false);
  });

  it('"until tomorrow" is 08:00 on the next day', () => {
    const t = new Date(tomorrowMorning(at(23, 50).getTime()));
    expect([t.getDate(), t.getHours(), t.getMinutes()]).toEqual([2, 8, 0]);
  });
});
