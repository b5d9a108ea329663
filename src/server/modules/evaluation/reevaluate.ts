import { sql } from 'drizzle-orm';
import type { IndicatorValue } from '../../../domain/criteria';
import { queryRows, type Db, type Executor } from '../../db/client';
import { findUnitById } from '../units/service';
import { evaluationsChanged } from '../values/changes';
import { districtFacts } from '../values/district';
import { computeEvaluation, evaluationRecord } from '../values/evaluation';
import { loadSetById, type SetInfo } from '../criteria/sets';
import { targetFor, type EntryTarget } from '../values/target';

/**
 * Re-evaluates every stored commune-year (or those of one set / one year) from the stored values:
 * after a rule of the engine changed, or to check the stored results. Works in batches of units:
 * one query reads a batch's values already grouped per unit (arrays, not rows), the engine runs in
 * Node, and one statement writes the batch back. Each batch is its own transaction, so a long run
 * never holds the database; the stored class of each evaluation is kept (a class changed since is
 * applied by the attribute change itself).
 */

export interface ReevaluateOptions {
  setCode?: string;
  year?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ReevaluateSummary {
  unitYears: number;
  changed: number;
  seconds: number;
}

interface BatchRow {
  unitId: number;
  unitClass: string | null;
  status: string;
  criteriaMet: number;
  ids: number[] | null;
  numbers: Array<number | null> | null;
  booleans: Array<boolean | null> | null;
}

export async function reevaluateAll(
  db: Db,
  options: ReevaluateOptions = {},
): Promise<ReevaluateSummary> {
  const began = performance.now();
  const batchSize = options.batchSize ?? 2000;
  const groups = await queryRows<{ setId: number; year: number; total: number }>(
    db,
    sql`SELECT e.set_id AS "setId", e.year, count(*)::int AS total FROM evaluation e
        JOIN criteria_set s ON s.id = e.set_id
        WHERE ${options.setCode ? sql`s.code = ${options.setCode}` : sql`true`}
          AND ${options.year ? sql`e.year = ${options.year}` : sql`true`}
        GROUP BY e.set_id, s.level, e.year
        -- Districts last: their verdicts count their communes' fresh ones.
        ORDER BY s.level = 'district', e.set_id, e.year`,
  );
  const total = groups.reduce((sum, group) => sum + Number(group.total), 0);
  let done = 0;
  let changed = 0;
  for (const group of groups) {
    const set = await loadSetById(db, Number(group.setId));
    const year = Number(group.year);
    let after = 0;
    for (;;) {
      // The next batch of unit ids; then, in one transaction, their submissions are locked (as a
      // save locks them: `lockSubmission`) before their values are read, so a save made while
      // the run goes on is either seen here or waits, and is never overwritten by a stale result.
      const batch = await queryRows<{ unitId: number }>(
        db,
        sql`SELECT e.unit_id AS "unitId" FROM evaluation e
            WHERE e.set_id = ${set.id} AND e.year = ${year} AND e.unit_id > ${after}
            ORDER BY e.unit_id LIMIT ${batchSize}`,
      );
      if (batch.length === 0) break;
      after = Number(batch.at(-1)!.unitId);
      const ids = sql`ARRAY[${sql.join(
        batch.map((row) => sql`${Number(row.unitId)}`),
        sql`, `,
      )}]::int[]`;
      const rows = await db.transaction(async (tx) => {
        await tx.execute(
          sql`SELECT 1 FROM submission WHERE set_id = ${set.id} AND year = ${year}
                AND unit_id = ANY(${ids}) ORDER BY unit_id FOR UPDATE`,
        );
        const rows = await queryRows<BatchRow>(
          tx,
          sql`SELECT e.unit_id AS "unitId", e.unit_class AS "unitClass", e.status,
                e.criteria_met AS "criteriaMet",
                array_agg(v.indicator_id ORDER BY v.indicator_id) FILTER (WHERE v.id IS NOT NULL) AS ids,
                array_agg(v.value_number ORDER BY v.indicator_id) FILTER (WHERE v.id IS NOT NULL) AS numbers,
                array_agg(v.value_boolean ORDER BY v.indicator_id) FILTER (WHERE v.id IS NOT NULL) AS booleans
              FROM evaluation e
                LEFT JOIN indicator_value v ON v.unit_id = e.unit_id AND v.set_id = e.set_id
                  AND v.year = e.year
              WHERE e.set_id = ${set.id} AND e.year = ${year} AND e.unit_id = ANY(${ids})
              GROUP BY e.unit_id, e.unit_class, e.status, e.criteria_met
              ORDER BY e.unit_id`,
        );
        const results: Array<Record<string, unknown>> = [];
        for (const row of rows) {
          const target = await targetOf(tx, set, row, year);
          const values = new Map<string, IndicatorValue>();
          (row.ids ?? []).forEach((id, index) => {
            const code = set.indicatorCodeById.get(Number(id));
            const value = row.numbers?.[index] ?? row.booleans?.[index] ?? null;
            if (code !== undefined && value !== null) values.set(code, value);
          });
          // A district counts its communes' verdicts (the revoked-communes rule of 18/2022).
          const district =
            set.level === 'district'
              ? await districtFacts(tx, {
                  ...target,
                  unit: (await findUnitById(tx, Number(row.unitId))) ?? target.unit,
                })
              : null;
          const computed = computeEvaluation(target, values, district?.subunits);
          if (computed.status !== row.status || computed.criteriaMet !== Number(row.criteriaMet)) {
            changed++;
          }
          results.push({ unit_id: Number(row.unitId), ...evaluationRecord(computed) });
        }
        await tx.execute(
          sql`UPDATE evaluation e SET unit_class = r.unit_class, status = r.status,
                  criteria_met = r.criteria_met, criteria_total = r.criteria_total,
                  indicators_missing = r.indicators_missing, values_count = r.values_count,
                  criterion_met = r.criterion_met, indicator_status = r.indicator_status,
                  revocation = r.revocation, computed_at = now()
                FROM jsonb_to_recordset(${JSON.stringify(results)}::jsonb) AS r(
                  unit_id int, unit_class text, status text, criteria_met smallint,
                  criteria_total smallint, indicators_missing smallint, values_count smallint,
                  criterion_met boolean[], indicator_status text[], revocation jsonb)
                WHERE e.unit_id = r.unit_id AND e.set_id = ${set.id} AND e.year = ${year}`,
        );
        return rows;
      });
      evaluationsChanged();
      done += rows.length;
      options.onProgress?.(done, total);
    }
  }
  return { unitYears: done, changed, seconds: (performance.now() - began) / 1000 };
}

/** The target of a stored evaluation, reusing its class (resolved afresh only when missing). */
async function targetOf(
  db: Executor,
  set: SetInfo,
  row: BatchRow,
  year: number,
): Promise<EntryTarget> {
  if (row.unitClass !== null || set.classification === 'none') {
    return {
      unit: { id: Number(row.unitId) } as EntryTarget['unit'],
      year,
      referenceDate: `${year}-12-31`,
      set,
      unitClass: row.unitClass,
      unclassified: false,
      // The stored class is kept, and so is the stored override id (not rewritten below).
      classReason: null,
      provinceCode: '',
    };
  }
  const unit = (await findUnitById(db, Number(row.unitId)))!;
  return targetFor(db, unit, set, year);
}
