import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import {
  loadWorkbook,
  rowsByKey,
  rowWith,
  workbookBuffer,
} from '../../server/modules/values/import-test-helpers';
import { runCli } from '../../server/test/process';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-cli-values-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const dataDir = path.join(directory, 'data');
const env = { NTM_DATA_DIR: dataDir, NODE_ENV: 'test' };
const target = ['--unit', '04381', '--set', 'xa-ntm-2021-2025', '--year', '2025'];

describe('ntm values export / import', () => {
  it('exports the form, imports it filled in, and again without any change', async () => {
    const template = inject('databaseTemplate');
    if (template.engine !== 'pglite') return;
    // Start from the migrated, seeded template rather than seeding here.
    const seeded = await openDatabase({
      dataDir,
      loadDataDir: new Blob([fs.readFileSync(template.dumpFile)]),
    });
    await seeded.close();

    const form = path.join(directory, 'form.xlsx');
    const exported = await runCli(['values', 'export', ...target, '--out', form], env, 120_000);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`Đã ghi ${form}`);

    const workbook = await loadWorkbook(fs.readFileSync(form));
    const sheet = workbook.getWorksheet('Số liệu')!;
    const rows = rowsByKey(sheet, rowWith(sheet, 'Mã chỉ tiêu'), 2);
    sheet.getCell(`G${rows.get('1')}`).value = 'Đạt';
    sheet.getCell(`G${rows.get('3.1')}`).value = '77,5';
    const filled = path.join(directory, 'filled.xlsx');
    fs.writeFileSync(filled, await workbookBuffer(workbook));

    const imported = await runCli(['values', 'import', filled, ...target], env, 120_000);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(
      `Đã nhập ${filled} (xlsx): 1 đơn vị, 2 ô có giá trị; 2 giá trị thay đổi, 0 không đổi`,
    );
    const again = await runCli(['values', 'import', filled, ...target], env, 120_000);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('không có giá trị nào thay đổi, không ghi gì.');
  }, 240_000);

  it('lists every problem of a bad file on stderr and exits with code 2', async () => {
    const template = inject('databaseTemplate');
    if (template.engine !== 'pglite') return;
    const bad = path.join(directory, 'bad.csv');
    fs.writeFileSync(bad, 'Mã chỉ tiêu;Giá trị\n3.1;120\n99;1\n');
    const result = await runCli(['--lang', 'en', 'values', 'import', bad, ...target], env, 120_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The file has 2 problem(s), so no value was written.');
    expect(result.stderr).toContain(
      '  Row 2, column B: the value must be a number from 0 to 100 (found "120").',
    );
    expect(result.stderr).toContain(
      '  Row 3, column A: criteria set «xa-ntm-2021-2025» has no indicator "99".',
    );
  }, 120_000);
});
