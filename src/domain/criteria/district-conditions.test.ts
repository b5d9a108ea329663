import { describe, expect, it } from 'vitest';
import { districtConditions, formatDistrictCondition } from './district-conditions';

const base = {
  communes: 20,
  communesMet: 20,
  communesWithoutResult: 0,
  communesAdvanced: 2,
  townships: 0,
  townshipsCivilised: 0,
  satisfaction: null,
};
const byCode = (input: Parameters<typeof districtConditions>[0]) =>
  Object.fromEntries(districtConditions(input).map((c) => [c.code, c]));

describe('district recognition conditions (320/QĐ-TTg)', () => {
  it('every commune met and 10 % advanced: conditions 1 and 2 met; satisfaction has no source', () => {
    const conditions = byCode(base);
    expect(conditions.communes_ntm).toMatchObject({ status: 'met', count: 20, of: 20, share: 100 });
    expect(conditions.communes_advanced).toMatchObject({ status: 'met', share: 10 });
    expect(conditions.townships).toMatchObject({ status: 'met', of: 0 });
    expect(conditions.satisfaction).toMatchObject({ status: 'unknown', reason: 'no_source' });
    expect(formatDistrictCondition(conditions.communes_ntm!)).toBe(
      'Đạt: 20/20 xã đạt đủ tiêu chí (theo số liệu), cần 100%',
    );
    expect(formatDistrictCondition(conditions.satisfaction!)).toBe(
      'Chưa xác định: chưa có nguồn số liệu (khảo sát sự hài lòng của người dân, cần ≥ 90%)',
    );
  });

  it('a commune really failing → not met; only missing data → unknown', () => {
    expect(byCode({ ...base, communesMet: 19 }).communes_ntm).toMatchObject({
      status: 'not_met',
      reason: 'some_not_met',
    });
    expect(
      byCode({ ...base, communesMet: 18, communesWithoutResult: 2 }).communes_ntm,
    ).toMatchObject({ status: 'unknown', reason: 'some_without_result' });
  });

  it('advanced: below 10 % is not met, no advanced set is unknown', () => {
    expect(byCode({ ...base, communesAdvanced: 1 }).communes_advanced).toMatchObject({
      status: 'not_met',
      share: 5,
    });
    expect(
      byCode({ ...base, communesAdvanced: 1, communesAdvancedWithoutResult: 3 }).communes_advanced,
    ).toMatchObject({ status: 'unknown', reason: 'share_undetermined' });
    const none = byCode({ ...base, communesAdvanced: null }).communes_advanced!;
    expect(none).toMatchObject({ status: 'unknown', reason: 'no_advanced_set' });
    expect(formatDistrictCondition(none)).toContain(
      'chưa có bộ tiêu chí xã nông thôn mới nâng cao',
    );
  });

  it('townships: unknown without a source, not met when one is not civilised', () => {
    expect(byCode({ ...base, townships: 2, townshipsCivilised: null }).townships).toMatchObject({
      status: 'unknown',
      reason: 'no_source',
    });
    expect(byCode({ ...base, townships: 2, townshipsCivilised: 1 }).townships).toMatchObject({
      status: 'not_met',
    });
  });

  it('satisfaction from a survey: ≥ 90 % met', () => {
    expect(byCode({ ...base, satisfaction: 90 }).satisfaction?.status).toBe('met');
    expect(byCode({ ...base, satisfaction: 89.9 }).satisfaction?.status).toBe('not_met');
  });
});
