import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../test/database';
import {
  coveredUnitIdsSql,
  findUnit,
  getUnit,
  isUnitCoveredBy,
  isUnitInSubtree,
  unitCoveredBySql,
  unitInSubtreeSql,
  type UnitRecord,
} from './service';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const unit = (code: string, asOf: string): Promise<UnitRecord> => getUnit(database.db, code, asOf);

describe('the seed step units-vn-2025', () => {
  it('records what it loaded and what it could not link', async () => {
    const [row] = await queryRows<{ summary: Record<string, Record<string, unknown>> }>(
      database.db,
      sql`SELECT summary FROM seed_step WHERE name = 'units-vn-2025'`,
    );
    expect(row?.summary.before).toEqual({ provinces: 63, districts: 705, communes: 10599 });
    expect(row?.summary.after).toMatchObject({ provinces: 34, communes: 3321 });
    expect(row?.summary.unlinked).toEqual({
      oldCommunes: 149,
      newCommunes: 1,
      oldProvinces: 0,
      oldDistrictsAbolished: 700,
    });
  });
});

describe('resolving a unit by code and date', () => {
  it('finds the version valid on the date, or nothing', async () => {
    expect((await findUnit(database.db, '00097', '2021-01-01'))?.name).toBe('Phường Tứ Liên');
    expect((await findUnit(database.db, '00097', '2030-01-01'))?.name).toBe('Phường Hồng Hà');
    expect(await findUnit(database.db, '00097', '2020-12-31')).toBeNull();
    expect(await findUnit(database.db, '04378', '2025-07-01')).toBeNull();
  });

  it('keeps unchanged provinces as one row across the reform', async () => {
    const before = await unit('04', '2024-01-01');
    const after = await unit('04', '2026-01-01');
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({ name: 'Tỉnh Cao Bằng', validFrom: '2021-01-01', validTo: null });
  });

  it('gives a reused province code a new row: 15 was Yên Bái and is the new Lào Cai', async () => {
    const yenBai = await unit('15', '2025-06-30');
    const laoCai = await unit('15', '2025-07-01');
    expect(yenBai.name).toBe('Tỉnh Yên Bái');
    expect(laoCai.name).toBe('Tỉnh Lào Cai');
    expect(laoCai.id).not.toBe(yenBai.id);
  });
});

describe('subtree as of a date', () => {
  it('tests membership with the path, as of the date', async () => {
    const oldLamGiang = await unit('04381', '2025-06-30');
    const newLamGiang = await unit('04381', '2025-07-01');
    const yenBai = await unit('15', '2025-06-30');
    const laoCai = await unit('15', '2025-07-01');
    const vanYen = await unit('136', '2025-06-30');
    expect(await isUnitInSubtree(database.db, oldLamGiang.id, yenBai.id, '2025-06-30')).toBe(true);
    expect(await isUnitInSubtree(database.db, oldLamGiang.id, vanYen.id, '2025-06-30')).toBe(true);
    expect(await isUnitInSubtree(database.db, oldLamGiang.id, laoCai.id, '2025-06-30')).toBe(false);
    expect(await isUnitInSubtree(database.db, newLamGiang.id, laoCai.id, '2025-07-01')).toBe(true);
    expect(await isUnitInSubtree(database.db, newLamGiang.id, yenBai.id, '2025-07-01')).toBe(false);
    expect(await isUnitInSubtree(database.db, oldLamGiang.id, yenBai.id, '2025-07-01')).toBe(false);
    expect(await isUnitInSubtree(database.db, laoCai.id, laoCai.id, '2025-07-01')).toBe(true);
  });

  it('filters a list query in SQL', async () => {
    const caoBang = await unit('04', '2025-07-01');
    const [row] = await queryRows<{ total: number }>(
      database.db,
      sql`SELECT count(*)::int AS total FROM unit u
          WHERE u.level = 'commune' AND ${unitInSubtreeSql(sql`u.id`, caoBang.id, '2025-07-01')}`,
    );
    const [old] = await queryRows<{ total: number }>(
      database.db,
      sql`SELECT count(*)::int AS total FROM unit u
          WHERE u.level = 'commune' AND ${unitInSubtreeSql(sql`u.id`, caoBang.id, '2025-06-30')}`,
    );
    expect(Number(row?.total)).toBe(56);
    expect(Number(old?.total)).toBe(161);
  });
});

describe('coverage through the lineage', () => {
  it('lets the new Xã Lâm Giang cover the old Lang Thíp and Lâm Giang, and nothing else', async () => {
    const newLamGiang = await unit('04381', '2025-07-01');
    const langThip = await unit('04378', '2025-06-30');
    const oldLamGiang = await unit('04381', '2025-06-30');
    const neighbour = await unit('04375', '2025-06-30');
    const covered = await queryRows<{ id: number }>(
      database.db,
      coveredUnitIdsSql([newLamGiang.id]),
    );
    expect(covered.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual(
      [newLamGiang.id, langThip.id, oldLamGiang.id].sort((a, b) => a - b),
    );
    expect(await isUnitCoveredBy(database.db, langThip.id, [newLamGiang.id])).toBe(true);
    expect(await isUnitCoveredBy(database.db, neighbour.id, [newLamGiang.id])).toBe(false);
  });

  it('lets the new Tỉnh Lào Cai cover the old provinces Lào Cai and Yên Bái with their subtrees', async () => {
    const laoCai = await unit('15', '2025-07-01');
    const vanYen = await unit('136', '2025-06-30');
    const oldLaoCai = await unit('10', '2025-06-30');
    const hanoi = await unit('01', '2025-07-01');
    expect(await isUnitCoveredBy(database.db, vanYen.id, [laoCai.id])).toBe(true);
    expect(await isUnitCoveredBy(database.db, oldLaoCai.id, [laoCai.id])).toBe(true);
    expect(await isUnitCoveredBy(database.db, hanoi.id, [laoCai.id])).toBe(false);
    const [counts] = await queryRows<{ communes: number; districts: number }>(
      database.db,
      sql`SELECT count(*) FILTER (WHERE u.level = 'commune')::int AS communes,
                 count(*) FILTER (WHERE u.level = 'district')::int AS districts
          FROM unit u WHERE ${unitCoveredBySql(sql`u.id`, [laoCai.id])}`,
    );
    const [expected] = await queryRows<{ communes: number; districts: number }>(
      database.db,
      sql`SELECT count(*) FILTER (WHERE u.level = 'commune')::int AS communes,
                 count(*) FILTER (WHERE u.level = 'district')::int AS districts
          FROM unit u JOIN unit p ON u.path <@ p.path
          WHERE p.id IN (${laoCai.id}, ${oldLaoCai.id}, ${(await unit('15', '2025-06-30')).id})`,
    );
    expect(counts).toEqual(expected);
    expect(Number(counts?.districts)).toBe(18);
  });

  it('covers nothing for no roots', async () => {
    const laoCai = await unit('15', '2025-07-01');
    expect(await isUnitCoveredBy(database.db, laoCai.id, [])).toBe(false);
  });
});
