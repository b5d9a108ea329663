import { describe, expect, it } from 'vitest';
import {
  certificateValidTo,
  checkStarBands,
  expiryAlertDates,
  findSet,
  nextCutoff,
  recognisingLevel,
  ruleVersionOn,
  ruleVersionSchema,
  starsFor,
} from './rules';
import { shippedRuleObjects, shippedVersion } from './shipped.fixture';
import type { OcopRuleVersion, StarBand } from './types';

const v148 = shippedVersion('148-2023');
const v1489 = shippedVersion('1489-2025');
const v26 = shippedVersion('26-2026');
const versions = [v148, v1489, v26];

describe('shipped rule versions', () => {
  it('all parse, and each file is named after its code', () => {
    expect(Object.keys(shippedRuleObjects).sort()).toEqual(['148-2023', '1489-2025', '26-2026']);
    for (const [name, raw] of Object.entries(shippedRuleObjects)) {
      const parsed = ruleVersionSchema.safeParse(raw);
      expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data?.code).toBe(name);
    }
  });

  it('follow one another without gaps or overlaps', () => {
    expect(v148.validTo).toBe(v1489.validFrom);
    expect(v1489.validTo).toBe(v26.validFrom);
    expect(v26.validTo).toBeNull();
  });

  it('are not presented as confirmed', () => {
    for (const version of versions) {
      expect(version.verified).toBe(false);
      expect(version.unverified).toContain('councilMaxGap');
      expect(version.unverified).toContain('requirementsMetBy');
      expect(version.catalogueComplete).toBe(false);
      expect(version.revocationReasons.every((reason) => !reason.verified)).toBe(true);
    }
  });

  it('every sector can receive a product, tourism without samples', () => {
    for (const version of versions) {
      expect(version.catalogue).toHaveLength(6);
      for (const sector of version.catalogue)
        expect(sector.groups.flatMap((group) => group.sets).length).toBeGreaterThan(0);
      expect(findSet(version, 'du-lich')?.set.samplesRequired).toBe(false);
      expect(findSet(version, 'rau-cu-qua-hat-tuoi')).toMatchObject({
        sector: { code: 'thuc-pham' },
        group: { code: 'thuc-pham-tuoi-song' },
        set: { name: 'Rau, củ, quả, hạt tươi', samplesRequired: true },
      });
      expect(findSet(version, 'khong-co')).toBeNull();
    }
  });
});

describe('ruleVersionOn', () => {
  it('takes validFrom inclusive and validTo exclusive', () => {
    expect(ruleVersionOn(versions, '2023-02-23')).toBeNull();
    expect(ruleVersionOn(versions, '2023-02-24')?.code).toBe('148-2023');
    expect(ruleVersionOn(versions, '2025-07-05')?.code).toBe('148-2023');
    expect(ruleVersionOn(versions, '2025-07-06')?.code).toBe('1489-2025');
    expect(ruleVersionOn(versions, '2026-05-21')?.code).toBe('1489-2025');
    expect(ruleVersionOn(versions, '2026-05-22')?.code).toBe('26-2026');
    expect(ruleVersionOn(versions, '2040-01-01')?.code).toBe('26-2026');
    expect(ruleVersionOn([], '2026-01-01')).toBeNull();
  });
});

describe('starsFor (half-open bands)', () => {
  it.each([
    [0, 1],
    [29.99, 1],
    [30, 2],
    [49.9, 2],
    [49.99, 2],
    [50, 3],
    [69.99, 3],
    [70, 4],
    [89.99, 4],
    [90, 5],
    [100, 5],
  ])('%s points → %s★', (points, stars) => {
    expect(starsFor(points, v26.starBands)).toBe(stars);
  });

  it('refuses negative points', () => {
    expect(() => starsFor(-1, v26.starBands)).toThrow(RangeError);
    expect(() => starsFor(Number.NaN, v26.starBands)).toThrow(RangeError);
  });
});

describe('checkStarBands', () => {
  const band = (stars: StarBand['stars'], min: number, max: number | null): StarBand => ({
    stars,
    min,
    max,
  });
  it('accepts the shipped bands in any order', () => {
    expect(checkStarBands(v26.starBands)).toEqual([]);
    expect(checkStarBands([...v26.starBands].reverse())).toEqual([]);
  });
  it('finds a gap, an overlap, a closed end, a late start and falling stars', () => {
    const codes = (bands: StarBand[]) => checkStarBands(bands).map((problem) => problem.code);
    expect(codes([band(1, 0, 30), band(2, 31, null)])).toEqual(['band_gap']);
    expect(codes([band(1, 0, 30), band(2, 29, null)])).toEqual(['band_overlap']);
    expect(codes([band(1, 0, 30), band(2, 30, 100)])).toEqual(['band_open_end']);
    expect(codes([band(1, 10, 30), band(2, 30, null)])).toEqual(['band_start']);
    expect(codes([band(2, 0, 30), band(1, 30, null)])).toEqual(['band_order']);
    expect(codes([])).toEqual(['band_start']);
  });
  it('makes a version with bad bands fail to parse', () => {
    const raw = structuredClone(shippedRuleObjects['26-2026']) as { starBands: StarBand[] };
    raw.starBands[1]!.min = 31;
    expect(ruleVersionSchema.safeParse(raw).success).toBe(false);
  });
});

describe('the schema checks consistency', () => {
  const variant = (change: (raw: Record<string, unknown>) => void) => {
    const raw = structuredClone(shippedRuleObjects['26-2026']) as Record<string, unknown>;
    change(raw);
    return ruleVersionSchema.safeParse(raw).success;
  };
  it('refuses parts that do not make 100, a star nobody recognises, and repeated codes', () => {
    expect(variant(() => undefined)).toBe(true);
    expect(variant((raw) => (raw.partPoints = { A: 40, B: 25, C: 30 }))).toBe(false);
    expect(variant((raw) => (raw.recognitions = [{ level: 'province', stars: [3, 4] }]))).toBe(
      false,
    );
    expect(variant((raw) => (raw.minimumCertifiedStars = 2))).toBe(false);
    expect(variant((raw) => (raw.roundCutoffs = [{ level: 'province', day: 31, month: 6 }]))).toBe(
      false,
    );
    expect(
      variant((raw) => {
        const reasons = raw.revocationReasons as unknown[];
        reasons.push(reasons[0]);
      }),
    ).toBe(false);
    expect(variant((raw) => (raw.communePreassessment = true))).toBe(false);
    expect(variant((raw) => (raw.unverified = ['noSuchField']))).toBe(false);
  });
});

describe('recognisingLevel', () => {
  it('follows each version', () => {
    expect(recognisingLevel(v148, 3)).toBe('district');
    expect(recognisingLevel(v148, 4)).toBe('province');
    expect(recognisingLevel(v148, 5)).toBe('central');
    expect(recognisingLevel(v148, 2)).toBeNull();
    expect(recognisingLevel(v1489, 3)).toBe('province');
    expect(recognisingLevel(v26, 4)).toBe('province');
    expect(recognisingLevel(v26, 5)).toBe('central');
    expect(recognisingLevel(v26, 1)).toBeNull();
  });
});

describe('nextCutoff', () => {
  it('finds the next cut-off of a level on or after a day', () => {
    expect(nextCutoff(v26, 'province', '2026-05-22')).toBe('2026-06-30');
    expect(nextCutoff(v26, 'province', '2026-06-30')).toBe('2026-06-30');
    expect(nextCutoff(v26, 'province', '2026-07-01')).toBe('2026-12-30');
    expect(nextCutoff(v26, 'province', '2026-12-31')).toBe('2027-06-30');
    expect(nextCutoff(v26, 'central', '2026-05-22')).toBe('2026-09-30');
    expect(nextCutoff(v26, 'central', '2026-10-01')).toBe('2027-03-30');
    expect(nextCutoff(v26, 'commune', '2026-10-01')).toBeNull();
    expect(nextCutoff(v148, 'province', '2024-01-01')).toBeNull();
  });
});

describe('certificate dates', () => {
  it('runs to the day before the same date 36 months later', () => {
    expect(certificateValidTo(v26, '2026-06-15')).toBe('2029-06-14');
    expect(certificateValidTo(v26, '2026-01-01')).toBe('2028-12-31');
    expect(certificateValidTo(v26, '2028-02-29')).toBe('2031-02-28');
    expect(certificateValidTo(v26, '2027-03-01')).toBe('2030-02-28');
    const monthly: OcopRuleVersion = { ...v26, certificateMonths: 1 };
    expect(certificateValidTo(monthly, '2026-01-31')).toBe('2026-02-28');
  });
  it('alerts 6 and 3 months before the last day, earliest first', () => {
    expect(expiryAlertDates(v26, '2029-06-14')).toEqual(['2028-12-14', '2029-03-14']);
    expect(expiryAlertDates(v26, '2029-08-31')).toEqual(['2029-02-28', '2029-05-31']);
    expect(expiryAlertDates({ ...v26, expiryAlertMonths: [] }, '2029-08-31')).toEqual([]);
  });
});
