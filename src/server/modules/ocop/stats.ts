import { sql, type SQL } from 'drizzle-orm';
import type { RequestContext } from '../../auth/actor';
import { queryRows, type Executor } from '../../db/client';
import { findUnitById, findUnitVersions } from '../units/lookup';
import { todayInVietnam } from '../units/model';

/**
 * OCOP figures (`GET /api/v1/ocop/stats`): certified products (valid certificate) by stars, by
 * province and by set, and certificates expiring within six months. An office holding a role at a
 * province or below sees its province's figures (`scope`); national accounts and guests see the
 * national counts — public certified counts, nothing personal.
 */

export interface OcopStats {
  scope: { provinceCode: string | null; provinceName: string | null };
  certified: number;
  byStars: { stars: number; products: number }[];
  byProvince: { provinceCode: string; provinceName: string | null; products: number }[];
  bySet: { setCode: string; products: number }[];
  expiringWithin6Months: number;
}

/** The province an office account works in (its first assignment's province), or null. */
async function provinceOfActor(
  executor: Executor,
  context: RequestContext,
): Promise<{ code: string; name: string } | null> {
  const unitId = context.actor?.assignments.find(
    (assignment) => assignment.unitId !== null,
  )?.unitId;
  if (!unitId) return null;
  const unit = await findUnitById(executor, unitId);
  if (!unit) return null;
  const province = await findUnitById(executor, Number(unit.path.split('.')[0]));
  return province ? { code: province.code, name: province.name } : null;
}

export async function ocopStats(
  executor: Executor,
  context: RequestContext,
  today = todayInVietnam(),
): Promise<OcopStats> {
  const province = await provinceOfActor(executor, context);
  const where: SQL[] = [sql`c.state = 'valid'`, sql`c.valid_to >= ${today}`];
  if (province) where.push(sql`p.province_code = ${province.code}`);
  const base = sql`FROM ocop_product p JOIN ocop_certificate c ON c.id = p.certificate_id
    WHERE ${sql.join(where, sql` AND `)}`;
  const [byStars, byProvince, bySet, expiring] = [
    await queryRows<{ stars: number; products: number }>(
      executor,
      sql`SELECT c.stars, count(*)::int AS products ${base} GROUP BY c.stars ORDER BY c.stars`,
    ),
    await queryRows<{ provinceCode: string; products: number }>(
      executor,
      sql`SELECT p.province_code AS "provinceCode", count(*)::int AS products ${base}
          GROUP BY p.province_code ORDER BY p.province_code`,
    ),
    await queryRows<{ setCode: string; products: number }>(
      executor,
      sql`SELECT p.set_code AS "setCode", count(*)::int AS products ${base}
          GROUP BY p.set_code ORDER BY products DESC, p.set_code`,
    ),
    await queryRows<{ count: number }>(
      executor,
      sql`SELECT count(*)::int AS count ${base}
          AND c.valid_to < (${today}::date + interval '6 months')`,
    ),
  ];
  const names = new Map<string, string | null>();
  if (province) names.set(province.code, province.name);
  for (const row of byProvince) {
    if (!names.has(row.provinceCode))
      names.set(
        row.provinceCode,
        (await findUnitVersions(executor, row.provinceCode)).at(-1)?.name ?? null,
      );
  }
  return {
    scope: { provinceCode: province?.code ?? null, provinceName: province?.name ?? null },
    certified: byStars.reduce((sum, row) => sum + row.products, 0),
    byStars,
    byProvince: byProvince.map((row) => ({
      ...row,
      provinceName: names.get(row.provinceCode) ?? null,
    })),
    bySet,
    expiringWithin6Months: expiring[0]?.count ?? 0,
  };
}
