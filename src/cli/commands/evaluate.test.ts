import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationCsvIssueCode } from '../../domain/criteria';
import { runCli } from '../../server/test/process';
import en from '../i18n/en.json';
import vi from '../i18n/vi.json';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-evaluate-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** Writes files into a fresh directory and returns their paths. */
function files(entries: Record<string, string>): Record<string, string> {
  const directory = path.join(root, String(++counter));
  fs.mkdirSync(directory);
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(entries)) {
    paths[name] = path.join(directory, name);
    fs.writeFileSync(paths[name], content);
  }
  return paths;
}

const HEADER = 'unit_code,class,year,indicator_code,value';
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

interface JsonIndicator {
  code: string;
  status: string;
  value: number | boolean | null;
  threshold: number | boolean | null;
  op: string | null;
  verified: boolean;
  reason: string;
}
interface JsonResult {
  unit: string;
  year: number;
  class: string | null;
  status: string;
  criteriaMet: number;
  criteriaTotal: number;
  criteria: Array<{ code: string; met: boolean; indicators: JsonIndicator[] }>;
  missing: string[];
  revocation: { revoke: boolean; failingShare: number; criticalFailing: string[] } | null;
}
interface JsonOutput {
  set: string;
  results: JsonResult[];
}

async function evaluateJson(args: string[]): Promise<JsonOutput> {
  const result = await runCli(['evaluate', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as JsonOutput;
}

const indicatorOf = (result: JsonResult | undefined, code: string) =>
  result?.criteria.flatMap((c) => c.indicators).find((i) => i.code === code);

/** Bad input: no result on stdout, every problem on stderr with line and column, exit 2. */
async function expectBadInput(
  args: string[],
  expected: string[],
  env: Record<string, string> = {},
) {
  const result = await runCli(['evaluate', ...args], env);
  expect(result.stdout).toBe('');
  expect(result.code).toBe(2);
  for (const fragment of expected) expect(result.stderr).toContain(fragment);
  return result.stderr;
}

/** A commune meeting every criterion of the 2021–2025 set (region ĐBSH). */
const allMet2021 = (unit: string, klass = 'DBSH', year = 2024) =>
  [
    ['1', 'đạt'],
    ['2', 'Đạt'],
    ['3.1', '85'],
    ['3.2', 'true'],
    ['4', 'đạt'],
    ['5', 'đạt'],
    ['6.1', 'đạt'],
    ['6.2', 'đạt'],
    ['6.3', '100'],
    ['7', 'đạt'],
    ['8.1', 'đạt'],
    ['8.2', 'đạt'],
    ['8.3', 'đạt'],
    ['8.4', 'đạt'],
    ['9', 'đạt'],
    ['10', 'đạt'],
    ['11', 'đạt'],
    ['12', 'đạt'],
    ['13', 'đạt'],
    ['14.1', 'đạt'],
    ['15.1', 'đạt'],
    ['15.2', 'đạt'],
    ['15.3', '"12,5"'],
    ['15.4', klass === 'DBSH' || klass === 'TDMNPB' ? '75' : 'đạt'],
    ['16', 'đạt'],
    ['16.khac', 'đạt'],
    ['17.1', 'đạt'],
    ['17.khac', 'đạt'],
    ['18', 'đạt'],
    ['19', 'đạt'],
  ].map(([code, value]) => `${unit},${klass},${year},${code},${value}`);

// Each test starts the `ntm` command (a Node process loading TypeScript) once or twice, several at
// once: on a loaded 2-core machine that alone can take tens of seconds, so the limit is generous.
const CLI_TIMEOUT = { timeout: 120_000 };

describe.concurrent('ntm evaluate: results', CLI_TIMEOUT, () => {
  it('prints the documented JSON, units in the order they first appear', async () => {
    const paths = files({
      'values.csv': csv(
        ...allMet2021('00004').filter((row) => !row.includes(',5,') && !row.includes(',17.1,')),
        '00004,DBSH,2024,5,không đạt',
        '00004,DBSH,2024,17.1,',
        ...allMet2021('00001', 'BTB'),
      ),
    });
    const output = await evaluateJson([
      '--set',
      'xa-ntm-2021-2025',
      '--values',
      paths['values.csv'] ?? '',
    ]);
    expect(output.set).toBe('xa-ntm-2021-2025');
    expect(output.results.map((r) => [r.unit, r.year, r.class, r.status])).toEqual([
      ['00004', 2024, 'DBSH', 'not_met'],
      ['00001', 2024, 'BTB', 'met'],
    ]);
    const [first, second] = output.results;
    expect(first).toMatchObject({
      criteriaMet: 17,
      criteriaTotal: 19,
      missing: ['17.1'],
      // 17.1 is missing: criterion 17 is incomplete, not failing (missing data is not failure).
      outcome: 'not_met',
      criteriaNotMet: 1,
      criteriaIncomplete: 1,
      revocation: {
        revoke: false,
        outcome: 'keep',
        failingShare: 0.053,
        criteriaNotMet: 1,
        criteriaIncomplete: 1,
        criticalFailing: [],
      },
    });
    expect(first?.criteria.find((c) => c.code === '17')).toMatchObject({ status: 'incomplete' });
    expect(first?.criteria.find((c) => c.code === '5')).toEqual({
      code: '5',
      met: false,
      status: 'not_met',
      indicators: [
        {
          code: '5',
          status: 'not_met',
          value: false,
          threshold: true,
          op: 'eq',
          verified: true,
          reason: 'Không đạt',
        },
      ],
    });
    expect(indicatorOf(first, '15.3')).toEqual({
      code: '15.3',
      status: 'met',
      value: 12.5,
      threshold: 16.5,
      op: 'lte',
      verified: true,
      reason: 'Đạt: 12,5% ≤ 16,5% (ngưỡng vùng ĐBSH)',
    });
    expect(indicatorOf(first, '17.1')).toMatchObject({
      status: 'missing',
      value: null,
      verified: false,
    });
    // BTB has no verified 15.4 threshold: judged yes/no.
    expect(indicatorOf(second, '15.4')).toMatchObject({
      status: 'met',
      value: true,
      verified: false,
    });
    expect(second?.revocation).toEqual({
      revoke: false,
      outcome: 'keep',
      failingShare: 0,
      criteriaNotMet: 0,
      criteriaIncomplete: 0,
      criticalFailing: [],
      rule: null,
      possibleRule: null,
      verified: true,
    });
  });

  it('evaluates the district set (no classes) and the 2026–2030 set (commune groups, no revocation rules)', async () => {
    const district = files({
      'values.csv': csv('H1,,2025,1,đạt', 'H1,,2025,2.2,"99,5"'),
    });
    const districtOutput = await evaluateJson([
      '--set',
      'huyen-ntm-2021-2025',
      '--values',
      district['values.csv'] ?? '',
    ]);
    expect(districtOutput.results[0]).toMatchObject({
      class: null,
      criteriaTotal: 9,
      status: 'not_met',
    });
    expect(indicatorOf(districtOutput.results[0], '2.2')).toMatchObject({
      status: 'not_met',
      threshold: 100,
    });

    const groups = files({
      'values.csv': csv(...Array.from({ length: 10 }, (_, i) => `X1,3,2026,${i + 1},đạt`)),
    });
    const groupOutput = await evaluateJson([
      '--set',
      'xa-ntm-2026-2030',
      '--values',
      groups['values.csv'] ?? '',
    ]);
    expect(groupOutput.results[0]).toMatchObject({
      class: '3',
      status: 'met',
      criteriaMet: 10,
      revocation: null,
    });
  });

  it('reads values as the importer does: decimal comma, thousands dots, %, Vietnamese yes/no words', async () => {
    const paths = files({
      'values.csv': csv(
        '00004,DBSH,2024,15.3,"16,5"',
        '00004,DBSH,2024,3.1,80%',
        '00004,DBSH,2024,6.3," 99,5 % "',
        '00004,DBSH,2024,5,có',
        '00004,DBSH,2024,4,không',
        '00004,DBSH,2024,8.1,chưa đạt',
        '00004,DBSH,2024,8.2,Không Đạt',
        '00004,DBSH,2024,8.3,x',
      ),
    });
    const output = await evaluateJson([
      '--set',
      'xa-ntm-2021-2025',
      '--values',
      paths['values.csv'] ?? '',
    ]);
    const [result] = output.results;
    expect(indicatorOf(result, '15.3')).toMatchObject({ status: 'met', value: 16.5 });
    expect(indicatorOf(result, '3.1')).toMatchObject({ status: 'met', value: 80 });
    expect(indicatorOf(result, '6.3')).toMatchObject({ value: 99.5 });
    expect(indicatorOf(result, '5')).toMatchObject({ status: 'met', value: true });
    expect(indicatorOf(result, '4')).toMatchObject({ status: 'not_met', value: false });
    expect(indicatorOf(result, '8.1')).toMatchObject({ status: 'not_met', value: false });
    expect(indicatorOf(result, '8.2')).toMatchObject({ status: 'not_met', value: false });
    expect(indicatorOf(result, '8.3')).toMatchObject({ status: 'met', value: true });
  });

  it('takes a set file, resolving extends among its neighbours and the shipped sets', async () => {
    const paths = files({
      'ha-noi.yaml': [
        'code: ha-noi-xa-ntm-2021-2025',
        'name: Bộ tiêu chí xã nông thôn mới thành phố Hà Nội (thử)',
        'issuer: "01"',
        'basis: thử nghiệm',
        'extends: xa-ntm-2021-2025',
        'criteria:',
        '  - code: "3"',
        '    indicators:',
        '      - code: "3.1"',
        '        rule: { op: gte, value: 90 }',
        '',
      ].join('\n'),
      'values.csv': csv('00004,DBSH,2024,3.1,85'),
    });
    const output = await evaluateJson([
      '--set',
      paths['ha-noi.yaml'] ?? '',
      '--values',
      paths['values.csv'] ?? '',
    ]);
    expect(output.set).toBe('ha-noi-xa-ntm-2021-2025');
    expect(indicatorOf(output.results[0], '3.1')).toMatchObject({
      status: 'not_met',
      threshold: 90,
      verified: false,
      reason: 'Không đạt: 85% < 90% (ngưỡng chung, chưa xác minh)',
    });
  });

  it('prints a readable Vietnamese summary with --format table', async () => {
    const paths = files({
      'values.csv': csv('00004,DBSH,2024,3.1,"79,5"', '00004,DBSH,2024,5,đạt'),
    });
    const result = await runCli([
      'evaluate',
      '--set',
      'xa-ntm-2021-2025',
      '--values',
      paths['values.csv'] ?? '',
      '--format',
      'table',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Bộ tiêu chí: xa-ntm-2021-2025');
    expect(result.stdout).toMatch(
      /Đơn vị\s+Năm\s+Lớp\s+Kết quả\s+Tiêu chí đạt\s+Thiếu số liệu\s+Thu hồi/,
    );
    expect(result.stdout).toMatch(/00004\s+2024\s+ĐBSH\s+Không đạt\s+1\/19/);
    expect(result.stdout).toContain('00004 — năm 2024, vùng ĐBSH: Không đạt (1/19 tiêu chí)');
    expect(result.stdout).toContain('3.1: Không đạt: 79,5% < 80% (ngưỡng chung)');
    expect(result.stdout).toContain('chưa xác minh');
  });

  it('needs no server and no database', async () => {
    const paths = files({ 'values.csv': csv('00004,DBSH,2024,3.1,90') });
    const dataDir = path.join(root, 'no-such-data-dir');
    const result = await runCli(
      ['evaluate', '--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
      {
        DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
        NTM_DATA_DIR: dataDir,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

describe.concurrent(
  'ntm evaluate: bad input exits 2 with every problem, its line and column',
  CLI_TIMEOUT,
  () => {
    it('an unknown set', async () => {
      const paths = files({ 'values.csv': csv('00004,DBSH,2024,3.1,90') });
      await expectBadInput(
        ['--set', 'xa-khong-co', '--values', paths['values.csv'] ?? ''],
        ['không tìm thấy bộ tiêu chí «xa-khong-co»', 'xa-ntm-2021-2025'],
      );
    });

    it('an unknown indicator code', async () => {
      const paths = files({
        'values.csv': csv('00004,DBSH,2024,3.1,90', '00004,DBSH,2024,99.1,1'),
      });
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
        [`${paths['values.csv']}:3:17: không có chỉ tiêu mã «99.1» trong bộ tiêu chí`],
      );
    });

    it('a class not in the set', async () => {
      const paths = files({ 'values.csv': csv('00004,TNB,2024,3.1,90') });
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
        [`${paths['values.csv']}:2:7: lớp «TNB» không có trong bộ tiêu chí`],
      );
    });

    it('a non-numeric value', async () => {
      const paths = files({
        'values.csv': csv('00004,DBSH,2024,3.1,tám mươi', '00004,DBSH,2024,15.3,mười'),
      });
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
        [
          `${paths['values.csv']}:2:21: giá trị «tám mươi» của chỉ tiêu 3.1 không phải là số`,
          `${paths['values.csv']}:3:22: giá trị «mười» của chỉ tiêu 15.3 không phải là số`,
        ],
      );
    });

    it('a number with a lone decimal point or written the English way: asked, never guessed', async () => {
      const paths = files({
        'values.csv': csv(
          '00004,DBSH,2024,3.1,85.5',
          '00004,DBSH,2024,15.3,"1,234.5"',
          '00004,DBSH,2024,6.3,"1.250"',
        ),
      });
      const stderr = await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
        [
          `${paths['values.csv']}:2:21: giá trị «85.5» của chỉ tiêu 3.1 chưa rõ là 85,5 hay 855: ` +
            'trong tiếng Việt dấu phẩy là dấu thập phân, dấu chấm ngăn cách hàng nghìn; hãy ghi "85,5" hoặc 855',
          `${paths['values.csv']}:3:22: giá trị «1,234.5» của chỉ tiêu 15.3 viết theo kiểu tiếng Anh; ` +
            'trong tiếng Việt dấu chấm ngăn cách hàng nghìn, dấu phẩy là dấu thập phân: hãy ghi "1.234,5"',
          // "1.250" is 1250 (thousands dot): a percentage out of range, not 1,25.
          `${paths['values.csv']}:4:21: tỷ lệ phần trăm của chỉ tiêu 6.3 phải nằm trong khoảng 0–100 (đang là «1.250»)`,
          '3 lỗi trong số liệu',
        ],
      );
      expect(stderr.trim().split('\n')).toHaveLength(4);
    });

    it('a percent outside 0–100', async () => {
      const paths = files({
        'values.csv': csv('00004,DBSH,2024,3.1,"100,1"', '00005,DBSH,2024,15.3,-2'),
      });
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
        [
          `${paths['values.csv']}:2:21: tỷ lệ phần trăm của chỉ tiêu 3.1 phải nằm trong khoảng 0–100 (đang là «100,1»)`,
          `${paths['values.csv']}:3:22: tỷ lệ phần trăm của chỉ tiêu 15.3 phải nằm trong khoảng 0–100 (đang là «-2»)`,
        ],
      );
    });

    it('malformed lines: wrong field count, stray or unclosed quotes, a bad header', async () => {
      const paths = files({
        'values.csv': csv(
          '00004,DBSH,2024,3.1',
          '00004,DBSH,2024,3.2,"đạt"x',
          '00004,DBSH,2024,6.1,"đạt',
        ),
        'header.csv': 'unit,class,year,indicator_code,value\n00004,DBSH,2024,3.1,90\n',
      });
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
        [
          `${paths['values.csv']}:2:20: dòng có 4 cột, cần 5 cột như dòng tiêu đề`,
          `${paths['values.csv']}:3:26: dấu ngoặc kép đặt sai chỗ`,
          `${paths['values.csv']}:4:21: dấu ngoặc kép mở ở đây nhưng không được đóng`,
        ],
      );
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['header.csv'] ?? ''],
        [`${paths['header.csv']}:1:1: dòng tiêu đề thiếu cột «unit_code»`],
      );
    });

    it('reports every problem of the file at once, in English with --lang en', async () => {
      const paths = files({
        'values.csv': csv(
          '00004,DBSH,2024,3.1,90',
          '00004,DBSH,20x4,3.1,90',
          '00004,DBSH,2024,3.2,1',
          '00004,BTB,2024,15.4,60',
          '00004,DBSH,2024,3.1,91',
        ),
      });
      const stderr = await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? ''],
        [
          `${paths['values.csv']}:3:12: invalid year «20x4»`,
          `${paths['values.csv']}:4:21: indicator 3.2 takes met/not met`,
          `${paths['values.csv']}:5:7: unit 00004 in 2024 already has class DBSH on line 2; this line says BTB`,
          `${paths['values.csv']}:6:17: indicator 3.1 of unit 00004 in 2024 was already given on line 2`,
          '4 problems in the values: no result.',
        ],
        { NTM_LANG: 'en' },
      );
      expect(stderr.trim().split('\n')).toHaveLength(5);
    });

    it('an invalid set file: its problems with their lines', async () => {
      const paths = files({
        'bad.yaml': [
          'code: xa-thu',
          'name: Thử',
          'issuer: central',
          'basis: thử',
          'level: commune',
          'validFrom: 2022-01-01',
          'validTo: 2025-12-31',
          'classification: region',
          'classes: [DBSH]',
          'criteria:',
          '  - code: "1"',
          '    name: Một',
          '    indicators:',
          '      - code: "1.1"',
          '        name: Tỷ lệ',
          '        type: percent',
          '        rule: { op: gte, byClass: { BTB: 120 } }',
          '',
        ].join('\n'),
        'values.csv': csv('00004,DBSH,2024,1.1,90'),
      });
      await expectBadInput(
        ['--set', paths['bad.yaml'] ?? '', '--values', paths['values.csv'] ?? ''],
        [
          ':17:37: lớp «BTB» không có trong "classes" (DBSH)',
          ':17:42: ngưỡng phần trăm phải nằm trong 0–100',
        ],
      );
    });

    it('a provincial set that loosens its parent', async () => {
      const paths = files({
        'loose.yaml': [
          'code: loose',
          'name: Lỏng',
          'issuer: "01"',
          'basis: thử',
          'extends: xa-ntm-2021-2025',
          'criteria:',
          '  - code: "15"',
          '    indicators:',
          '      - code: "15.3"',
          '        rule: { op: lte, byClass: { TDMNPB: 24, DBSH: 20, BTB: 25, DHNTB: 22, TN: 26.5, DNB: 14.5, DBSCL: 19 } }',
          '',
        ].join('\n'),
        'values.csv': csv('00004,DBSH,2024,15.3,18'),
      });
      await expectBadInput(
        ['--set', paths['loose.yaml'] ?? '', '--values', paths['values.csv'] ?? ''],
        [
          ':10:55: nới lỏng ngưỡng không được phép: chỉ tiêu «15.3», vùng ĐBSH: ≤ 20 lỏng hơn bộ gốc ≤ 16,5',
        ],
      );
    });

    it('missing options and an unknown format', async () => {
      await expectBadInput(
        [],
        ['thiếu tùy chọn bắt buộc --set', 'thiếu tùy chọn bắt buộc --values'],
      );
      const paths = files({ 'values.csv': csv() });
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', paths['values.csv'] ?? '', '--format', 'xml'],
        ['định dạng «xml» không hợp lệ'],
      );
      await expectBadInput(
        ['--set', 'xa-ntm-2021-2025', '--values', path.join(root, 'missing.csv')],
        ['không đọc được tệp số liệu', 'ENOENT'],
      );
    });
  },
);

describe('ntm evaluate: messages', () => {
  it('has a Vietnamese and an English message for every CSV problem', () => {
    const codes = {
      empty_file: true,
      missing_column: true,
      duplicate_column: true,
      unterminated_quote: true,
      unexpected_quote: true,
      field_count: true,
      empty_unit: true,
      invalid_year: true,
      unknown_class: true,
      class_required: true,
      class_not_allowed: true,
      class_conflict: true,
      empty_indicator: true,
      unknown_indicator: true,
      duplicate_value: true,
      not_a_number: true,
      ambiguous_number: true,
      english_number: true,
      not_a_boolean: true,
      expected_judgement: true,
      percent_out_of_range: true,
    } satisfies Record<EvaluationCsvIssueCode, true>;
    const viKeys = Object.keys(vi);
    const enKeys = Object.keys(en);
    for (const code of Object.keys(codes)) {
      expect(viKeys).toContain(`evaluate.error.${code}`);
      expect(enKeys).toContain(`evaluate.error.${code}`);
    }
    const ours = (keys: string[]) => keys.filter((key) => key.startsWith('evaluate.'));
    expect(ours(enKeys)).toEqual(ours(viKeys));
  });
});
