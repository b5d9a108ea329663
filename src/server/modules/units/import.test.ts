import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DatabaseHandle } from '../../db/client';
import { translate } from '../../i18n';
import { createTestDatabase } from '../../test/database';
import {
  importUnits,
  parseCsv,
  readUnitImportFile,
  UnitImportRejected,
  type ImportRow,
} from './import';
import {
  findUnit,
  getUnitLineage,
  isUnitCoveredBy,
  listUnits,
  unitAttributesOf,
  type UnitRecord,
} from './service';
import { unitAttributes } from './tables';

let database: DatabaseHandle;
let directory: string;
beforeAll(async () => {
  database = await createTestDatabase();
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-units-import-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

function writeFile(name: string, content: string): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, content);
  return file;
}

async function run(rows: ImportRow[], dryRun = false) {
  return database.db.transaction((tx) => importUnits(tx, rows, { dryRun, source: 'import:test' }));
}

async function rejection(rows: ImportRow[]): Promise<string[]> {
  try {
    await run(rows);
  } catch (error) {
    if (error instanceof UnitImportRejected) {
      return error.issues.map((problem) => translate('vi', problem.key, problem.params));
    }
    throw error;
  }
  throw new Error('the import was not rejected');
}

async function countUnits(): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    database.db,
    sql`SELECT count(*)::int AS total FROM unit`,
  );
  return Number(row?.total);
}

const header = 'action,code,name,kind,parent_code,effective_date,predecessors,lineage_kind,note';

describe('reading import files', () => {
  it('parses CSV with quotes, a BOM and semicolons', () => {
    expect(parseCsv('\uFEFFa;b\r\n"x;1";"say ""hi"""\n')).toEqual([
      ['a', 'b'],
      ['x;1', 'say "hi"'],
    ]);
  });

  it('reads CSV, XLSX and JSON into the same rows, numbering rows as a spreadsheet does', async () => {
    const csv = writeFile(
      'changes.csv',
      `${header}\nopen,04381,Xã Lâm Giang,xã,15,01/01/2027,"04381;04375",,ghi chú\n`,
    );
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Đơn vị');
    sheet.addRow(header.split(','));
    sheet.addRow([
      'open',
      '04381',
      'Xã Lâm Giang',
      'xã',
      '15',
      new Date(Date.UTC(2027, 0, 1)),
      '04381;04375',
      '',
      'ghi chú',
    ]);
    const xlsx = path.join(directory, 'changes.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const json = writeFile(
      'changes.json',
      JSON.stringify([
        {
          code: '04381',
          name: 'Xã Lâm Giang',
          kind: 'xa',
          parent_code: '15',
          effective_date: '2027-01-01',
          predecessors: ['04381', '04375'],
          note: 'ghi chú',
        },
      ]),
    );
    const fromCsv = await readUnitImportFile(csv);
    const fromXlsx = await readUnitImportFile(xlsx);
    const fromJson = await readUnitImportFile(json);
    expect(fromCsv[0]).toMatchObject({
      row: 2,
      values: { code: '04381', predecessors: '04381;04375' },
    });
    expect(fromXlsx[0]).toMatchObject({
      row: 2,
      values: { code: '04381', effective_date: '2027-01-01', predecessors: '04381;04375' },
    });
    expect(fromJson[0]).toMatchObject({
      row: 1,
      values: { code: '04381', predecessors: '04381;04375' },
    });
  });

  it('refuses a file without the required columns, an unknown format and an empty file', async () => {
    await expect(readUnitImportFile(writeFile('bad.csv', 'ma,ten\n1,2\n'))).rejects.toMatchObject({
      issues: [
        { key: 'errors.units.import.missing_column', params: { column: 'code' } },
        { key: 'errors.units.import.missing_column', params: { column: 'effective_date' } },
      ],
    });
    await expect(readUnitImportFile(writeFile('units.txt', 'x'))).rejects.toMatchObject({
      code: 'units.import.unsupported_format',
    });
    await expect(readUnitImportFile(writeFile('empty.csv', `${header}\n`))).rejects.toMatchObject({
      issues: [{ key: 'errors.units.import.empty' }],
    });
  });
});

describe('rejecting a file whole', () => {
  it('lists every error with its row: duplicate code, missing parent, date overlap, bad values', async () => {
    const before = await countUnits();
    const rows = await readUnitImportFile(
      writeFile(
        'bad.csv',
        [
          header,
          'open,02683,Xã Bát Xát Mới,xã,15,2027-06-01,,,',
          'open,02683,Xã Trùng Mã,xã,15,2027-06-01,,,',
          'open,99001,Xã Mồ Côi,xã,77,2027-06-01,,,',
          'open,99002,Xã Sai Ngày,xã,15,2027-02-30,,,',
          'open,99003,Xã Sai Loại,làng,15,2027-06-01,,,',
          'open,9,Xã Mã Ngắn,xã,15,2027-06-01,,,',
          'open,99004,Xã Tiền Thân Lạ,xã,15,2027-06-01,88888,,',
          'close,01,,,,2027-06-01,,,',
        ].join('\n'),
      ),
    );
    const messages = await rejection(rows);
    expect(messages).toEqual([
      expect.stringMatching(/^Dòng 2: mã 02683 đang được dùng cho Xã Bát Xát \(01\/07\/2025–…\)/),
      'Dòng 3: mã 02683 trùng với dòng 2.',
      expect.stringMatching(/^Dòng 3: mã 02683 đang được dùng cho Xã Bát Xát/),
      'Dòng 4, cột parent_code: không có đơn vị cấp trên mã 77 vào ngày 01/06/2027 (trong cơ sở dữ liệu hoặc trong tệp).',
      'Dòng 5, cột effective_date: "2027-02-30" không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy).',
      expect.stringContaining('Dòng 6, cột kind: loại đơn vị "làng" không hợp lệ'),
      'Dòng 7, cột code: mã "9" phải gồm 5 chữ số.',
      'Dòng 8, cột predecessors: không có đơn vị mã 88888 vào ngày 31/05/2027.',
      expect.stringMatching(
        /^Dòng 9: 01 Thành phố Hà Nội kết thúc ngày 31\/05\/2027 nhưng còn 126 đơn vị trực thuộc/,
      ),
    ]);
    expect(await countUnits()).toBe(before);
  });

  it('rejects an overlap with a unit that starts after the new one', async () => {
    const messages = await rejection([
      {
        row: 2,
        values: {
          code: '04381',
          name: 'Xã Lâm Giang',
          kind: 'xa',
          parent_code: '15',
          effective_date: '2025-01-01',
          predecessors: '04381',
        },
      },
    ]);
    expect(
      messages.some((message) =>
        message.includes('mã 04381 đang được dùng cho Xã Lâm Giang (01/07/2025–…)'),
      ),
    ).toBe(true);
  });
});

describe('applying a file', () => {
  it('previews without writing, then merges communes and renames a province, all in one go', async () => {
    const rows = await readUnitImportFile(
      writeFile(
        'ok.csv',
        [
          header,
          'open,04381,Xã Lâm Giang,xã,15,2027-01-01,04381;04375,,Nghị quyết thử nghiệm',
          'open,04,Tỉnh Cao Bằng,tỉnh,,2027-01-01,04,rename,',
          'open,99010,Xã Mới Lập,xã,04,2027-01-01,,,',
        ].join('\n'),
      ),
    );
    const before = await countUnits();
    const preview = await run(rows, true);
    expect(preview.summary).toBeNull();
    expect(await countUnits()).toBe(before);
    expect(
      preview.plan.opens.filter((unit) => unit.followsFrom === undefined).map((u) => u.code),
    ).toEqual(['04381', '04', '99010']);
    expect(
      preview.plan.closes
        .filter((c) => !c.automatic)
        .map((c) => c.code)
        .sort(),
    ).toEqual(['04', '04375', '04381']);
    expect(
      preview.plan.links
        .filter((l) => l.kind === 'merge')
        .map((l) => l.fromCode)
        .sort(),
    ).toEqual(['04375', '04381']);

    const oldCaoBang = (await findUnit(database.db, '04', '2026-12-31'))!;
    const bachDang = (await findUnit(database.db, '01708', '2026-12-31'))!;
    await database.db.insert(unitAttributes).values({
      unitId: bachDang.id,
      key: 'commune_group',
      value: '1',
      validFrom: '2026-01-01',
      source: 'test',
    });
    const applied = await run(rows);
    expect(applied.summary).toEqual({ opened: 3, closed: 3, linked: 59, followedParent: 56 });
    expect(await countUnits()).toBe(before + 3 + 56);
    const audited = await queryRows<{ details: unknown }>(
      database.db,
      sql`SELECT details FROM audit_log WHERE action = 'unit.import' AND entity_id = 'import:test'`,
    );
    expect(audited).toEqual([
      { details: { opened: 3, closed: 3, linked: 59, followedParent: 56 } },
    ]);

    const lamGiang = (await findUnit(database.db, '04381', '2027-01-01'))!;
    expect(lamGiang).toMatchObject({
      name: 'Xã Lâm Giang',
      validFrom: '2027-01-01',
      parentCode: '15',
    });
    expect(await findUnit(database.db, '04375', '2027-01-01')).toBeNull();
    expect((await findUnit(database.db, '04381', '2026-12-31'))?.validTo).toBe('2026-12-31');
    const lineage = await getUnitLineage(database.db, '04381', '2027-01-01');
    expect(lineage.predecessors.map((p) => `${p.code} ${p.lineageKind} ${p.note}`).sort()).toEqual([
      '04375 merge Nghị quyết thử nghiệm',
      '04381 merge Nghị quyết thử nghiệm',
    ]);

    // The new version of Cao Bằng holds its 56 communes (moved automatically) and the new one.
    const communes = await listUnits(database.db, {
      parentCode: '04',
      asOf: '2027-01-01',
      page: 1,
      pageSize: 100,
    });
    expect(communes.total).toBe(57);
    const newCaoBang = (await findUnit(database.db, '04', '2027-01-01'))!;
    expect(newCaoBang.id).not.toBe(oldCaoBang.id);
    expect(oldCaoBang.validTo).toBe(null);
    expect((await findUnit(database.db, '04', '2026-12-31'))?.validTo).toBe('2026-12-31');
    // A commune that only moved keeps its attributes.
    const movedBachDang = (await findUnit(database.db, '01708', '2027-01-01'))!;
    expect(movedBachDang.id).not.toBe(bachDang.id);
    expect(await unitAttributesOf(database.db, movedBachDang.id, '2027-06-01')).toEqual([
      expect.objectContaining({ key: 'commune_group', value: '1', validFrom: '2027-01-01' }),
    ]);
    // History is kept: the old map still answers as of a past date.
    const old = await listUnits(database.db, {
      parentCode: '04',
      level: 'commune',
      asOf: '2025-06-30',
      page: 1,
      pageSize: 10,
    });
    expect(old.total).toBe(161);
    // Coverage follows the chain: new Cao Bằng → 2025 communes → pre-2025 communes.
    const oldCommune: UnitRecord = (await findUnit(database.db, '01270', '2025-06-30'))!;
    expect(await isUnitCoveredBy(database.db, oldCommune.id, [newCaoBang.id])).toBe(true);

    // Importing the same file again is refused: the codes are now taken from 2027-01-01.
    const again = await rejection(rows);
    expect(again.length).toBeGreaterThan(0);
  });
});
