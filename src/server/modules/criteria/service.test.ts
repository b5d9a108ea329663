import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DatabaseHandle } from '../../db/client';
import { AppError } from '../../errors';
import { createTestDatabase } from '../../test/database';
import { systemContext, type RequestContext } from '../../auth/actor';
import { defaultCommuneSet } from '../evaluation/service';
import { loadShippedCriteriaSets, SHIPPED_CRITERIA_DIR } from './seed';
import {
  amendCriteriaSet,
  createCriteriaSet,
  CriteriaSetInvalid,
  diffCriteriaSetVersions,
  getCriteriaSet,
  getCriteriaSetSource,
  listCriteriaSets,
  loadCriteriaSetText,
  publishCriteriaSet,
  updateCriteriaSet,
  validateCriteriaSet,
} from './service';
import {
  adminContext,
  LOOSENING_LINE,
  looseningYaml,
  PROVINCE_SET_CODE,
  provinceSetYaml,
  smallSetYaml,
} from './test-fixtures';

let database: DatabaseHandle;
let admin: RequestContext;
const anonymous: RequestContext = { actor: null, ip: null, requestId: 'test' };

beforeAll(async () => {
  database = await createTestDatabase();
  admin = await adminContext(database.db);
});
afterAll(async () => {
  await database.close();
});

/** Runs `work` in a transaction and returns what it threw. */
async function failure(
  work: (tx: Parameters<Parameters<DatabaseHandle['db']['transaction']>[0]>[0]) => Promise<unknown>,
) {
  return database.db.transaction(work).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

const shipped = fs
  .readdirSync(SHIPPED_CRITERIA_DIR)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, text: fs.readFileSync(path.join(SHIPPED_CRITERIA_DIR, name), 'utf8') }));

describe('shipped sets, loaded on seed', () => {
  it('are published with their text, hash and counts', async () => {
    const list = await listCriteriaSets(database.db, anonymous, { page: 1, pageSize: 100 });
    expect(list.items.map((item) => item.code).sort()).toEqual([
      'huyen-ntm-2021-2025',
      'huyen-ntm-nang-cao-2021-2025',
      'xa-ntm-2021-2025',
      'xa-ntm-2026-2030',
      'xa-ntm-kieu-mau-2021-2025',
      'xa-ntm-nang-cao-2021-2025',
    ]);
    expect(list.items.every((item) => item.status === 'published')).toBe(true);
    const byCode = new Map(list.items.map((item) => [item.code, item]));
    expect(byCode.get('xa-ntm-2021-2025')?.criteriaCount).toBe(19);
    expect(byCode.get('huyen-ntm-2021-2025')?.criteriaCount).toBe(9);
    expect(byCode.get('xa-ntm-2026-2030')?.criteriaCount).toBe(10);
    expect(byCode.get('xa-ntm-2026-2030')?.classes).toEqual(['1', '2', '3']);
    expect(byCode.get('xa-ntm-nang-cao-2021-2025')).toMatchObject({
      kind: 'advanced',
      level: 'commune',
      criteriaCount: 19,
    });
    expect(byCode.get('xa-ntm-kieu-mau-2021-2025')).toMatchObject({
      kind: 'model',
      criteriaCount: 4,
    });
    expect(byCode.get('huyen-ntm-nang-cao-2021-2025')).toMatchObject({
      kind: 'advanced',
      level: 'district',
      criteriaCount: 9,
    });
    for (const file of shipped) {
      const code = file.name.replace(/\.yaml$/, '');
      const hash = createHash('sha256').update(file.text.replace(/\r\n?/g, '\n')).digest('hex');
      expect(byCode.get(code)?.contentHash, code).toBe(hash);
    }
    const [step] = await queryRows<{ summary: { sets: unknown[] } }>(
      database.db,
      sql`SELECT summary FROM seed_step WHERE name = 'criteria-sets-shipped-2'`,
    );
    expect(step?.summary.sets).toHaveLength(6);
  });

  it('keep criteria, indicators and thresholds in rows that match the parsed set', async () => {
    const detail = await getCriteriaSet(database.db, anonymous, 'xa-ntm-2021-2025');
    const indicators = detail.criteria.flatMap((criterion) => criterion.indicators);
    expect(detail.indicatorCount).toBe(indicators.length);
    // Unverified: every indicator marked so, and 15.4, verified for two regions but judged yes/no
    // in the five others.
    expect(detail.unverifiedCount).toBe(
      indicators.filter((indicator) => !indicator.verified || indicator.code === '15.4').length,
    );
    const [counts] = await queryRows<{ criteria: number; indicators: number; rules: number }>(
      database.db,
      sql`SELECT
            (SELECT count(*)::int FROM criteria_criterion c JOIN criteria_set s ON s.id = c.set_id WHERE s.code = 'xa-ntm-2021-2025') AS criteria,
            (SELECT count(*)::int FROM criteria_indicator i JOIN criteria_set s ON s.id = i.set_id WHERE s.code = 'xa-ntm-2021-2025') AS indicators,
            (SELECT count(*)::int FROM criteria_rule r JOIN criteria_set s ON s.id = r.set_id WHERE s.code = 'xa-ntm-2021-2025') AS rules`,
    );
    expect(counts).toEqual({
      criteria: 19,
      indicators: indicators.length,
      rules: indicators.reduce((sum, indicator) => sum + indicator.thresholds.length, 0),
    });
    // 15.3: a ceiling per region, joinable by indicator.
    const stunting = await queryRows<{ class_key: string; op: string; value_number: number }>(
      database.db,
      sql`SELECT r.class_key, r.op, r.value_number FROM criteria_rule r
          JOIN criteria_indicator i ON i.id = r.indicator_id
          JOIN criteria_set s ON s.id = i.set_id
          WHERE s.code = 'xa-ntm-2021-2025' AND i.code = '15.3' ORDER BY r.class_key`,
    );
    expect(stunting).toHaveLength(7);
    expect(stunting.find((row) => row.class_key === 'DBSH')).toEqual({
      class_key: 'DBSH',
      op: 'lte',
      value_number: 16.5,
    });
  });

  it('are left as they are when the same file is loaded again', async () => {
    const file = shipped.find((f) => f.name === 'xa-ntm-2021-2025.yaml')!;
    const outcome = await database.db.transaction((tx) =>
      loadCriteriaSetText(tx, systemContext('cli'), {
        text: file.text,
        fileName: file.name,
        publish: true,
        by: 'cli',
      }),
    );
    expect(outcome).toMatchObject({
      code: 'xa-ntm-2021-2025',
      action: 'unchanged',
      published: false,
    });
  });
});

describe('the 2021–2025 sets on a database seeded before', () => {
  it('keep what the database published when the shipped file changed (seed), refused elsewhere', async () => {
    // A database that published an earlier text of the file (here: the current text with the
    // earlier start date) keeps its published set; the seed reports it as kept, not as an error.
    const file = shipped.find((f) => f.name === 'xa-ntm-2021-2025.yaml')!;
    const earlier = file.text.replace('validFrom: 2021-01-01', 'validFrom: 2022-01-01');
    expect(earlier).not.toBe(file.text);
    const kept = await database.db.transaction((tx) =>
      loadCriteriaSetText(tx, systemContext('seed'), {
        text: earlier,
        fileName: file.name,
        publish: true,
        by: 'seed',
        keepPublished: true,
      }),
    );
    expect(kept).toMatchObject({ code: 'xa-ntm-2021-2025', action: 'kept', published: false });
    const detail = await getCriteriaSet(database.db, anonymous, 'xa-ntm-2021-2025');
    expect(detail.validFrom).toBe('2021-01-01');
    const seed = await database.db.transaction((tx) =>
      loadShippedCriteriaSets(tx, () => undefined),
    );
    expect((seed.sets as Array<{ action: string }>).map((set) => set.action)).toEqual(
      Array.from({ length: 6 }, () => 'unchanged'),
    );
  });

  it('make 2021 evaluable: the default commune set of 2021 is the standard set, not the advanced one', async () => {
    for (const year of [2021, 2024]) {
      const set = await defaultCommuneSet(database.db, year);
      expect(set.code, String(year)).toBe('xa-ntm-2021-2025');
    }
    const district = await getCriteriaSet(database.db, anonymous, 'huyen-ntm-2021-2025');
    expect(district.validFrom).toBe('2021-01-01');
  });
});

describe('an amending decision (211/QĐ-TTg)', () => {
  const amendment = { decision: '211/QĐ-TTg', date: '2024-03-01' };

  it('becomes a new draft version valid from its date, recording the decision; the diff shows the changes', async () => {
    const draft = await database.db.transaction((tx) =>
      amendCriteriaSet(tx, admin, 'huyen-ntm-2021-2025', amendment),
    );
    expect(draft).toMatchObject({
      code: 'huyen-ntm-2021-2025-v2',
      status: 'draft',
      level: 'district',
      kind: 'standard',
      validFrom: '2024-03-01',
      validTo: '2025-12-31',
      basedOn: 'huyen-ntm-2021-2025',
      amendment: { decision: '211/QĐ-TTg', date: '2024-03-01', amends: 'huyen-ntm-2021-2025' },
      criteriaCount: 9,
    });
    expect(draft.basis).toBe(
      '320/QĐ-TTg ngày 08/03/2022; sửa đổi, bổ sung theo 211/QĐ-TTg ngày 01/03/2024',
    );
    // The published version is as it was.
    const published = await getCriteriaSet(database.db, anonymous, 'huyen-ntm-2021-2025');
    expect(published).toMatchObject({ status: 'published', validFrom: '2021-01-01' });

    // The administrator enters the decision's content: 2.2 changes, 9.5 is renamed.
    const source = await database.db.transaction((tx) =>
      getCriteriaSetSource(tx, admin, 'huyen-ntm-2021-2025-v2'),
    );
    const edited = source.yaml
      .replace('rule: { op: gte, value: 100 }', 'rule: { op: gte, value: 90 }')
      .replace('Đạt chỉ tiêu 9.5 (nội dung chưa xác minh)', 'Chỉ tiêu 9.5 (theo văn bản sửa đổi)');
    await database.db.transaction((tx) =>
      updateCriteriaSet(tx, admin, 'huyen-ntm-2021-2025-v2', {
        yaml: edited,
        version: source.version,
      }),
    );
    const diff = await diffCriteriaSetVersions(
      database.db,
      admin,
      'huyen-ntm-2021-2025-v2',
      undefined,
    );
    expect(diff).toMatchObject({ from: 'huyen-ntm-2021-2025', to: 'huyen-ntm-2021-2025-v2' });
    expect(diff.set.map((change) => change.field)).toEqual(['basis', 'validFrom', 'amendment']);
    expect(diff.indicators.changed).toEqual([
      expect.objectContaining({
        code: '2.2',
        changes: [{ field: 'rule', from: '≥ 100%', to: '≥ 90%' }],
      }),
      expect.objectContaining({
        code: '9.5',
        changes: [
          {
            field: 'name',
            from: 'Đạt chỉ tiêu 9.5 (nội dung chưa xác minh)',
            to: 'Chỉ tiêu 9.5 (theo văn bản sửa đổi)',
          },
        ],
      }),
    ]);
    // Drafts are not shown to others.
    const hidden = await diffCriteriaSetVersions(
      database.db,
      anonymous,
      'huyen-ntm-2021-2025-v2',
      undefined,
    ).catch((error: unknown) => error);
    expect((hidden as AppError).status).toBe(404);
  });

  it('never changes a published version in place (Vietnamese message), nor a draft, nor outside the period', async () => {
    const inPlace = await failure((tx) =>
      amendCriteriaSet(tx, admin, 'xa-ntm-2021-2025', { ...amendment, code: 'xa-ntm-2021-2025' }),
    );
    expect(inPlace).toBeInstanceOf(AppError);
    expect((inPlace as AppError).code).toBe('criteria.amendment_in_place');
    expect((inPlace as AppError).status).toBe(409);
    expect((inPlace as AppError).messageIn('vi')).toBe(
      'Không thể sửa trực tiếp bộ tiêu chí xa-ntm-2021-2025 đã công bố theo văn bản 211/QĐ-TTg: ' +
        'văn bản sửa đổi được nhập thành một phiên bản mới với mã mới (ví dụ xa-ntm-2021-2025-v2), ' +
        'áp dụng từ ngày của văn bản sửa đổi.',
    );
    const late = await failure((tx) =>
      amendCriteriaSet(tx, admin, 'xa-ntm-2021-2025', { ...amendment, date: '2026-03-01' }),
    );
    expect((late as AppError).code).toBe('criteria.amendment_date');
    expect((late as AppError).messageIn('vi')).toContain('01/03/2026');

    // A text saying it amends itself is refused at its line, nothing saved.
    const self = shipped
      .find((f) => f.name === 'xa-ntm-2021-2025.yaml')!
      .text.replace('code: xa-ntm-2021-2025', 'code: xa-ntm-2021-2025-sua')
      .replace(
        'criteria:\n',
        'amendment: { decision: 211/QĐ-TTg, date: 2024-03-01, amends: xa-ntm-2021-2025-sua }\ncriteria:\n',
      );
    const refused = await failure((tx) => createCriteriaSet(tx, admin, { yaml: self }));
    expect(refused).toBeInstanceOf(CriteriaSetInvalid);
    expect((refused as CriteriaSetInvalid).issues.map((issue) => issue.message)).toContainEqual(
      expect.stringContaining('không được sửa trực tiếp bộ «xa-ntm-2021-2025-sua»'),
    );
    // Nor may an amendment start before the version it amends, or amend an unknown one.
    const early = shipped
      .find((f) => f.name === 'xa-ntm-2021-2025.yaml')!
      .text.replace('code: xa-ntm-2021-2025', 'code: xa-ntm-2021-2025-sua')
      .replace(
        'criteria:\n',
        'amendment: { decision: 211/QĐ-TTg, date: 2020-03-01, amends: xa-ntm-2021-2025 }\ncriteria:\n',
      );
    const before = await failure((tx) => createCriteriaSet(tx, admin, { yaml: early }));
    expect((before as CriteriaSetInvalid).issues.map((issue) => issue.message)).toEqual([
      'phiên bản sửa đổi bộ «xa-ntm-2021-2025» (áp dụng 01/01/2021–31/12/2025) phải bắt đầu sau ngày 01/01/2021 và không muộn hơn 31/12/2025 (đang ghi 01/01/2021)',
    ]);
  });

  it('is entered by an administrator only', async () => {
    const denied = await failure((tx) =>
      amendCriteriaSet(tx, anonymous, 'xa-ntm-2021-2025', amendment),
    );
    expect((denied as AppError).status).toBe(401);
  });
});

describe('a published set', () => {
  const file = () => shipped.find((f) => f.name === 'xa-ntm-2021-2025.yaml')!.text;

  it('refuses another text, through the loader, an update or a second publication', async () => {
    const changed = file().replace('rule: { op: gte, value: 80 }', 'rule: { op: gte, value: 85 }');
    expect(changed).not.toBe(file());
    const loaded = await failure((tx) =>
      loadCriteriaSetText(tx, systemContext('cli'), {
        text: changed,
        fileName: 'x.yaml',
        publish: true,
        by: 'cli',
      }),
    );
    expect(loaded).toBeInstanceOf(AppError);
    expect((loaded as AppError).code).toBe('criteria.published_immutable');
    expect((loaded as AppError).status).toBe(409);
    expect((loaded as AppError).params.suggestion).toBe('xa-ntm-2021-2025-v2');
    expect((loaded as AppError).messageIn('vi')).toContain('đã công bố');

    const updated = await failure((tx) =>
      updateCriteriaSet(tx, admin, 'xa-ntm-2021-2025', { yaml: changed, version: 2 }),
    );
    expect((updated as AppError).code).toBe('criteria.published_immutable');
    const republished = await failure((tx) =>
      publishCriteriaSet(tx, admin, 'xa-ntm-2021-2025', { version: 2 }),
    );
    expect((republished as AppError).code).toBe('criteria.published_immutable');
    const detail = await getCriteriaSet(database.db, anonymous, 'xa-ntm-2021-2025');
    expect(detail.criteria[2]?.indicators[0]?.rule).toEqual({ op: 'gte', value: 80 });
  });

  it('is protected by the database too', async () => {
    const refusal = async (statement: ReturnType<typeof sql>) => {
      const error = (await database.db.execute(statement).catch((e: unknown) => e)) as Error & {
        cause?: Error;
      };
      return `${error.message} ${error.cause?.message ?? ''}`;
    };
    expect(
      await refusal(sql`UPDATE criteria_set SET name = 'x' WHERE code = 'xa-ntm-2021-2025'`),
    ).toMatch(/immutable/);
    expect(await refusal(sql`DELETE FROM criteria_set WHERE code = 'xa-ntm-2021-2025'`)).toMatch(
      /immutable/,
    );
    expect(
      await refusal(
        sql`UPDATE criteria_rule SET value_number = 1 WHERE set_id = (SELECT id FROM criteria_set WHERE code = 'xa-ntm-2021-2025')`,
      ),
    ).toMatch(/immutable/);
    expect(
      await refusal(
        sql`DELETE FROM criteria_indicator WHERE set_id = (SELECT id FROM criteria_set WHERE code = 'xa-ntm-2021-2025')`,
      ),
    ).toMatch(/immutable/);
  });

  it('is the starting point of a new version under a new code', async () => {
    const text = file().replace('code: xa-ntm-2021-2025', 'code: xa-ntm-2021-2025-v2');
    const same = await validateCriteriaSet(database.db, admin, 'xa-ntm-2021-2025', file());
    expect(same.valid).toBe(false);
    expect(same.errors[0]).toMatchObject({ line: 8, path: ['code'] });
    expect(same.errors[0]?.message).toContain('«xa-ntm-2021-2025-v2»');
    const renamed = await validateCriteriaSet(database.db, admin, 'xa-ntm-2021-2025', text);
    expect(renamed).toMatchObject({ valid: true, errors: [] });
    expect(renamed.summary).toMatchObject({ code: 'xa-ntm-2021-2025-v2', criteriaCount: 19 });
  });
});

describe('a provincial set', () => {
  it('may tighten the central set it extends', async () => {
    const draft = await database.db.transaction((tx) =>
      createCriteriaSet(tx, admin, { yaml: provinceSetYaml }),
    );
    expect(draft).toMatchObject({
      code: PROVINCE_SET_CODE,
      status: 'draft',
      extends: 'xa-ntm-2021-2025',
      issuer: '01',
      issuerName: 'Thành phố Hà Nội',
      criteriaCount: 19,
      version: 1,
    });
    const irrigation = draft.criteria.find((c) => c.code === '3')!.indicators[0]!;
    expect(irrigation).toMatchObject({ code: '3.1', origin: 'overridden', verified: false });
    expect(irrigation.thresholds).toEqual([{ class: null, year: null, value: 90 }]);
    // Drafts are the administrator's: nobody else sees them.
    const anonymousList = await listCriteriaSets(database.db, anonymous, {
      page: 1,
      pageSize: 100,
    });
    expect(anonymousList.items.map((item) => item.code)).not.toContain(PROVINCE_SET_CODE);
    await expect(getCriteriaSet(database.db, anonymous, PROVINCE_SET_CODE)).rejects.toMatchObject({
      code: 'criteria.not_found',
    });

    const published = await database.db.transaction((tx) =>
      publishCriteriaSet(tx, admin, PROVINCE_SET_CODE, { version: 1 }),
    );
    expect(published).toMatchObject({ status: 'published', version: 2, publishedBy: 'admin' });
    const [audit] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'criteria_set'
          AND entity_id = ${PROVINCE_SET_CODE} AND action IN ('criteria_set.create', 'criteria_set.publish')`,
    );
    expect(audit?.n).toBe(2);
  });

  it('may not loosen a threshold: refused at the line, nothing saved', async () => {
    const error = await failure((tx) =>
      createCriteriaSet(tx, admin, {
        yaml: looseningYaml.replace(PROVINCE_SET_CODE, 'kiem-thu-noi-long'),
      }),
    );
    expect(error).toBeInstanceOf(CriteriaSetInvalid);
    const issues = (error as CriteriaSetInvalid).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]?.line).toBe(LOOSENING_LINE);
    expect(issues[0]?.message).toContain('nới lỏng');
    expect(issues[0]?.message).toContain('15.3');
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM criteria_set WHERE code = 'kiem-thu-noi-long'`,
    );
    expect(row?.n).toBe(0);
  });

  it('extends only a published set of the centre or of its own province', async () => {
    await database.db.transaction((tx) =>
      createCriteriaSet(tx, admin, { yaml: smallSetYaml('kiem-thu-nhap') }),
    );
    const fromDraft = await validateCriteriaSet(
      database.db,
      admin,
      'kiem-thu-tu-nhap',
      `code: kiem-thu-tu-nhap\nname: Kế thừa bản nháp\nissuer: '01'\nbasis: Thử\nextends: kiem-thu-nhap\n`,
    );
    expect(fromDraft.valid).toBe(false);
    expect(fromDraft.errors.map((e) => [e.line, e.message])).toEqual([
      [5, expect.stringContaining('còn là bản nháp') as string],
    ]);
    const otherProvince = await validateCriteriaSet(
      database.db,
      admin,
      'kiem-thu-tinh-khac',
      `code: kiem-thu-tinh-khac\nname: Tỉnh khác\nissuer: '79'\nbasis: Thử\nextends: ${PROVINCE_SET_CODE}\n`,
    );
    expect(otherProvince.errors.map((e) => [e.line, e.message])).toEqual([
      [5, expect.stringContaining('Thành phố Hà Nội') as string],
    ]);
    const unknownProvince = await validateCriteriaSet(
      database.db,
      admin,
      'kiem-thu-99',
      smallSetYaml('kiem-thu-99').replace('issuer: central', "issuer: '99'"),
    );
    expect(unknownProvince.errors.map((e) => [e.line, e.message])).toEqual([
      [3, expect.stringContaining('«99»') as string],
    ]);
  });
});

describe('a draft', () => {
  it('is saved with the version it was read at, else 409', async () => {
    const code = 'kiem-thu-phien-ban';
    await database.db.transaction((tx) =>
      createCriteriaSet(tx, admin, { yaml: smallSetYaml(code) }),
    );
    const saved = await database.db.transaction((tx) =>
      updateCriteriaSet(tx, admin, code, {
        yaml: smallSetYaml(code, 'Tên mới (dữ liệu kiểm thử)'),
        version: 1,
      }),
    );
    expect(saved).toMatchObject({ name: 'Tên mới (dữ liệu kiểm thử)', version: 2 });
    const stale = await failure((tx) =>
      updateCriteriaSet(tx, admin, code, { yaml: smallSetYaml(code, 'Cũ'), version: 1 }),
    );
    expect(stale).toMatchObject({ code: 'criteria.version_conflict', status: 409 });
    expect((stale as AppError).messageIn('vi')).toContain('phiên bản hiện tại 2');
    const renamed = await failure((tx) =>
      updateCriteriaSet(tx, admin, code, { yaml: smallSetYaml('kiem-thu-doi-ma'), version: 2 }),
    );
    expect((renamed as CriteriaSetInvalid).issues[0]).toMatchObject({ line: 1, path: ['code'] });
  });

  it('is written only by an administrator', async () => {
    const denied = await failure((tx) =>
      createCriteriaSet(tx, anonymous, { yaml: smallSetYaml('kiem-thu-an-danh') }),
    );
    expect(denied).toMatchObject({ code: 'auth.required', status: 401 });
  });
});
