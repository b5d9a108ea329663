import { z } from 'zod';
import type {
  CatalogueGroup,
  CatalogueSector,
  CatalogueSet,
  OcopLevel,
  OcopRuleVersion,
  RuleVersionField,
  StarBand,
  Stars,
} from './types';
import { APPLICATION_KINDS, SHEET_PARTS } from './types';

/**
 * OCOP rule versions (`data/ocop/rules/*.yaml`, `procedures.md` §3): the schema that parses a
 * loaded file, the version in force on a day, points → stars on half-open bands, who recognises
 * which stars, the catalogue, round cut-offs and the certificate's dates. Dates are ISO
 * `YYYY-MM-DD` strings, computed on the calendar (no time zone enters).
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => isValidIsoDate(value), 'not a calendar date');
const code = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/);
const starsSchema = z.literal([1, 2, 3, 4, 5]);
const levelSchema = z.enum(['commune', 'district', 'province', 'central']);
/** Points with at most two decimals (sheets use whole points and halves). */
const points = z
  .number()
  .min(0)
  .refine((value) => isHundredths(value), 'at most two decimals');

const RULE_VERSION_FIELDS = [
  'code',
  'name',
  'decision',
  'issuedOn',
  'validFrom',
  'validTo',
  'verified',
  'source',
  'partPoints',
  'starBands',
  'minimumCertifiedStars',
  'recognitions',
  'centralThreshold',
  'communePreassessment',
  'preassessmentCriteria',
  'applicationKinds',
  'certificateMonths',
  'expiryAlertMonths',
  'roundCutoffs',
  'councilMaxGap',
  'requirementsMetBy',
  'catalogueComplete',
  'revocationReasons',
  'catalogue',
] as const satisfies readonly RuleVersionField[];

/** A problem with a rule version's star bands. */
export interface BandProblem {
  code: 'band_start' | 'band_gap' | 'band_overlap' | 'band_open_end' | 'band_order' | 'band_empty';
  params: Record<string, number | null>;
}

/**
 * Whether bands cover [0, ∞) once: sorted by `min`, the first starts at 0, each starts where the
 * previous ends, only the last is open (`max: null`), each is non-empty, stars rise strictly.
 */
export function checkStarBands(bands: StarBand[]): BandProblem[] {
  const problems: BandProblem[] = [];
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  if (sorted.length === 0) return [{ code: 'band_start', params: { min: null } }];
  if (sorted[0]!.min !== 0) problems.push({ code: 'band_start', params: { min: sorted[0]!.min } });
  sorted.forEach((band, index) => {
    if (band.max !== null && band.max <= band.min)
      problems.push({ code: 'band_empty', params: { stars: band.stars, min: band.min } });
    const next = sorted[index + 1];
    if (!next) {
      if (band.max !== null)
        problems.push({ code: 'band_open_end', params: { stars: band.stars, max: band.max } });
      return;
    }
    if (band.max === null || band.max > next.min)
      problems.push({ code: 'band_overlap', params: { stars: band.stars, next: next.stars } });
    else if (band.max < next.min)
      problems.push({ code: 'band_gap', params: { from: band.max, to: next.min } });
    if (next.stars <= band.stars)
      problems.push({ code: 'band_order', params: { stars: band.stars, next: next.stars } });
  });
  return problems;
}

const catalogueSchema = z
  .array(
    z.strictObject({
      code,
      name: z.string().min(2),
      groups: z
        .array(
          z.strictObject({
            code,
            name: z.string().min(2),
            sets: z
              .array(
                z.strictObject({ code, name: z.string().min(2), samplesRequired: z.boolean() }),
              )
              .min(1),
          }),
        )
        .min(1),
    }),
  )
  .min(1);

/** A rule version as loaded from YAML, with its consistency checks. */
export const ruleVersionSchema: z.ZodType<OcopRuleVersion> = z
  .strictObject({
    code,
    name: z.string().min(3),
    decision: z.string().min(3),
    issuedOn: isoDate,
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    verified: z.boolean(),
    source: z.string().min(3),
    partPoints: z.strictObject({ A: points, B: points, C: points }),
    starBands: z
      .array(z.strictObject({ stars: starsSchema, min: points, max: points.nullable() }))
      .min(1),
    minimumCertifiedStars: starsSchema,
    recognitions: z
      .array(z.strictObject({ level: levelSchema, stars: z.array(starsSchema).min(1) }))
      .min(1),
    centralThreshold: points.max(100).nullable(),
    communePreassessment: z.boolean(),
    preassessmentCriteria: z.array(z.strictObject({ code, label: z.string().min(3) })),
    applicationKinds: z.array(z.enum(APPLICATION_KINDS)).min(1),
    certificateMonths: z.number().int().min(1).max(120),
    expiryAlertMonths: z.array(z.number().int().min(1).max(60)),
    roundCutoffs: z.array(
      z.strictObject({
        level: levelSchema,
        day: z.number().int().min(1).max(31),
        month: z.number().int().min(1).max(12),
      }),
    ),
    councilMaxGap: points.max(100),
    requirementsMetBy: z.enum(['all', 'majority']),
    catalogueComplete: z.boolean(),
    revocationReasons: z
      .array(z.strictObject({ code, label: z.string().min(3), verified: z.boolean() }))
      .min(1),
    catalogue: catalogueSchema,
    unverified: z.array(z.enum(RULE_VERSION_FIELDS)).optional(),
  })
  .superRefine((version, context) => {
    const fail = (message: string) => context.addIssue({ code: 'custom', message });
    const at = version.code;
    if (version.validTo !== null && version.validTo <= version.validFrom)
      fail(`${at}: validTo is not after validFrom`);
    if (version.issuedOn > version.validFrom) fail(`${at}: issuedOn after validFrom`);
    const total = SHEET_PARTS.reduce(
      (sum, part) => sum + toHundredths(version.partPoints[part]),
      0,
    );
    if (total !== 10_000) fail(`${at}: partPoints sum to ${total / 100}, not 100`);
    for (const problem of checkStarBands(version.starBands))
      fail(`${at}: starBands ${problem.code} ${JSON.stringify(problem.params)}`);
    const recognised = new Map<Stars, OcopLevel>();
    for (const recognition of version.recognitions)
      for (const stars of recognition.stars) {
        if (recognised.has(stars)) fail(`${at}: ${stars}★ recognised twice`);
        recognised.set(stars, recognition.level);
        if (stars < version.minimumCertifiedStars)
          fail(`${at}: ${stars}★ recognised below minimumCertifiedStars`);
      }
    for (let stars: number = version.minimumCertifiedStars; stars <= 5; stars += 1)
      if (!recognised.has(stars as Stars)) fail(`${at}: no level recognises ${stars}★`);
    if (version.communePreassessment !== version.preassessmentCriteria.length > 0)
      fail(`${at}: preassessmentCriteria must be listed exactly when the commune pre-assesses`);
    for (const cutoff of version.roundCutoffs)
      if (cutoff.day > daysInMonth(2001, cutoff.month))
        fail(`${at}: cut-off ${cutoff.day}/${cutoff.month} is not a day of every year`);
    if (version.expiryAlertMonths.some((months) => months >= version.certificateMonths))
      fail(`${at}: an expiry alert is not before the certificate's validity`);
    const unique = (kind: string, codes: string[]) => {
      const seen = new Set<string>();
      for (const item of codes) {
        if (seen.has(item)) fail(`${at}: ${kind} ${item} twice`);
        seen.add(item);
      }
    };
    unique(
      'preassessment criterion',
      version.preassessmentCriteria.map((item) => item.code),
    );
    unique(
      'revocation reason',
      version.revocationReasons.map((item) => item.code),
    );
    unique('application kind', version.applicationKinds);
    unique('unverified field', version.unverified ?? []);
    unique(
      'sector',
      version.catalogue.map((sector) => sector.code),
    );
    const groups = version.catalogue.flatMap((sector) => sector.groups);
    unique(
      'group',
      groups.map((group) => group.code),
    );
    unique(
      'set',
      groups.flatMap((group) => group.sets.map((set) => set.code)),
    );
  });

/**
 * The version in force on a day: `validFrom ≤ day < validTo` (validTo exclusive, null = open).
 * Should two overlap, the one that started later wins. Null before the first version.
 */
export function ruleVersionOn(versions: OcopRuleVersion[], isoDay: string): OcopRuleVersion | null {
  let found: OcopRuleVersion | null = null;
  for (const version of versions) {
    if (version.validFrom > isoDay) continue;
    if (version.validTo !== null && isoDay >= version.validTo) continue;
    if (!found || version.validFrom > found.validFrom) found = version;
  }
  return found;
}

/**
 * The stars that points give: the band with `min ≤ points < max` (`max: null` is open above), so
 * 29.99 → 1★, 30 → 2★, 89.99 → 4★, 90 → 5★. Throws on negative or non-finite points and on
 * bands that do not cover them (bands are checked when a version is parsed).
 */
export function starsFor(points: number, bands: StarBand[]): Stars {
  if (!Number.isFinite(points) || points < 0) throw new RangeError(`starsFor: points ${points}`);
  const band = bands.find((item) => item.min <= points && (item.max === null || points < item.max));
  if (!band) throw new RangeError(`starsFor: no band for ${points}`);
  return band.stars;
}

/** The level that recognises (công nhận) a star count under a version, or null (none does). */
export function recognisingLevel(version: OcopRuleVersion, stars: Stars): OcopLevel | null {
  return version.recognitions.find((item) => item.stars.includes(stars))?.level ?? null;
}

/** A catalogue set with the group and the sector it belongs to. */
export interface FoundSet {
  sector: CatalogueSector;
  group: CatalogueGroup;
  set: CatalogueSet;
}

/** The catalogue set of a code, with its group and sector, or null when the version lacks it. */
export function findSet(version: OcopRuleVersion, setCode: string): FoundSet | null {
  for (const sector of version.catalogue)
    for (const group of sector.groups)
      for (const set of group.sets) if (set.code === setCode) return { sector, group, set };
  return null;
}

/**
 * The next round cut-off of a level on or after a day (the day itself counts), or null when the
 * version sets no cut-off for that level.
 */
export function nextCutoff(
  version: OcopRuleVersion,
  level: OcopLevel,
  isoDay: string,
): string | null {
  const cutoffs = version.roundCutoffs.filter((item) => item.level === level);
  if (cutoffs.length === 0) return null;
  const year = Number(isoDay.slice(0, 4));
  const candidates = [year, year + 1]
    .flatMap((y) => cutoffs.map((item) => formatIsoDate(y, item.month, item.day)))
    .filter((day) => day >= isoDay)
    .sort();
  return candidates[0] ?? null;
}

/**
 * The last day (inclusive) a certificate issued on `validFromIso` is valid: the day before the
 * same date `certificateMonths` later, so 2026-06-15 → 2029-06-14 for 36 months. When that date
 * does not exist (29 February into a common year), the anniversary is the first day of the next
 * month and the certificate runs to the end of the month (2028-02-29 → 2031-02-28). The reference
 * only says "36 months"; this reading is ours.
 */
export function certificateValidTo(version: OcopRuleVersion, validFromIso: string): string {
  const { year, month, day } = parseIsoDate(validFromIso);
  const end = addMonths(year, month, version.certificateMonths);
  const anniversary =
    day <= daysInMonth(end.year, end.month)
      ? Date.UTC(end.year, end.month - 1, day)
      : Date.UTC(end.year, end.month, 1);
  return isoFromTime(anniversary - DAY_MS);
}

/**
 * The days on which the producer and the office are alerted before a certificate's last day: that
 * day minus each of `expiryAlertMonths` months (to the month's last day when the day does not exist
 * there), earliest first, without repeats.
 */
export function expiryAlertDates(version: OcopRuleVersion, validToIso: string): string[] {
  const { year, month, day } = parseIsoDate(validToIso);
  const dates = version.expiryAlertMonths.map((months) => {
    const at = addMonths(year, month, -months);
    return formatIsoDate(at.year, at.month, Math.min(day, daysInMonth(at.year, at.month)));
  });
  return [...new Set(dates)].sort();
}

// ---- calendar and exact-number helpers ----

const DAY_MS = 86_400_000;

function parseIsoDate(value: string): { year: number; month: number; day: number } {
  if (!isValidIsoDate(value)) throw new RangeError(`not an ISO date: ${value}`);
  return {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  };
}

function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isoFromTime(time: number): string {
  const date = new Date(time);
  return formatIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Points as integer hundredths (sheets' points have at most two decimals: no float drift). */
export function toHundredths(value: number): number {
  return Math.round(value * 100);
}

/** Whether a number has at most two decimals. */
export function isHundredths(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}
