import { sql } from 'drizzle-orm';
import { queryRows, type Executor, type Tx } from '../../db/client';
import type { ProgressReporter, SeedStep } from '../../db/seed';
import { levelDepth } from './model';
import { buildReferenceData, PRE_REFORM_FROM, PRE_REFORM_TO, REFORM_DATE } from './reference-data';
import { vietnameseSortKey } from './sort-key';
import { unitAttributes, unitLineage, units } from './tables';
import { unitsChanged } from './cache';

const CHUNK = 1000;

/** Takes `count` fresh ids from the `unit` id sequence in one round trip. */
export async function reserveUnitIds(executor: Executor, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ id: number }>(
    executor,
    sql`SELECT nextval(pg_get_serial_sequence('unit', 'id'))::int AS id FROM generate_series(1, ${count})`,
  );
  return rows.map((row) => Number(row.id));
}

/** Inserts rows in multi-row statements of `CHUNK` rows, reporting progress after each. */
export async function insertInChunks<Row>(
  rows: Row[],
  insert: (chunk: Row[]) => Promise<unknown>,
  report?: (done: number) => void,
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await insert(chunk);
    report?.(start + chunk.length);
  }
}

async function seedUnits(tx: Tx, progress: ProgressReporter): Promise<Record<string, unknown>> {
  const data = buildReferenceData();
  const ordered = [...data.units].sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
  const ids = await reserveUnitIds(tx, ordered.length);
  const idByKey = new Map<string, number>();
  const pathByKey = new Map<string, string>();
  ordered.forEach((unit, index) => idByKey.set(unit.key, ids[index]!));
  const rows = ordered.map((unit) => {
    const id = idByKey.get(unit.key)!;
    const parentId = unit.parentKey ? idByKey.get(unit.parentKey)! : null;
    const path = unit.parentKey ? `${pathByKey.get(unit.parentKey)!}.${id}` : String(id);
    pathByKey.set(unit.key, path);
    return {
      id,
      code: unit.code,
      name: unit.name,
      shortName: unit.shortName,
      kind: unit.kind,
      level: unit.level,
      parentId,
      validFrom: unit.validFrom,
      validTo: unit.validTo,
      path,
      sortKey: vietnameseSortKey(unit.shortName),
      source: unit.source,
    };
  });
  const total = rows.length + data.lineage.length + data.attributes.length;
  const task = 'Đơn vị hành chính (units)';
  progress({ task, done: 0, total });
  unitsChanged();
  await insertInChunks(
    rows,
    (chunk) => tx.insert(units).values(chunk),
    (done) => progress({ task, done, total }),
  );
  await insertInChunks(
    data.lineage.map((link) => ({
      fromUnitId: idByKey.get(link.fromKey)!,
      toUnitId: idByKey.get(link.toKey)!,
      kind: link.kind,
      effectiveDate: link.effectiveDate,
      source: link.source,
      note: link.note,
    })),
    (chunk) => tx.insert(unitLineage).values(chunk),
    (done) => progress({ task, done: rows.length + done, total }),
  );
  await insertInChunks(
    data.attributes.map((attribute) => ({
      unitId: idByKey.get(attribute.unitKey)!,
      key: attribute.key,
      value: attribute.value,
      validFrom: attribute.validFrom,
      validTo: attribute.validTo,
      source: attribute.source,
      verified: attribute.verified,
      note: attribute.note,
    })),
    (chunk) => tx.insert(unitAttributes).values(chunk),
    (done) => progress({ task, done: rows.length + data.lineage.length + done, total }),
  );
  const { stats } = data;
  return {
    sources: data.sources,
    validity: { before: `${PRE_REFORM_FROM}..${PRE_REFORM_TO}`, after: `${REFORM_DATE}..` },
    before: {
      provinces: stats.provincesBefore,
      districts: stats.districtsBefore,
      communes: stats.communesBefore,
    },
    after: {
      provinces: stats.provincesAfter,
      communes: stats.communesAfter,
      communesByKind: stats.communesAfterByKind,
      provincesUnchanged: stats.provincesUnchanged.length,
    },
    lineage: {
      communes: stats.lineageCommunes,
      islandDistrictsToSpecialZones: stats.lineageDistrictToSpecialZone,
      provinces: stats.lineageProvinces,
    },
    mappings: {
      rows: stats.mappingRows,
      linked: stats.mappingRowsLinked,
      unresolved: stats.mappingRowsUnresolved,
      oldNameDiffers: stats.mappingRowsOldNameDiffers,
      newCodeCorrected: stats.mappingRowsNewCodeCorrected,
    },
    unlinked: {
      oldCommunes: stats.unlinkedOldCommunes,
      newCommunes: stats.unlinkedNewCommunes.length,
      oldProvinces: stats.unlinkedOldProvinces,
      oldDistrictsAbolished: stats.districtsWithoutSuccessor,
    },
    regions: stats.regionsAssigned,
  };
}

/**
 * The real administrative units before and after the 2025 reform, their lineage and the regions of
 * the 2021–2025 criteria sets. Not demo data: runs in production too.
 */
export const unitsSeedStep: SeedStep = {
  name: 'units-vn-2025',
  demoOnly: false,
  description: {
    vi:
      'Đơn vị hành chính thật: 63 tỉnh, 705 huyện, 10.599 xã (đến 30/06/2025), 34 tỉnh và ' +
      '3.321 xã (từ 01/07/2025), quan hệ sáp nhập cũ → mới và vùng kinh tế - xã hội của các tỉnh cũ',
    en:
      'Real administrative units: 63 provinces, 705 districts, 10,599 communes (until 2025-06-30), ' +
      '34 provinces and 3,321 communes (from 2025-07-01), old → new lineage and regions of old provinces',
  },
  run: seedUnits,
};
