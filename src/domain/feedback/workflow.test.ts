import { describe, expect, it } from 'vitest';
import { foldText, isOverdue, reportCodeOf, transition } from './workflow';

describe('the life of a community report', () => {
  it('goes from received to closed through an answer', () => {
    expect(transition('received', 'start', false)).toEqual({ to: 'in_progress', publishes: true });
    expect(transition('in_progress', 'answer', true)).toEqual({ to: 'answered', publishes: true });
    expect(transition('answered', 'close', true)).toEqual({ to: 'closed', publishes: false });
    expect(transition('resolved', 'answer', true)?.to).toBe('resolved');
  });

  it('refuses what does not fit the status', () => {
    expect(transition('received', 'close', false)).toBeNull();
    expect(transition('closed', 'answer', true)).toBeNull();
    expect(transition('answered', 'reject', true)).toBeNull();
    expect(transition('received', 'accept', true)).toBeNull();
    expect(transition('rejected', 'accept', false)).toBeNull();
    expect(transition('rejected', 'note', false)?.to).toBe('rejected');
  });

  it('is overdue only while waiting for an answer past its due date', () => {
    expect(isOverdue('received', '2026-03-02', '2026-03-03')).toBe(true);
    expect(isOverdue('in_progress', '2026-03-03', '2026-03-03')).toBe(false);
    expect(isOverdue('answered', '2026-03-02', '2026-03-03')).toBe(false);
  });

  it('folds text for duplicates and makes readable codes', () => {
    expect(foldText('  Đường   thôn Khe Dứa, còn LẦY!! ')).toBe('duong thon khe dua con lay');
    expect(reportCodeOf(2026, [0, 1, 2, 30, 31, 255])).toMatch(/^PA-2026-[2-9A-Z]{6}$/);
    expect(reportCodeOf(2026, [0, 0, 0, 0, 0, 0])).toBe('PA-2026-222222');
  });
});
