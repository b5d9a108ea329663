import { sql } from 'drizzle-orm';
import { syntheticValues } from '../../../domain/values';
import { queryRows, type Tx } from '../../db/client';
import type { SeedStep } from '../../db/seed';
import { systemContext } from '../../auth/actor';
import { findUnitById, findUnit } from '../units/service';
import { writeValues } from './service';
import { submissionEvents } from './tables';
import { loadPublishedSet } from '../criteria/sets';
import { targetFor } from './target';

/**
 * Demo data (demo mode only): synthetic, deterministic values of the 2021–2025 commune set for the
 * communes of Lào Cai in 2025 (all but Xã Lâm Giang, which the demo commune officer fills) and for
 * the communes that became them in 2024, written through the same path as the entry form (history,
 * stored evaluations). A few communes' 2025 data is submitted or approved, so the province office
 * has work waiting. Never real figures: the seed's history names "Dữ liệu demo".
 */

export const DEMO_SET = 'xa-ntm-2021-2025';
export const DEMO_PROVINCE = '15';
export const DEMO_COMMUNE = '04381';
const DEMO_LABEL = 'Dữ liệu demo';

async function communesOf(tx: Tx, provinceCode: string, date: string): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`SELECT c.id FROM unit p JOIN unit c ON c.path <@ p.path AND c.level = 'commune'
        WHERE p.code = ${provinceCode} AND p.level = 'province'
          AND p.valid_from <= ${date}::date AND (p.valid_to IS NULL OR p.valid_to >= ${date}::date)
          AND c.valid_from <= ${date}::date AND (c.valid_to IS NULL OR c.valid_to >= ${date}::date)
        ORDER BY c.code`,
  );
  return rows.map((row) => Number(row.id));
}

/** The pre-reform communes (valid on 31/12/2024) that became communes of the given ones. */
async function predecessorsIn2024(tx: Tx, unitIds: number[]): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`SELECT DISTINCT f.id FROM unit_lineage l JOIN unit f ON f.id = l.from_unit_id
        WHERE l.to_unit_id IN (${sql.join(
          unitIds.map((id) => sql`${id}`),
          sql`, `,
        )}) AND f.level = 'commune'
          AND f.valid_from <= '2024-12-31' AND (f.valid_to IS NULL OR f.valid_to >= '2024-12-31')
        ORDER BY f.id`,
  );
  return rows.map((row) => Number(row.id));
}

export const demoValuesSeedStep: SeedStep = {
  name: 'demo-values',
  demoOnly: true,
  description: {
    vi: 'Số liệu demo (tổng hợp, không phải số liệu thật) của các xã tỉnh Lào Cai năm 2024–2025',
    en: 'Demo values (synthetic, not real figures) of the communes of Lào Cai, 2024–2025',
  },
  async run(tx, progress) {
    const context = systemContext(DEMO_LABEL);
    const set = await loadPublishedSet(tx, DEMO_SET);
    const communes2025 = await communesOf(tx, DEMO_PROVINCE, '2025-12-31');
    const demoCommune = await findUnit(tx, DEMO_COMMUNE, '2025-12-31');
    const targets2025 = communes2025.filter((id) => id !== demoCommune?.id);
    const targets2024 = await predecessorsIn2024(tx, communes2025);
    const work = [
      ...targets2024.map((id) => ({ id, year: 2024, metShare: 0.55 })),
      ...targets2025.map((id) => ({ id, year: 2025, metShare: 0.7 })),
    ];
    let done = 0;
    let values = 0;
    let unclassified = 0;
    const submitted: Array<{ unitId: number; provinceCode: string }> = [];
    for (const item of work) {
      const unit = (await findUnitById(tx, item.id))!;
      const target = await targetFor(tx, unit, set, item.year);
      if (target.unclassified) {
        unclassified++;
        continue;
      }
      const generated = syntheticValues(set.compiled, {
        unitCode: unit.code,
        unitClass: target.unitClass,
        year: item.year,
        metShare: item.metShare,
      });
      const outcome = await writeValues(
        tx,
        context,
        target,
        [...generated].map(([indicator, value]) => ({ indicator, value })),
        { source: 'import' },
      );
      values += outcome.changed.length;
      if (item.year === 2025 && done % 7 === 0) {
        submitted.push({ unitId: unit.id, provinceCode: target.provinceCode });
      }
      progress({ task: 'Số liệu demo', done: ++done, total: work.length });
    }
    // Some communes have sent their 2025 data; every other one of those was already approved.
    let approved = 0;
    for (const [index, { unitId, provinceCode }] of submitted.entries()) {
      const status = index % 2 === 0 ? 'submitted' : 'approved';
      if (status === 'approved') approved++;
      await tx.execute(
        sql`UPDATE submission SET status = ${status}, version = version + 1,
              submitted_at = now(), decided_at = CASE WHEN ${status} = 'approved' THEN now() END
            WHERE unit_id = ${unitId} AND set_id = ${set.id} AND year = 2025`,
      );
      const events: Array<{ action: 'submit' | 'approve'; from: string; to: string }> = [
        { action: 'submit', from: 'draft', to: 'submitted' },
      ];
      if (status === 'approved')
        events.push({ action: 'approve', from: 'submitted', to: 'approved' });
      await tx.insert(submissionEvents).values(
        events.map((event) => ({
          unitId,
          setId: set.id,
          year: 2025,
          provinceCode,
          action: event.action,
          fromStatus: event.from,
          toStatus: event.to,
          actorName: DEMO_LABEL,
        })),
      );
    }
    return {
      unitYears: work.length - unclassified,
      values,
      unclassified,
      submitted: submitted.length - approved,
      approved,
    };
  },
};
