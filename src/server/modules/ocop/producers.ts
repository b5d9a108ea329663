import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { z } from 'zod';
import { findSet } from '../../../domain/ocop/rules';
import type { OcopRuleVersion } from '../../../domain/ocop/types';
import type { Actor, RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import { recordAudit } from '../audit/service';
import { loadActor } from '../accounts/service';
import { assertUnitAccess, provinceCodeOfUnit, unitScopeSql } from '../units/access';
import { findUnit, findUnitById, findUnitVersions, type UnitRecord } from '../units/lookup';
import { todayInVietnam } from '../units/model';
import type {
  createProducerBody,
  createProductBody,
  producerListQuery,
  productListQuery,
  updateProducerBody,
  updateProductBody,
} from './api-office';
import {
  canCreateProducer,
  canManageProducer,
  canReadProducer,
  producerManagerRoles,
  producersOfActor,
} from './policy';
import { ruleVersionInForce } from './rules';
import type { ocopApplications, ocopRounds } from './tables';
import { ocopProducerAccounts, ocopProducers, ocopProducts } from './tables';

/**
 * Producers (chủ thể OCOP), the accounts that act for them, and their products (office views):
 * an office over the producer's commune or the producer's own accounts manage them. A product's
 * `searchText` is folded in SQL (`ntm_fold`) from its name, the producer's name and its set's name.
 */

export type ProducerRow = typeof ocopProducers.$inferSelect;
export type ProductRow = typeof ocopProducts.$inferSelect;

/** Today in Vietnam (the day that decides the rule version in force). */
export function ocopToday(): string {
  return todayInVietnam();
}

/** The rule version in force on a day (today by default), or 422 when none is. */
export function versionInForce(isoDay: string = ocopToday()): OcopRuleVersion {
  const version = ruleVersionInForce(isoDay);
  if (!version) throw new AppError('ocop.no_rule_version', 422, { date: isoDay });
  return version;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadProducer(
  executor: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ProducerRow> {
  if (!uuidPattern.test(id)) throw new AppError('ocop.producer_not_found', 404, { id });
  const query = executor.select().from(ocopProducers).where(eq(ocopProducers.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('ocop.producer_not_found', 404, { id });
  return row;
}

export async function loadProduct(
  executor: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ProductRow> {
  if (!uuidPattern.test(id)) throw new AppError('ocop.product_not_found', 404, { id });
  const query = executor.select().from(ocopProducts).where(eq(ocopProducts.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('ocop.product_not_found', 404, { id });
  return row;
}

/** 409 when the version read is not the stored one. */
export function assertVersion(stored: number, sent: number, what: string): void {
  if (stored !== sent) throw new AppError('ocop.version_conflict', 409, { what });
}

/**
 * The SQL condition "rows of this producer/commune are visible to the actor": the producer's own
 * accounts see their producers' rows only; offices see the communes of their scope.
 */
export async function visibleSql(
  executor: Executor,
  actor: Actor,
  producerId: AnyPgColumn,
  communeUnitId: AnyPgColumn,
): Promise<SQL> {
  const own = await producersOfActor(executor, actor);
  const office = unitScopeSql(actor, communeUnitId, 'read');
  if (own.length === 0) return office;
  return sql`(${inArray(producerId, own)} OR ${office})`;
}

/** A fresh reference `<prefix>-<province>-<year>-<seq>` (serialised per prefix in the transaction). */
export async function nextOcopReference(
  tx: Tx,
  table: typeof ocopApplications | typeof ocopRounds,
  prefix: string,
  width = 3,
): Promise<string> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${prefix}))`);
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(table)
    .where(sql`${table.reference} LIKE ${`${prefix}%`}`);
  return `${prefix}${String((row?.count ?? 0) + 1).padStart(width, '0')}`;
}

// ---- producers ----

export function producerView(row: ProducerRow) {
  return {
    id: row.id,
    kind: row.kind as 'cooperative' | 'cooperative_group' | 'company' | 'household',
    name: row.name,
    taxCode: row.taxCode,
    provinceCode: row.provinceCode,
    communeUnitId: row.communeUnitId,
    address: row.address,
    representative: row.representative,
    phone: row.phone,
    email: row.email,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listProducers(
  executor: Executor,
  context: RequestContext,
  query: z.infer<typeof producerListQuery>,
) {
  const actor = requireActor(context);
  const conditions: SQL[] = [
    await visibleSql(executor, actor, ocopProducers.id, ocopProducers.communeUnitId),
  ];
  if (query.unit !== undefined) conditions.push(eq(ocopProducers.communeUnitId, query.unit));
  if (query.q)
    conditions.push(sql`ntm_fold(${ocopProducers.name}) LIKE ntm_fold(${`%${query.q}%`})`);
  const rows = await executor
    .select()
    .from(ocopProducers)
    .where(and(...conditions))
    .orderBy(ocopProducers.name)
    .limit(500);
  return { items: rows.map(producerView) };
}

export async function readProducer(executor: Executor, context: RequestContext, id: string) {
  const row = await loadProducer(executor, id);
  await canReadProducer(executor, context, row);
  return producerView(row);
}

/**
 * The producer's commune: by its GSO code (the unit carrying it today; a code whose commune has
 * ceased, or a district's or province's, is a 422 that says so) or by its unit id.
 */
async function communeOf(executor: Executor, body: { commune?: string; communeUnitId?: number }) {
  let unit: UnitRecord | null;
  if (body.commune !== undefined) {
    unit = await findUnit(executor, body.commune, ocopToday());
    if (!unit) {
      const versions = await findUnitVersions(executor, body.commune);
      const last = versions.at(-1);
      if (last?.validTo) {
        throw new AppError('ocop.unit_ceased', 422, { unit: last.name, until: last.validTo });
      }
      throw new AppError('ocop.unit_not_found', 404, { id: body.commune });
    }
  } else if (body.communeUnitId !== undefined) {
    unit = await findUnitById(executor, body.communeUnitId);
    if (!unit) throw new AppError('ocop.unit_not_found', 404, { id: String(body.communeUnitId) });
    if (unit.validTo !== null && unit.validTo < ocopToday()) {
      throw new AppError('ocop.unit_ceased', 422, { unit: unit.name, until: unit.validTo });
    }
  } else {
    throw new AppError('ocop.commune_required', 422);
  }
  if (unit.level !== 'commune') throw new AppError('ocop.not_a_commune', 422, { unit: unit.name });
  const provinceCode = (await provinceCodeOfUnit(executor, unit.id)) ?? unit.code;
  return { unit, provinceCode };
}

/** The unit ids of every commune that ever carried `code` (the applications' `commune` filter). */
export async function communeIdsOfCode(executor: Executor, code: string): Promise<number[]> {
  const versions = await findUnitVersions(executor, code);
  if (versions.length === 0) throw new AppError('ocop.unit_not_found', 404, { id: code });
  return versions.filter((unit) => unit.level === 'commune').map((unit) => unit.id);
}

export async function createProducer(
  tx: Tx,
  context: RequestContext,
  body: z.infer<typeof createProducerBody>,
): Promise<string> {
  const { unit, provinceCode } = await communeOf(tx, body);
  const actor = await canCreateProducer(tx, context, unit.id);
  await assertTaxCodeFree(tx, body.taxCode ?? null, null);
  const [row] = await tx
    .insert(ocopProducers)
    .values({
      kind: body.kind,
      name: body.name,
      taxCode: body.taxCode ?? null,
      provinceCode,
      communeUnitId: unit.id,
      address: body.address ?? null,
      representative: body.representative ?? null,
      phone: body.phone ?? null,
      email: body.email ?? null,
      createdBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.producer.create',
    entityType: 'ocop_producer',
    entityId: row!.id,
    provinceCode,
    after: producerView(row!),
  });
  return row!.id;
}

async function assertTaxCodeFree(tx: Tx, taxCode: string | null, exceptId: string | null) {
  if (!taxCode) return;
  const [other] = await tx
    .select({ id: ocopProducers.id })
    .from(ocopProducers)
    .where(eq(ocopProducers.taxCode, taxCode));
  if (other && other.id !== exceptId) throw new AppError('ocop.tax_code_taken', 409, { taxCode });
}

export async function updateProducer(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof updateProducerBody>,
): Promise<void> {
  const row = await loadProducer(tx, id, { lock: true });
  await canManageProducer(tx, context, row);
  assertVersion(row.version, body.version, row.name);
  if (body.taxCode !== undefined) await assertTaxCodeFree(tx, body.taxCode, row.id);
  const changes = {
    kind: body.kind ?? row.kind,
    name: body.name ?? row.name,
    taxCode: body.taxCode === undefined ? row.taxCode : body.taxCode,
    address: body.address === undefined ? row.address : body.address,
    representative: body.representative === undefined ? row.representative : body.representative,
    phone: body.phone === undefined ? row.phone : body.phone,
    email: body.email === undefined ? row.email : body.email,
  };
  await tx
    .update(ocopProducers)
    .set({ ...changes, version: row.version + 1, updatedAt: new Date() })
    .where(eq(ocopProducers.id, row.id));
  if (changes.name !== row.name) {
    const products = await tx
      .select()
      .from(ocopProducts)
      .where(eq(ocopProducts.producerId, row.id));
    for (const product of products) await refreshSearchText(tx, product, changes.name);
  }
  await recordAudit(tx, context, {
    action: 'ocop.producer.update',
    entityType: 'ocop_producer',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: producerView(row),
    after: changes,
  });
}

/**
 * Links an account to the producer (it must hold the role `producer`): only the offices over the
 * producer's commune (a producer's account cannot add others).
 */
export async function linkProducerAccount(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: { userId: string },
): Promise<void> {
  const row = await loadProducer(tx, id, { lock: true });
  await assertUnitAccess(tx, context, row.communeUnitId, 'write', producerManagerRoles);
  const holder = uuidPattern.test(body.userId) ? await loadActor(tx, body.userId) : null;
  if (!holder?.assignments.some((assignment) => assignment.role === 'producer')) {
    throw new AppError('ocop.not_producer_account', 422, { id: body.userId });
  }
  await tx
    .insert(ocopProducerAccounts)
    .values({ producerId: row.id, userId: body.userId })
    .onConflictDoNothing();
  await recordAudit(tx, context, {
    action: 'ocop.producer.link_account',
    entityType: 'ocop_producer',
    entityId: row.id,
    provinceCode: row.provinceCode,
    after: { userId: body.userId },
  });
}

// ---- products ----

export function productView(row: ProductRow, producerName: string) {
  return {
    id: row.id,
    producerId: row.producerId,
    producerName,
    provinceCode: row.provinceCode,
    communeUnitId: row.communeUnitId,
    name: row.name,
    setCode: row.setCode,
    description: row.description,
    standards: row.standards,
    certifications: row.certifications,
    ecommerceLinks: row.ecommerceLinks,
    photos: row.photos,
    code: row.code,
    stars: row.stars,
    certificateId: row.certificateId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The name of a catalogue set under the version in force, or 422 when it has no such set. */
function setName(setCode: string): string {
  const version = versionInForce();
  const found = findSet(version, setCode);
  if (!found) throw new AppError('ocop.unknown_set', 422, { set: setCode, rules: version.code });
  return found.set.name;
}

function searchTextSql(name: string, producerName: string, setCode: string): SQL {
  let set = setCode;
  try {
    set = setName(setCode);
  } catch {
    // a set of an older version keeps its code in the search text
  }
  return sql`ntm_fold(${`${name} ${producerName} ${set}`})`;
}

async function refreshSearchText(tx: Tx, product: ProductRow, producerName: string) {
  await tx
    .update(ocopProducts)
    .set({ searchText: searchTextSql(product.name, producerName, product.setCode) })
    .where(eq(ocopProducts.id, product.id));
}

export async function listProducts(
  executor: Executor,
  context: RequestContext,
  query: z.infer<typeof productListQuery>,
) {
  const actor = requireActor(context);
  const conditions: SQL[] = [
    await visibleSql(executor, actor, ocopProducts.producerId, ocopProducts.communeUnitId),
  ];
  if (query.producer) conditions.push(eq(ocopProducts.producerId, query.producer));
  if (query.unit !== undefined) conditions.push(eq(ocopProducts.communeUnitId, query.unit));
  const rows = await executor
    .select({ product: ocopProducts, producerName: ocopProducers.name })
    .from(ocopProducts)
    .innerJoin(ocopProducers, eq(ocopProducers.id, ocopProducts.producerId))
    .where(and(...conditions))
    .orderBy(desc(ocopProducts.createdAt))
    .limit(500);
  return { items: rows.map((row) => productView(row.product, row.producerName)) };
}

export async function readProduct(executor: Executor, context: RequestContext, id: string) {
  const row = await loadProduct(executor, id);
  const producer = await loadProducer(executor, row.producerId);
  await canReadProducer(executor, context, producer);
  return productView(row, producer.name);
}

export async function createProduct(
  tx: Tx,
  context: RequestContext,
  body: z.infer<typeof createProductBody>,
): Promise<string> {
  const producer = await loadProducer(tx, body.producerId);
  const actor = await canManageProducer(tx, context, producer);
  setName(body.setCode);
  const [row] = await tx
    .insert(ocopProducts)
    .values({
      producerId: producer.id,
      provinceCode: producer.provinceCode,
      communeUnitId: producer.communeUnitId,
      name: body.name,
      setCode: body.setCode,
      description: body.description ?? null,
      standards: body.standards ?? [],
      certifications: body.certifications ?? [],
      ecommerceLinks: body.ecommerceLinks ?? [],
      searchText: searchTextSql(body.name, producer.name, body.setCode),
      createdBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.product.create',
    entityType: 'ocop_product',
    entityId: row!.id,
    provinceCode: producer.provinceCode,
    after: productView(row!, producer.name),
  });
  return row!.id;
}

export async function updateProduct(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof updateProductBody>,
): Promise<void> {
  const row = await loadProduct(tx, id, { lock: true });
  const producer = await loadProducer(tx, row.producerId);
  await canManageProducer(tx, context, producer);
  assertVersion(row.version, body.version, row.name);
  if (body.setCode !== undefined && body.setCode !== row.setCode) {
    if (row.code !== null) throw new AppError('ocop.product_certified', 422, { name: row.name });
    setName(body.setCode);
  }
  const changes = {
    name: body.name ?? row.name,
    setCode: body.setCode ?? row.setCode,
    description: body.description === undefined ? row.description : body.description,
    standards: body.standards ?? row.standards,
    certifications: body.certifications ?? row.certifications,
    ecommerceLinks: body.ecommerceLinks ?? row.ecommerceLinks,
  };
  await tx
    .update(ocopProducts)
    .set({
      ...changes,
      searchText: searchTextSql(changes.name, producer.name, changes.setCode),
      version: row.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopProducts.id, row.id));
  await recordAudit(tx, context, {
    action: 'ocop.product.update',
    entityType: 'ocop_product',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: productView(row, producer.name),
    after: changes,
  });
}

// ---- photos ----

export const PRODUCT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PRODUCT_MAX_PHOTOS = 8;
const PHOTO_MAX_PX = 1600;
const acceptedPhotos = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Checks and stores photos before the transaction (the store is content-addressed: bytes of a
 * refused request are harmless): JPEG, PNG or WebP by content, re-encoded as JPEG ≤ 1600 px,
 * upright, without EXIF (no GPS position). Returns the store keys.
 */
export async function prepareProductPhotos(
  photos: ReadonlyArray<{ data: string }>,
  store: FileStore,
): Promise<string[]> {
  const keys: string[] = [];
  for (const [index, photo] of photos.entries()) {
    const number = index + 1;
    const bytes = Buffer.from(photo.data.replace(/^data:[^,]*,/, ''), 'base64');
    if (bytes.length > PRODUCT_PHOTO_MAX_BYTES) {
      throw new AppError('ocop.photo_too_large', 413, { number, limit: '5 MB' });
    }
    const type = bytes.length > 0 ? await fileTypeFromBuffer(bytes) : undefined;
    if (!type || !acceptedPhotos.has(type.mime)) {
      throw new AppError('ocop.photo_type', 422, {
        number,
        found: type ? type.ext.toUpperCase() : '?',
      });
    }
    let image: Buffer;
    try {
      image = await sharp(bytes, { limitInputPixels: 50_000_000, failOn: 'error' })
        .autoOrient()
        .resize(PHOTO_MAX_PX, PHOTO_MAX_PX, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82 })
        .toBuffer();
    } catch (error) {
      throw new AppError('ocop.photo_unreadable', 422, { number }, { cause: error });
    }
    keys.push(await store.putFile(image));
  }
  return keys;
}

export async function addProductPhotos(
  tx: Tx,
  context: RequestContext,
  id: string,
  keys: string[],
  version: number,
): Promise<void> {
  const row = await loadProduct(tx, id, { lock: true });
  const producer = await loadProducer(tx, row.producerId);
  await canManageProducer(tx, context, producer);
  assertVersion(row.version, version, row.name);
  const photos = [...row.photos, ...keys.filter((key) => !row.photos.includes(key))];
  if (photos.length > PRODUCT_MAX_PHOTOS) {
    throw new AppError('ocop.photo_count', 422, { max: PRODUCT_MAX_PHOTOS });
  }
  await tx
    .update(ocopProducts)
    .set({ photos, version: row.version + 1, updatedAt: new Date() })
    .where(eq(ocopProducts.id, row.id));
  await recordAudit(tx, context, {
    action: 'ocop.product.photos',
    entityType: 'ocop_product',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: { photos: row.photos },
    after: { photos },
  });
}
