import { describe, expect, it } from 'vitest';
import {
  countVotes,
  flagTone,
  frozenValueText,
  inboxOrder,
  kindsForLevel,
  ownUnits,
  parsePercent,
  reviewVerdicts,
  sortFlags,
  statusTone,
  stepStates,
  textOf,
  workingDaysByStep,
} from './labels';
import type { Me } from '../auth/types';

const steps = [{ code: 'a' }, { code: 'b' }, { code: 'c' }];

describe('recognition labels', () => {
  it('places each step before, at or after the current one', () => {
    expect(stepStates(steps, 'b', 'in_progress')).toEqual(['done', 'current', 'later']);
    expect(stepStates(steps, 'c', 'published')).toEqual(['done', 'done', 'done']);
    expect(stepStates(steps, 'x', 'in_progress')).toEqual(['later', 'later', 'later']);
  });

  it('adds up the working days of a step visited again after a return', () => {
    const days = workingDaysByStep([
      { step: 'a', workingDays: 3 },
      { step: 'b', workingDays: 2 },
      { step: 'a', workingDays: 1 },
    ]);
    expect(days.get('a')).toBe(4);
    expect(days.get('b')).toBe(2);
  });

  it('counts the votes of members present only', () => {
    const votes = countVotes([
      { present: true, vote: 'for' },
      { present: true, vote: 'for' },
      { present: true, vote: 'against' },
      { present: false, vote: 'for' },
    ]);
    expect(votes).toMatchObject({ members: 4, present: 3, for: 2, against: 1, abstain: 0 });
    expect(votes.share).toBeCloseTo(2 / 3);
    expect(countVotes([{ present: false, vote: null }]).share).toBeNull();
  });

  it('gives tones to statuses and flags, overdue first', () => {
    expect(statusTone('published')).toBe('success');
    expect(statusTone('refused')).toBe('danger');
    expect(statusTone('in_progress')).toBe('info');
    expect(flagTone('needs_reroute')).toBe('warning');
    expect(flagTone('debt_outstanding')).toBe('danger');
    expect(sortFlags(['returned', 'overdue', 'returned', 'security_issue'])).toEqual([
      'overdue',
      'security_issue',
      'returned',
    ]);
  });

  it('offers the kinds of the unit level', () => {
    expect(kindsForLevel('commune')).toEqual(['commune_ntm', 'commune_advanced', 'commune_model']);
    expect(kindsForLevel('province')).toEqual(['province_completed']);
  });

  it('reads percentages typed with a decimal comma', () => {
    expect(parsePercent('85,5')).toBe(85.5);
    expect(parsePercent(' 100 ')).toBe(100);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
    expect(parsePercent('')).toBeNull();
  });

  it('orders the inbox overdue first, then by due date', () => {
    const items = [
      { overdue: false, dueOn: null, link: 'c' },
      { overdue: false, dueOn: '2026-12-10', link: 'b' },
      { overdue: true, dueOn: '2026-12-01', link: 'a' },
      { overdue: false, dueOn: '2026-12-05', link: 'd' },
    ];
    expect(inboxOrder(items).map((item) => item.link)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('writes frozen values and loose fields as text', () => {
    const words = { yes: 'Có', no: 'Không', none: 'Chưa có' };
    expect(frozenValueText(true, words, String)).toBe('Có');
    expect(frozenValueText(null, words, String)).toBe('Chưa có');
    expect(frozenValueText(1.5, words, (n) => n.toFixed(1).replace('.', ','))).toBe('1,5');
    expect(textOf({})).toBe('');
    expect(textOf(12)).toBe('12');
  });

  it('reads one verdict or one per reviewer', () => {
    expect(reviewVerdicts({ tc1: { verdict: 'pass', by: 'Sở Xây dựng' } }, 'tc1')).toEqual([
      { by: 'Sở Xây dựng', verdict: 'pass', reason: null },
    ]);
    expect(reviewVerdicts({ tc2: { so_xd: { verdict: 'fail', reason: 'Thiếu' } } }, 'tc2')).toEqual(
      [{ by: 'so_xd', verdict: 'fail', reason: 'Thiếu' }],
    );
    expect(reviewVerdicts({}, 'tc3')).toEqual([]);
  });

  it('finds the communes a commune officer may open a dossier for', () => {
    const me = {
      roles: [
        { role: 'commune', unit: { code: '04381', name: 'Xã Lâm Giang', level: 'commune' } },
        { role: 'viewer', unit: { code: '15', name: 'Tỉnh Lào Cai', level: 'province' } },
      ],
    } as unknown as Me;
    expect(ownUnits(me)).toEqual([{ code: '04381', name: 'Xã Lâm Giang', level: 'commune' }]);
    expect(ownUnits(null)).toEqual([]);
  });
});
