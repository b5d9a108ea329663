import { sql } from 'drizzle-orm';
import {
  districtConditions,
  type DistrictCondition,
  type SubunitCounts,
} from '../../../domain/criteria';
import { queryRows, type Executor } from '../../db/client';
import type { EntryTarget } from './target';

/**
 * What a district's evaluation needs from its communes (320/QĐ-TTg, 18/2022/QĐ-TTg): the counts
 * for the revoked-communes rule and the recognition conditions beside the 9 criteria. The communes
 * are the rural communes (kind `xa`) under the district on 31/12 of the year (or on the district's
 * last day, for a district that ceased during the year), through the unit hierarchy; their verdicts
 * are the stored evaluations of the central commune set of the year (standard, and advanced when
 * such a set exists). Until the recognition workflow exists, "NTM commune" means "computed as
 * meeting every criterion (theo số liệu)".
 */
export interface DistrictFacts {
  /** The day the communes were counted on (yyyy-mm-dd). */
  date: string;
  subunits: SubunitCounts;
  communes: number;
  communesMet: number;
  communesWithoutResult: number;
  /** The commune sets used (null when none is published for the year). */
  communeSet: string | null;
  advancedSet: string | null;
  conditions: DistrictCondition[];
}

interface Row {
  communes: number;
  met: number;
  withoutResult: number;
  revoked: number;
  revocationUnknown: number;
  advanced: number;
  advancedWithoutResult: number;
  townships: number;
  communeSet: string | null;
  advancedSet: string | null;
}

/** A stored verdict with no failing value: an evaluation "chưa đủ số liệu" (SQL, alias `e`). */
const withoutResult = (alias: string) =>
  sql.raw(
    `(${alias}.unit_id IS NULL OR ${alias}.status = 'unclassified' OR (${alias}.status = 'not_met'
      AND NOT ('not_met' = ANY(${alias}.indicator_status))))`,
  );

/** The district facts of a district-level target, or null for any other target. */
export async function districtFacts(
  executor: Executor,
  target: EntryTarget,
): Promise<DistrictFacts | null> {
  if (target.set.level !== 'district' || target.unit.level !== 'district') return null;
  const yearEnd = `${target.year}-12-31`;
  const yearStart = `${target.year}-01-01`;
  const validTo = target.unit.validTo;
  const date = validTo !== null && validTo < yearEnd ? validTo : yearEnd;
  const centralSet = (kind: string) =>
    sql`SELECT id, code FROM criteria_set WHERE status = 'published' AND issuer = 'central'
          AND level = 'commune' AND kind = ${kind}
          AND valid_from <= ${yearEnd}::date AND valid_to >= ${yearStart}::date
        ORDER BY valid_from DESC, id DESC LIMIT 1`;
  const [row] = await queryRows<Row>(
    executor,
    sql`WITH members AS (
          SELECT c.id, c.kind FROM unit c
          WHERE c.level = 'commune' AND c.path <@ ${target.unit.path}::ltree
            AND c.valid_from <= ${date}::date AND (c.valid_to IS NULL OR c.valid_to >= ${date}::date)
        ),
        std AS (${centralSet('standard')}),
        adv AS (${centralSet('advanced')})
        SELECT count(*) FILTER (WHERE m.kind = 'xa')::int AS communes,
          count(*) FILTER (WHERE m.kind = 'xa' AND e.status = 'met')::int AS met,
          count(*) FILTER (WHERE m.kind = 'xa' AND ${withoutResult('e')})::int AS "withoutResult",
          count(*) FILTER (WHERE m.kind = 'xa' AND e.revocation ->> 'revoke' = 'true')::int AS revoked,
          count(*) FILTER (WHERE m.kind = 'xa' AND (e.unit_id IS NULL OR e.status = 'unclassified'
            OR e.revocation IS NULL OR e.revocation ->> 'outcome' = 'undetermined'))::int
            AS "revocationUnknown",
          count(*) FILTER (WHERE m.kind = 'xa' AND a.status = 'met')::int AS advanced,
          count(*) FILTER (WHERE m.kind = 'xa' AND ${withoutResult('a')})::int
            AS "advancedWithoutResult",
          count(*) FILTER (WHERE m.kind = 'thi_tran')::int AS townships,
          (SELECT code FROM std) AS "communeSet", (SELECT code FROM adv) AS "advancedSet"
        FROM members m
          LEFT JOIN evaluation e ON e.unit_id = m.id AND e.year = ${target.year}
            AND e.set_id = (SELECT id FROM std)
          LEFT JOIN evaluation a ON a.unit_id = m.id AND a.year = ${target.year}
            AND a.set_id = (SELECT id FROM adv)`,
  );
  const n = (value: unknown) => Number(value ?? 0);
  const communes = n(row?.communes);
  const communesMet = n(row?.met);
  const communesWithoutResult = n(row?.withoutResult);
  const advancedSet = row?.advancedSet ?? null;
  const townships = n(row?.townships);
  return {
    date,
    subunits: {
      total: communes,
      revoked: n(row?.revoked),
      undetermined: n(row?.revocationUnknown),
    },
    communes,
    communesMet,
    communesWithoutResult,
    communeSet: row?.communeSet ?? null,
    advancedSet,
    conditions: districtConditions({
      communes,
      communesMet,
      communesWithoutResult,
      communesAdvanced: advancedSet === null ? null : n(row?.advanced),
      communesAdvancedWithoutResult: n(row?.advancedWithoutResult),
      // No source yet for the civilised-urban standard of townships.
      townships,
      townshipsCivilised: townships === 0 ? 0 : null,
      // No satisfaction survey yet.
      satisfaction: null,
    }),
  };
}
