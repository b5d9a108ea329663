import { describe, expect, it } from 'vitest';
import { notificationTime } from './time';

const now = new Date('2026-11-23T07:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('notificationTime', () => {
  it('says how long ago within a day', () => {
    expect(notificationTime(ago(20_000), 'vi', 'Vừa xong', now)).toBe('Vừa xong');
    expect(notificationTime(ago(5 * 60_000), 'vi', 'Vừa xong', now)).toBe('5 phút trước');
    expect(notificationTime(ago(3 * 3_600_000 + 1000), 'vi', 'Vừa xong', now)).toBe('3 giờ trước');
    expect(notificationTime(ago(5 * 60_000), 'en', 'Just now', now)).toBe('5 minutes ago');
  });

  it('gives the date and time for older ones', () => {
    const text = notificationTime('2026-11-20T07:02:00Z', 'vi', 'Vừa xong', now);
    expect(text).toMatch(/^20\/11\/2026 \d{2}:02$/);
    expect(notificationTime('nonsense', 'vi', 'Vừa xong', now)).toBe('');
  });
});
