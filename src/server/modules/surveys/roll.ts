import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../auth/actor';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import {
  cellText,
  columnLetter,
  fold,
  foldHeader,
  readSpreadsheet,
  FileProblem,
  type Cell,
} from '../../files/spreadsheet';
import { translate, type Language, type MessageParams } from '../../i18n';
import { recordAudit } from '../audit/service';
import { getUnit, isUnitCoveredBy } from '../units/lookup';
import type { addHouseholdsBody, householdListQuery } from './api';
import { assertCampaignVersion, loadCampaignRow, type CampaignRow } from './campaigns';
import { canManageCampaign, canReadCampaign } from './policy';
import { surveyCampaigns, surveyHouseholds } from './tables';
import type { z } from 'zod';

/**
 * The household roll of a campaign (the denominator): entered by hand or imported from Excel
 * (the whole roll replaced, or nothing, with every wrong row and column named in Vietnamese);
 * editable while the campaign is planned, frozen when it opens.
 */

export const MAX_ROLL = 100_000;
const MAX_ERRORS = 50;

export interface HouseholdInput {
  village: string;
  householdCode: string;
  headName: string;
  address?: string | undefined;
  communeUnitId?: number | undefined;
}

interface RowProblem {
  row: number | null;
  column: string | null;
  key: string;
  params: MessageParams;
}

function assertPlanned(row: CampaignRow): void {
  if (row.state !== 'planned') {
    throw new AppError('surveys.roll_frozen', 422, { reference: row.reference });
  }
}

function rejectRoll(problems: RowProblem[], language: Language): never {
  const errors = problems.slice(0, MAX_ERRORS).map((problem) => ({
    row: problem.row,
    column: problem.column,
    message: translate(language, `surveys.roll.${problem.key}`, {
      ...problem.params,
      row: problem.row ?? '',
      column: problem.column ?? '',
    }),
  }));
  const first = errors[0]!;
  throw new AppError('surveys.roll_invalid', 422, {
    count: problems.length,
    first: first.message,
  }).withBody({ errors });
}

/** The household key that tells a duplicate: its code, or its village, head and address. */
function personKey(household: HouseholdInput): string | null {
  if (!household.address) return null;
  return [household.communeUnitId ?? 0, household.village, household.headName, household.address]
    .map((part) => fold(String(part)))
    .join('|');
}

/** Checks the households for duplicates among themselves (row numbers for messages). */
function duplicateProblems(
  rows: { row: number | null; household: HouseholdInput }[],
): RowProblem[] {
  const problems: RowProblem[] = [];
  const codes = new Map<string, number | null>();
  const people = new Map<string, number | null>();
  for (const { row, household } of rows) {
    const code = fold(household.householdCode);
    if (codes.has(code)) {
      problems.push({
        row,
        column: 'B',
        key: 'duplicate_code',
        params: { code: household.householdCode, other: codes.get(code) ?? '' },
      });
      continue;
    }
    codes.set(code, row);
    const person = personKey(household);
    if (person && people.has(person)) {
      problems.push({
        row,
        column: 'C',
        key: 'duplicate_household',
        params: { name: household.headName, other: people.get(person) ?? '' },
      });
    } else if (person) people.set(person, row);
  }
  return problems;
}

async function insertHouseholds(
  tx: Tx,
  campaign: CampaignRow,
  households: HouseholdInput[],
): Promise<void> {
  for (let start = 0; start < households.length; start += 1000) {
    await tx.insert(surveyHouseholds).values(
      households.slice(start, start + 1000).map((household) => ({
        campaignId: campaign.id,
        provinceCode: campaign.provinceCode,
        communeUnitId: household.communeUnitId ?? campaign.unitId,
        village: household.village,
        householdCode: household.householdCode,
        headName: household.headName,
        address: household.address ?? null,
      })),
    );
  }
}

async function bumpVersion(tx: Tx, campaign: CampaignRow): Promise<void> {
  await tx
    .update(surveyCampaigns)
    .set({ version: campaign.version + 1, updatedAt: new Date() })
    .where(eq(surveyCampaigns.id, campaign.id));
}

/** For a district campaign: the commune a household lives in, by its code (inside the district). */
async function communeOf(
  executor: Executor,
  campaign: CampaignRow,
  code: string,
): Promise<number | null> {
  const unit = await getUnit(executor, code, campaign.opensOn).catch(() => null);
  if (!unit || unit.level !== 'commune') return null;
  return (await isUnitCoveredBy(executor, unit.id, [campaign.unitId])) ? unit.id : null;
}

type AddBody = z.infer<typeof addHouseholdsBody>;

/** `POST /campaigns/{id}/households`: households entered by hand, added to the roll. */
export async function addHouseholds(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: AddBody,
  language: Language,
): Promise<void> {
  const campaign = await loadCampaignRow(tx, id, { lock: true });
  await canManageCampaign(tx, context, campaign.unitId);
  assertCampaignVersion(campaign, body.version);
  assertPlanned(campaign);
  const existing = await tx
    .select({
      householdCode: surveyHouseholds.householdCode,
      village: surveyHouseholds.village,
      headName: surveyHouseholds.headName,
      address: surveyHouseholds.address,
      communeUnitId: surveyHouseholds.communeUnitId,
    })
    .from(surveyHouseholds)
    .where(eq(surveyHouseholds.campaignId, campaign.id));
  const problems: RowProblem[] = [];
  const households: HouseholdInput[] = [];
  for (const [index, household] of body.households.entries()) {
    let communeUnitId = campaign.unitId;
    if (campaign.level === 'district') {
      const found = household.communeUnitId
        ? (await isUnitCoveredBy(tx, household.communeUnitId, [campaign.unitId]))
          ? household.communeUnitId
          : null
        : null;
      if (!found) {
        problems.push({ row: index + 1, column: null, key: 'commune_outside', params: {} });
        continue;
      }
      communeUnitId = found;
    }
    households.push({ ...household, communeUnitId });
  }
  problems.push(
    ...duplicateProblems([
      ...existing.map((household) => ({
        row: null,
        household: { ...household, address: household.address ?? undefined },
      })),
      ...households.map((household, index) => ({ row: index + 1, household })),
    ]),
  );
  if (existing.length + households.length > MAX_ROLL) {
    problems.push({ row: null, column: null, key: 'too_many', params: { max: MAX_ROLL } });
  }
  if (problems.length > 0) rejectRoll(problems, language);
  await insertHouseholds(tx, campaign, households);
  await bumpVersion(tx, campaign);
  await recordAudit(tx, context, {
    action: 'survey.roll.add',
    entityType: 'survey_campaign',
    entityId: campaign.id,
    provinceCode: campaign.provinceCode,
    details: {
      households: households.length,
      villages: [...new Set(households.map((h) => h.village))],
    },
  });
}

/** `DELETE /campaigns/{id}/households/{householdId}` while planned. */
export async function removeHousehold(
  tx: Tx,
  context: RequestContext,
  id: string,
  householdId: number,
  version: number,
): Promise<void> {
  const campaign = await loadCampaignRow(tx, id, { lock: true });
  await canManageCampaign(tx, context, campaign.unitId);
  assertCampaignVersion(campaign, version);
  assertPlanned(campaign);
  const [removed] = await tx
    .delete(surveyHouseholds)
    .where(and(eq(surveyHouseholds.campaignId, campaign.id), eq(surveyHouseholds.id, householdId)))
    .returning();
  if (!removed) throw new AppError('surveys.household_not_found', 404, { id: householdId });
  await bumpVersion(tx, campaign);
  await recordAudit(tx, context, {
    action: 'survey.roll.remove',
    entityType: 'survey_campaign',
    entityId: campaign.id,
    provinceCode: campaign.provinceCode,
    before: { village: removed.village, householdCode: removed.householdCode },
  });
}

// --- Excel ---------------------------------------------------------------------------------------

const HEADERS = {
  village: ['thon', 'thon/to dan pho', 'thon, to dan pho', 'to dan pho', 'ban', 'ap', 'thon/ban'],
  householdCode: ['ma ho', 'so ho', 'stt ho', 'ma so ho'],
  headName: ['ho va ten chu ho', 'ho ten chu ho', 'chu ho', 'ten chu ho'],
  address: ['dia chi', 'dia chi cu tru'],
  commune: ['ma xa', 'ma xa/phuong', 'ma don vi'],
} as const;
type Column = keyof typeof HEADERS;

function headerColumns(cells: ReadonlyArray<Cell | null>): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  cells.forEach((cell, index) => {
    const text = foldHeader(cellText(cell));
    for (const [column, names] of Object.entries(HEADERS) as [Column, readonly string[]][]) {
      if (found[column] === undefined && names.includes(text)) found[column] = index;
    }
  });
  return found;
}

function isRollHeader(cells: ReadonlyArray<Cell | null>): boolean {
  const found = headerColumns(cells);
  return found.village !== undefined && found.householdCode !== undefined;
}

/** `POST /campaigns/{id}/roll`: the roll from an xlsx or CSV file, replacing the one there. */
export async function importRoll(
  tx: Tx,
  context: RequestContext,
  id: string,
  version: number,
  data: Buffer,
  language: Language,
): Promise<{ households: number; villages: number }> {
  const campaign = await loadCampaignRow(tx, id, { lock: true });
  await canManageCampaign(tx, context, campaign.unitId);
  assertCampaignVersion(campaign, version);
  assertPlanned(campaign);
  let spreadsheet;
  try {
    spreadsheet = await readSpreadsheet(data, isRollHeader);
  } catch (error) {
    if (error instanceof FileProblem) {
      rejectRoll([{ row: null, column: null, key: 'unreadable', params: {} }], language);
    }
    throw error;
  }
  const problems: RowProblem[] = [];
  const rows: { row: number; household: HouseholdInput }[] = [];
  let headerFound = false;
  for (const sheet of spreadsheet.sheets) {
    if (sheet.name?.startsWith('_')) continue;
    const headerIndex = sheet.rows.findIndex((row) => isRollHeader(row.cells));
    if (headerIndex < 0) continue;
    headerFound = true;
    const columns = headerColumns(sheet.rows[headerIndex]!.cells);
    if (columns.headName === undefined) {
      problems.push({
        row: sheet.rows[headerIndex]!.row,
        column: null,
        key: 'no_head_column',
        params: {},
      });
      break;
    }
    if (campaign.level === 'district' && columns.commune === undefined) {
      problems.push({
        row: sheet.rows[headerIndex]!.row,
        column: null,
        key: 'no_commune_column',
        params: {},
      });
      break;
    }
    const letter = (column: Column) => columnLetter(columns[column]!);
    for (const row of sheet.rows.slice(headerIndex + 1)) {
      const text = (column: Column) =>
        columns[column] === undefined ? '' : cellText(row.cells[columns[column]]).trim();
      const household: HouseholdInput = {
        village: text('village'),
        householdCode: text('householdCode'),
        headName: text('headName'),
        ...(text('address') ? { address: text('address') } : {}),
      };
      if (!household.village && !household.householdCode && !household.headName) continue;
      const missing = (['village', 'householdCode', 'headName'] as const).filter(
        (column) => !household[column],
      );
      for (const column of missing) {
        problems.push({
          row: row.row,
          column: letter(column),
          key: `missing_${column}`,
          params: {},
        });
      }
      const tooLong =
        household.village.length > 120 ||
        household.householdCode.length > 40 ||
        household.headName.length > 200 ||
        (household.address?.length ?? 0) > 300;
      if (tooLong) problems.push({ row: row.row, column: null, key: 'too_long', params: {} });
      if (campaign.level === 'district') {
        const code = text('commune');
        const commune = code ? await communeOf(tx, campaign, code) : null;
        if (!commune) {
          problems.push({
            row: row.row,
            column: letter('commune'),
            key: 'commune_outside',
            params: { code },
          });
          continue;
        }
        household.communeUnitId = commune;
      }
      if (missing.length === 0 && !tooLong) rows.push({ row: row.row, household });
      if (problems.length >= MAX_ERRORS) break;
    }
    break;
  }
  if (!headerFound) {
    rejectRoll([{ row: null, column: null, key: 'no_header', params: {} }], language);
  }
  problems.push(...duplicateProblems(rows));
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ row: null, column: null, key: 'empty', params: {} });
  }
  if (rows.length > MAX_ROLL) {
    problems.push({ row: null, column: null, key: 'too_many', params: { max: MAX_ROLL } });
  }
  if (problems.length > 0) rejectRoll(problems, language);

  const [before] = await queryRows<{ count: number }>(
    tx,
    sql`SELECT count(*)::int AS count FROM survey_household WHERE campaign_id = ${campaign.id}`,
  );
  // The roll is replaced whole: codes of a planned campaign belong to its old households.
  await tx.execute(sql`DELETE FROM survey_code WHERE campaign_id = ${campaign.id}`);
  await tx.delete(surveyHouseholds).where(eq(surveyHouseholds.campaignId, campaign.id));
  const households = rows.map((row) => row.household);
  await insertHouseholds(tx, campaign, households);
  await bumpVersion(tx, campaign);
  const villages = new Set(households.map((h) => `${h.communeUnitId ?? ''}|${h.village}`)).size;
  await recordAudit(tx, context, {
    action: 'survey.roll.import',
    entityType: 'survey_campaign',
    entityId: campaign.id,
    provinceCode: campaign.provinceCode,
    before: { households: before?.count ?? 0 },
    after: { households: households.length, villages },
  });
  return { households: households.length, villages };
}

/** The roll template (the columns the importer reads), with the villages already on the roll. */
export async function rollTemplate(
  executor: Executor,
  context: RequestContext,
  id: string,
): Promise<{ name: string; bytes: Buffer }> {
  const campaign = await loadCampaignRow(executor, id);
  await canReadCampaign(executor, context, campaign.unitId);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'NTM Platform';
  const sheet = workbook.addWorksheet('Danh sách hộ', {
    views: [{ state: 'frozen', ySplit: 4 }],
  });
  sheet.getCell('A1').value = 'DANH SÁCH HỘ GIA ĐÌNH LẤY Ý KIẾN SỰ HÀI LÒNG';
  sheet.getCell('A1').font = { bold: true, size: 13 };
  sheet.getCell('A2').value = `${campaign.title} (${campaign.reference})`;
  const headers = ['Thôn/tổ dân phố', 'Mã hộ', 'Họ và tên chủ hộ', 'Địa chỉ'];
  if (campaign.level === 'district') headers.push('Mã xã');
  const header = sheet.getRow(4);
  header.values = headers;
  header.font = { bold: true };
  sheet.columns = headers.map((_, index) => ({ width: [24, 12, 32, 36, 10][index] }));
  const rows = await executor
    .select()
    .from(surveyHouseholds)
    .where(eq(surveyHouseholds.campaignId, campaign.id))
    .orderBy(surveyHouseholds.village, surveyHouseholds.householdCode)
    .limit(MAX_ROLL);
  for (const row of rows)
    sheet.addRow([row.village, row.householdCode, row.headName, row.address ?? '']);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { name: `danh-sach-ho-${campaign.reference}.xlsx`, bytes };
}

type ListQuery = z.infer<typeof householdListQuery>;

/** `GET /campaigns/{id}/households`: the roll, paged, with whether each household answered. */
export async function listHouseholds(
  executor: Executor,
  context: RequestContext,
  id: string,
  query: ListQuery,
) {
  const campaign = await loadCampaignRow(executor, id);
  await canReadCampaign(executor, context, campaign.unitId);
  const conditions = [sql`h.campaign_id = ${campaign.id}`];
  if (query.village) conditions.push(sql`h.village = ${query.village}`);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(ntm_fold(h.head_name) LIKE ntm_fold(${pattern}) OR ntm_fold(h.household_code) LIKE ntm_fold(${pattern}))`,
    );
  }
  if (query.answered === 'yes') conditions.push(sql`p.id IS NOT NULL`);
  if (query.answered === 'no') conditions.push(sql`p.id IS NULL`);
  const where = sql.join(conditions, sql` AND `);
  const from = sql`survey_household h
    LEFT JOIN survey_participation p ON p.campaign_id = h.campaign_id AND p.household_id = h.id`;
  const [count] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`,
  );
  const items = await queryRows<{
    id: number;
    communeUnitId: number;
    village: string;
    householdCode: string;
    headName: string;
    address: string | null;
    answered: boolean;
    channel: 'code' | 'paper' | 'door' | null;
    activeCode: boolean;
  }>(
    executor,
    sql`SELECT h.id::int AS id, h.commune_unit_id AS "communeUnitId", h.village,
          h.household_code AS "householdCode", h.head_name AS "headName", h.address,
          (p.id IS NOT NULL) AS answered, p.channel,
          EXISTS (SELECT 1 FROM survey_code c WHERE c.household_id = h.id AND c.revoked_at IS NULL)
            AS "activeCode"
        FROM ${from} WHERE ${where}
        ORDER BY h.village, h.household_code
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  return { items, total: count?.total ?? 0, page: query.page, pageSize: query.pageSize };
}
