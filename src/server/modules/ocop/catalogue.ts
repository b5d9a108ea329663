import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client';
import { AppError } from '../../errors';
import { findUnitPlaces } from '../units/lookup';
import { todayInVietnam } from '../units/model';
import { findRuleVersion } from './rules';

/**
 * The public catalogue of OCOP products: certified products only — a product shows while it has
 * a VALID certificate (state `valid`, its last day not past) — with the producer's public name,
 * kind and place, never its contacts or representative. `q` is searched without diacritics
 * (`ntm_fold`) in the product's folded `search_text` (trigram index). The register export in the
 * ministry's `PTNT_OCOP` shape (procedures.md §4) comes from the same query.
 */

export const CATALOGUE_PAGE_SIZE = 20;

export interface CatalogueQuery {
  q?: string | undefined;
  province?: string | undefined;
  set?: string | undefined;
  stars?: number | undefined;
  page?: number | undefined;
}

export interface CatalogueItem {
  code: string;
  name: string;
  stars: number;
  set: { code: string; name: string | null };
  description: string | null;
  producer: {
    name: string;
    kind: string;
    commune: { code: string; name: string } | null;
    province: { code: string; name: string } | null;
  };
  certificate: { id: string; number: string; validFrom: string; validTo: string };
  photo: string | null;
  photos: number;
}

export interface CatalogueProduct extends CatalogueItem {
  standards: string[];
  certifications: string[];
  ecommerceLinks: { label: string; url: string }[];
  photoUrls: string[];
  certificate: CatalogueItem['certificate'] & {
    decisionNumber: string;
    decidedOn: string;
    level: string;
    ruleVersion: string;
    pdf: string;
  };
}

interface Row {
  id: string;
  code: string;
  name: string;
  stars: number;
  setCode: string;
  description: string | null;
  standards: string[];
  certifications: string[];
  ecommerceLinks: { label: string; url: string }[];
  photos: string[];
  producerName: string;
  producerKind: string;
  communeUnitId: number;
  provinceCode: string;
  certificateId: string;
  number: string;
  validFrom: string;
  validTo: string;
  decisionNumber: string;
  decidedOn: string;
  level: string;
  ruleVersion: string;
  score: number;
}

/** The WHERE of the catalogue: certified with a valid certificate, then the filters. */
function catalogueWhere(query: CatalogueQuery, today: string): SQL {
  const parts: SQL[] = [
    sql`c.state = 'valid'`,
    sql`c.valid_to >= ${today}`,
    sql`p.code IS NOT NULL`,
    sql`p.stars IS NOT NULL`,
  ];
  const q = query.q?.trim();
  if (q) parts.push(sql`p.search_text LIKE '%' || ntm_fold(${escapeLike(q)}) || '%' ESCAPE '\\'`);
  if (query.province) parts.push(sql`p.province_code = ${query.province}`);
  if (query.set) parts.push(sql`p.set_code = ${query.set}`);
  if (query.stars) parts.push(sql`p.stars = ${query.stars}`);
  return sql.join(parts, sql` AND `);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const SELECT = sql`
  p.id, p.code, p.name, c.stars, p.set_code AS "setCode", p.description,
  p.standards, p.certifications, p.ecommerce_links AS "ecommerceLinks", p.photos,
  pr.name AS "producerName", pr.kind AS "producerKind", p.commune_unit_id AS "communeUnitId",
  p.province_code AS "provinceCode", c.id AS "certificateId", c.number,
  c.valid_from::text AS "validFrom", c.valid_to::text AS "validTo",
  c.decision_number AS "decisionNumber", c.decided_on::text AS "decidedOn", c.level,
  c.rule_version AS "ruleVersion", c.score::float8 AS score`;
const FROM = sql`ocop_product p
  JOIN ocop_certificate c ON c.id = p.certificate_id
  JOIN ocop_producer pr ON pr.id = p.producer_id`;

/** The name of a set in the rule version a certificate was issued under (or any shipped one). */
function setName(setCode: string, ruleVersion: string): string | null {
  const find = (code: string) => {
    const version = findRuleVersion(code);
    for (const sector of version?.catalogue ?? [])
      for (const group of sector.groups)
        for (const set of group.sets) if (set.code === setCode) return set.name;
    return null;
  };
  return find(ruleVersion) ?? find('26-2026');
}

type Places = Map<
  number,
  {
    commune: { code: string; name: string } | null;
    province: { code: string; name: string } | null;
  }
>;

async function placesOf(executor: Executor, rows: Row[]): Promise<Places> {
  const found = await findUnitPlaces(
    executor,
    rows.map((row) => row.communeUnitId),
  );
  const places: Places = new Map();
  for (const [id, place] of found) {
    places.set(id, { commune: { code: place.code, name: place.name }, province: place.province });
  }
  return places;
}

export function photoUrl(code: string, index: number): string {
  return `/api/v1/ocop/products/${encodeURIComponent(code)}/photos/${index + 1}`;
}

function item(row: Row, places: Places): CatalogueItem {
  const place = places.get(row.communeUnitId);
  return {
    code: row.code,
    name: row.name,
    stars: row.stars,
    set: { code: row.setCode, name: setName(row.setCode, row.ruleVersion) },
    description: row.description,
    producer: {
      name: row.producerName,
      kind: row.producerKind,
      commune: place?.commune ?? null,
      province: place?.province ?? { code: row.provinceCode, name: row.provinceCode },
    },
    certificate: {
      id: row.certificateId,
      number: row.number,
      validFrom: row.validFrom,
      validTo: row.validTo,
    },
    photo: row.photos.length > 0 ? photoUrl(row.code, 0) : null,
    photos: row.photos.length,
  };
}

/** `GET /api/v1/ocop/products`: the public catalogue, paged, best stars first, then by name. */
export async function listCatalogue(
  executor: Executor,
  query: CatalogueQuery,
  today = todayInVietnam(),
): Promise<{ items: CatalogueItem[]; total: number; page: number; pageSize: number }> {
  const page = Math.max(1, query.page ?? 1);
  // The page stops at its 20 rows (ordered on the product's own columns, indexed); the total is
  // its own count, so no row beyond the page goes through the joins and the sort.
  const rows = await queryRows<Row>(
    executor,
    sql`SELECT ${SELECT} FROM ${FROM}
        WHERE ${catalogueWhere(query, today)}
        ORDER BY p.stars DESC NULLS LAST, p.name, p.code
        LIMIT ${CATALOGUE_PAGE_SIZE} OFFSET ${(page - 1) * CATALOGUE_PAGE_SIZE}`,
  );
  const total =
    page === 1 && rows.length < CATALOGUE_PAGE_SIZE
      ? rows.length
      : await countCatalogue(executor, query, today);
  const places = await placesOf(executor, rows);
  return {
    items: rows.map((row) => item(row, places)),
    total,
    page,
    pageSize: CATALOGUE_PAGE_SIZE,
  };
}

async function countCatalogue(executor: Executor, query: CatalogueQuery, today: string) {
  const [row] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM ${FROM} WHERE ${catalogueWhere(query, today)}`,
  );
  return row?.total ?? 0;
}

async function certifiedRow(executor: Executor, code: string, today: string): Promise<Row> {
  const [row] = await queryRows<Row>(
    executor,
    sql`SELECT ${SELECT} FROM ${FROM}
        WHERE ${catalogueWhere({}, today)} AND p.code = ${code}`,
  );
  if (!row) throw new AppError('ocop.catalogue_product_not_found', 404, { code });
  return row;
}

/** `GET /api/v1/ocop/products/:code`: one certified product's public page, or 404. */
export async function catalogueProduct(
  executor: Executor,
  code: string,
  today = todayInVietnam(),
): Promise<CatalogueProduct> {
  const row = await certifiedRow(executor, code, today);
  const base = item(row, await placesOf(executor, [row]));
  return {
    ...base,
    standards: row.standards,
    certifications: row.certifications,
    ecommerceLinks: row.ecommerceLinks,
    photoUrls: row.photos.map((_, index) => photoUrl(row.code, index)),
    certificate: {
      ...base.certificate,
      decisionNumber: row.decisionNumber,
      decidedOn: row.decidedOn,
      level: row.level,
      ruleVersion: row.ruleVersion,
      pdf: `/api/v1/ocop/certificates/${row.certificateId}.pdf`,
    },
  };
}

/** The store key of photo `n` (from 1) of a certified product, or 404. */
export async function cataloguePhotoKey(
  executor: Executor,
  code: string,
  n: number,
  today = todayInVietnam(),
): Promise<string> {
  const row = await certifiedRow(executor, code, today);
  const key = row.photos[n - 1];
  if (!key) throw new AppError('ocop.photo_not_found', 404);
  return key;
}

// ---- The register export (PTNT_OCOP) -------------------------------------------------------------

/** The columns of the ministry's `PTNT_OCOP` register (procedures.md §4). */
export const PTNT_OCOP_COLUMNS = [
  'MA_OCOP',
  'Ma_DonViHanhChinh',
  'Ma_ThoiGian',
  'Ma_SanPham',
  'TenSanPham',
  'XepHang',
  'ChuTheSXKD',
  'DoanhThuNam',
  'TrangThai',
] as const;

/**
 * A CSV cell: quoted when it holds a separator, a quote or a line break; a text starting with
 * `=`, `+`, `-`, `@` (or a tab or carriage return) is prefixed with `'` so a spreadsheet never
 * runs it as a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface ExportRow {
  code: string;
  communeCode: string | null;
  decidedOn: string;
  productId: string;
  name: string;
  stars: number;
  producerName: string;
  revenue: number | null;
  state: string;
}

/**
 * `GET /api/v1/ocop/export.csv`: every certified product with a valid certificate, one row each,
 * UTF-8 with BOM, comma-separated. Ma_ThoiGian is the decision's year; DoanhThuNam the annual
 * revenue (million VND) the producer declared in Mẫu 01 of the decided application; TrangThai
 * "Còn hiệu lực". No personal data (no phone, e-mail or representative).
 */
export async function exportPtntOcop(
  executor: Executor,
  today = todayInVietnam(),
): Promise<string> {
  const rows = await queryRows<ExportRow & { communeUnitId: number }>(
    executor,
    sql`SELECT p.code, p.id AS "productId", p.name, c.stars, pr.name AS "producerName",
          c.decided_on::text AS "decidedOn", c.state, p.commune_unit_id AS "communeUnitId",
          (a.registration->>'annualRevenueMillion')::float8 AS revenue
        FROM ${FROM}
        JOIN ocop_application a ON a.id = c.application_id
        WHERE ${catalogueWhere({}, today)}
        ORDER BY p.province_code, p.code
        LIMIT 100000`,
  );
  const places = await findUnitPlaces(
    executor,
    rows.map((row) => row.communeUnitId),
  );
  const lines = [PTNT_OCOP_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.code,
        places.get(row.communeUnitId)?.code ?? null,
        row.decidedOn.slice(0, 4),
        row.productId,
        row.name,
        `${row.stars}*`,
        row.producerName,
        row.revenue,
        'Còn hiệu lực',
      ]
        .map((value) => csvCell(value))
        .join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
