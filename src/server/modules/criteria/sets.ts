import { sql } from 'drizzle-orm';
import {
  compileCriteriaSet,
  type CompiledCriteriaSet,
  type CriteriaSet,
} from '../../../domain/criteria';
import { databaseKey } from '../../db/commit-hooks';
import { queryRows, type Executor } from '../../db/client';
import { AppError } from '../../errors';

/**
 * Published criteria sets as the other modules use them: compiled once and kept (a published set
 * never changes; a code is never reused). The criteria module owns the set tables; everyone else
 * loads sets here. Caches are keyed by database.
 */

export interface SetInfo {
  id: number;
  code: string;
  name: string;
  basis: string;
  level: CriteriaSet['level'];
  classification: CriteriaSet['classification'];
  validFrom: string;
  validTo: string;
  definition: CriteriaSet;
  compiled: CompiledCriteriaSet;
  /** Indicator row ids by code, and codes by id. */
  indicatorIdByCode: ReadonlyMap<string, number>;
  indicatorCodeById: ReadonlyMap<number, string>;
}

/** Published sets never change: compiled once per (id, content hash) and kept. */
const setCache = new Map<string, SetInfo>();

interface SetRow {
  id: number;
  code: string;
  name: string;
  basis: string;
  level: CriteriaSet['level'];
  classification: CriteriaSet['classification'];
  validFrom: string;
  validTo: string;
  status: string;
  contentHash: string;
}

const setColumns = sql`id, code, name, basis, level, classification, status,
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
  content_hash AS "contentHash"`;

/** Published sets by code, kept a minute (a published set never changes; a code is never reused). */
const publishedByCode = new Map<string, { info: SetInfo; expires: number }>();

/** The published set `code` (compiled, cached), or 404. */
export async function loadPublishedSet(executor: Executor, code: string): Promise<SetInfo> {
  const key = `${databaseKey(executor)}|${code}`;
  const known = publishedByCode.get(key);
  if (known && known.expires > Date.now()) return known.info;
  const info = await readPublishedSet(executor, code);
  if (publishedByCode.size > 64) publishedByCode.clear();
  publishedByCode.set(key, { info, expires: Date.now() + 60_000 });
  return info;
}

async function readPublishedSet(executor: Executor, code: string): Promise<SetInfo> {
  const [row] = await queryRows<SetRow>(
    executor,
    sql`SELECT ${setColumns} FROM criteria_set WHERE code = ${code}`,
  );
  if (!row || row.status !== 'published') throw new AppError('criteria.not_found', 404, { code });
  return compiledSet(executor, row);
}

/** The published set with this id (compiled, cached), or 404. */
export async function loadSetById(executor: Executor, id: number): Promise<SetInfo> {
  const [row] = await queryRows<SetRow>(
    executor,
    sql`SELECT ${setColumns} FROM criteria_set WHERE id = ${id}`,
  );
  if (!row || row.status !== 'published') {
    throw new AppError('criteria.not_found', 404, { code: String(id) });
  }
  return compiledSet(executor, row);
}

async function compiledSet(executor: Executor, row: SetRow): Promise<SetInfo> {
  const key = `${databaseKey(executor)}|${row.id}:${row.contentHash}`;
  const cached = setCache.get(key);
  if (cached) return cached;
  const [definitionRow] = await queryRows<{ definition: CriteriaSet }>(
    executor,
    sql`SELECT definition FROM criteria_set WHERE id = ${row.id}`,
  );
  const indicators = await queryRows<{ id: number; code: string }>(
    executor,
    sql`SELECT id, code FROM criteria_indicator WHERE set_id = ${row.id}`,
  );
  const definition = definitionRow!.definition;
  const info: SetInfo = {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    basis: row.basis,
    level: row.level,
    classification: row.classification,
    validFrom: row.validFrom,
    validTo: row.validTo,
    definition,
    compiled: compileCriteriaSet(definition),
    indicatorIdByCode: new Map(indicators.map((i) => [i.code, Number(i.id)])),
    indicatorCodeById: new Map(indicators.map((i) => [Number(i.id), i.code])),
  };
  if (setCache.size > 64) setCache.clear();
  setCache.set(key, info);
  return info;
}

/** Which central set applies in a year (kept a minute per database, as published sets are). */
const centralSetCodes = new Map<string, { code: string | null; expires: number }>();

/**
 * The central published set of `level` and `kind` in force in `year` (the latest to start, as an
 * amendment starts a new version), or null when there is none.
 */
export async function centralSetFor(
  executor: Executor,
  wanted: { level: CriteriaSet['level']; kind: CriteriaSet['kind']; year: number },
): Promise<SetInfo | null> {
  const key = `${databaseKey(executor)}|${wanted.level}|${wanted.kind}|${wanted.year}`;
  const known = centralSetCodes.get(key);
  let code = known && known.expires > Date.now() ? known.code : undefined;
  if (code === undefined) {
    const [row] = await queryRows<{ code: string }>(
      executor,
      sql`SELECT code FROM criteria_set
          WHERE status = 'published' AND issuer = 'central' AND level = ${wanted.level}
            AND kind = ${wanted.kind}
            AND extract(year FROM valid_from) <= ${wanted.year}
            AND extract(year FROM valid_to) >= ${wanted.year}
          ORDER BY valid_from DESC LIMIT 1`,
    );
    code = row?.code ?? null;
    if (centralSetCodes.size > 256) centralSetCodes.clear();
    centralSetCodes.set(key, { code, expires: Date.now() + 60_000 });
  }
  return code === null ? null : loadPublishedSet(executor, code);
}
