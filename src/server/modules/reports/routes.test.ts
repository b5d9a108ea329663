import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { pdfPages } from '../../test/pdf-text';
import { signIn } from '../accounts/test-helpers';
import type { ListTargetsResponse } from '../targets/api';
import { todayInVietnam } from '../units/model';
import type { StatsSummaryResponse } from '../evaluation/api';
import { formatChange, formatPercent, officialDateLine, placeOf, STATUS_WORDS } from './data';

let testApp: TestApp;
let province: string;
let admin: string;

beforeAll(async () => {
  testApp = await createTestApp();
  [province, admin] = await Promise.all([
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'admin'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

async function get(url: string, cookie?: string) {
  const response = await testApp.app.inject({
    method: 'GET',
    url,
    headers: cookie ? { cookie } : {},
  });
  return response;
}

async function json<T>(url: string, cookie?: string): Promise<T> {
  return (await get(url, cookie)).json<T>();
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** Every cell's text of a sheet, row by row. */
function sheetText(sheet: ExcelJS.Worksheet): string[] {
  const lines: string[] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    lines.push(
      values
        .map((value) =>
          value === null || value === undefined
            ? ''
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value as string | number | boolean),
        )
        .join(' | '),
    );
  });
  return lines;
}

function findRow(sheet: ExcelJS.Worksheet, label: string, column = 1): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(column).value === label) found = row;
  });
  if (!found) throw new Error(`no row "${label}" in ${sheet.name}`);
  return found;
}

// --- Tests ---------------------------------------------------------------------------------------

describe('report helpers', () => {
  it('writes the place and date line as official documents do', () => {
    expect(officialDateLine(placeOf('Tỉnh Lào Cai'), '2026-11-23')).toBe(
      'Lào Cai, ngày 23 tháng 11 năm 2026',
    );
    expect(officialDateLine(placeOf('Thành phố Hà Nội'), '2026-02-05')).toBe(
      'Hà Nội, ngày 05 tháng 02 năm 2026',
    );
    expect(officialDateLine(placeOf(null), '2026-03-09')).toBe('Hà Nội, ngày 09 tháng 3 năm 2026');
  });

  it('formats figures the Vietnamese way', () => {
    expect(formatPercent(62.921)).toBe('62,9%');
    expect(formatPercent(54)).toBe('54,0%');
    expect(formatPercent(null)).toBe('—');
    expect(formatChange(8.94, 'percent')).toBe('+8,9 điểm %');
    expect(formatChange(-1187, 'count')).toBe('-1.187');
    expect(formatChange(0.01, 'decimal')).toBe('0,0');
  });
});

describe('GET /api/v1/stats/report.xlsx', () => {
  it('lays out the Lào Cai 2025 report with the figures of the summary', async () => {
    const summary = await json<StatsSummaryResponse>(
      '/api/v1/stats/summary?unit=15&year=2025',
      province,
    );
    const response = await get('/api/v1/stats/report.xlsx?unit=15&year=2025', province);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="bao-cao-ntm-15-2025.xlsx"; ' +
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20NTM%202025%20-%20T%E1%BB%89nh%20L%C3%A0o%20Cai.xlsx",
    );
    expect(response.headers['cache-control']).toMatch(/^private/);
    expect(response.headers.etag).toBeUndefined();

    const workbook = await workbookOf(response.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Tổng hợp',
      'Đơn vị',
      'Tiêu chí',
      'Chỉ tiêu',
      'Mục tiêu',
    ]);
    const overview = workbook.getWorksheet('Tổng hợp')!;
    const text = sheetText(overview).join('\n');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2025');
    expect(text).toContain('Tỉnh Lào Cai');
    expect(text).toContain(officialDateLine('Lào Cai', todayInVietnam()));
    expect(text).toContain('Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025');
    expect(text).toContain('318/QĐ-TTg');
    expect(text).toContain('theo địa giới ngày 31/12/2025');
    expect(text).not.toContain('Chỉ gồm số liệu đã duyệt');

    // Computed results are not recognitions: "đạt đủ 19 tiêu chí (theo số liệu)", not "đạt chuẩn".
    expect(text).not.toMatch(/Số xã đạt chuẩn|Tỷ lệ xã đạt chuẩn \(/);
    const met = findRow(overview, 'Số xã đạt đủ 19 tiêu chí (theo số liệu)');
    expect(met.getCell(2).value).toBe(summary.totals.met);
    expect(met.getCell(3).value).toBe(summary.previousYear!.totals.met);
    const share = findRow(overview, 'Tỷ lệ xã đạt đủ 19 tiêu chí (theo số liệu), trên tổng số xã');
    expect(share.getCell(2).numFmt).toBe('0.0%');
    expect(share.getCell(2).value).toBeCloseTo(summary.totals.met / summary.totals.communes, 6);
    expect(findRow(overview, '19 tiêu chí').getCell(2).value).toBe(summary.totals.bands.all);

    const children = workbook.getWorksheet('Đơn vị')!;
    expect(children.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    const withCommunes = summary.children.filter((child) => child.communes > 0);
    const rows: ExcelJS.Row[] = [];
    children.eachRow((row, number) => {
      if (number > 4 && typeof row.getCell(1).value === 'number') rows.push(row);
    });
    expect(rows.map((row) => row.getCell(2).value)).toEqual(
      withCommunes.map((child) => child.code),
    );
    expect(rows[0]?.getCell(3).value).toBe(withCommunes[0]?.name);
    const total = findRow(children, 'Tổng cộng', 3);
    expect(total.getCell(4).value).toBe(''); // the result column of a commune
    expect(total.getCell(5).value).toBe(summary.totals.communes);
    expect(total.getCell(7).value).toBe(summary.totals.met);

    const criteria = workbook.getWorksheet('Tiêu chí')!;
    const codes: unknown[] = [];
    const counts: unknown[] = [];
    criteria.eachRow((row, number) => {
      if (number > 4 && typeof row.getCell(1).value === 'number') {
        codes.push(row.getCell(2).value);
        counts.push([row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]);
      }
    });
    expect(codes).toEqual(summary.criteria.map((criterion) => criterion.code));
    // Met, not met (a value fails) and missing (waits for data) apart, as the summary counts them.
    expect(counts).toEqual(
      summary.criteria.map((criterion) => [criterion.met, criterion.notMet, criterion.missing]),
    );
    expect(summary.criteria.some((criterion) => criterion.missing > 0)).toBe(true);

    const targets = await json<ListTargetsResponse>('/api/v1/targets?unit=15&year=2025', province);
    const share80 = targets.items.find((target) => target.code === '263.xa-ntm.theo-so-lieu')!;
    const targetRow = findRow(workbook.getWorksheet('Mục tiêu')!, share80.name, 2);
    expect(targetRow.getCell(4).value).toBe('≥ 80%');
    expect(targetRow.getCell(5).value).toBeCloseTo(share80.progress.current! / 100, 6);
    expect(targetRow.getCell(5).numFmt).toBe('0.0%');
    expect(targetRow.getCell(8).value).toBe(STATUS_WORDS[share80.progress.status]);
    expect(targetRow.getCell(9).value).toBe(`còn ${share80.progress.gap} xã`);
    // The recognised share: read from the recognition register (the demo's one recognised commune).
    const recognised = targets.items.find((target) => target.code === '263.xa-ntm')!;
    const recognisedRow = findRow(workbook.getWorksheet('Mục tiêu')!, recognised.name, 2);
    expect(recognised.progress.current).toBeGreaterThan(0);
    expect(recognisedRow.getCell(8).value).toBe(STATUS_WORDS[recognised.progress.status]);
    expect(recognisedRow.getCell(5).value).toBeCloseTo(recognised.progress.current! / 100, 6);
    const deadline = targetRow.getCell(10);
    expect(deadline.numFmt).toBe('dd/mm/yyyy');
    expect((deadline.value as Date).toISOString().slice(0, 10)).toBe(share80.deadline);
  });

  it('tells guests the report holds approved data only', async () => {
    const summary = await json<StatsSummaryResponse>('/api/v1/stats/summary?unit=15&year=2025');
    const response = await get('/api/v1/stats/report.xlsx?unit=15&year=2025');
    expect(response.statusCode).toBe(200);
    const overview = (await workbookOf(response.rawPayload)).getWorksheet('Tổng hợp')!;
    expect(sheetText(overview).join('\n')).toContain('Chỉ gồm số liệu đã duyệt');
    expect(findRow(overview, 'Số xã đạt đủ 19 tiêu chí (theo số liệu)').getCell(2).value).toBe(
      summary.totals.met,
    );
  });

  it('says which map it uses, and leaves out targets of a province that no longer exists', async () => {
    const recut = await get('/api/v1/stats/report.xlsx?unit=15&year=2024&map=current', admin);
    expect(recut.statusCode).toBe(200);
    expect(recut.headers['content-disposition']).toContain(
      'filename="bao-cao-ntm-15-2024-dia-gioi-hien-nay.xlsx"',
    );
    const recutBook = await workbookOf(recut.rawPayload);
    const recutText = sheetText(recutBook.getWorksheet('Tổng hợp')!).join('\n');
    expect(recutText).toContain('quy về địa giới hiện nay');
    expect(recutText).toContain('Tỉnh Lào Cai');
    expect(recutText).toContain('NĂM 2024');

    const asItStood = await get('/api/v1/stats/report.xlsx?unit=15&year=2024', admin);
    const book = await workbookOf(asItStood.rawPayload);
    expect(sheetText(book.getWorksheet('Tổng hợp')!).join('\n')).toContain('Tỉnh Yên Bái');
    expect(sheetText(book.getWorksheet('Mục tiêu')!).join('\n')).toContain(
      'không áp dụng cho Tỉnh Yên Bái',
    );
  });

  it('answers a clear 404 for an unknown unit', async () => {
    const response = await get('/api/v1/stats/report.xlsx?unit=99999&year=2025', province);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toMatchObject({
      error: { code: 'units.not_found', message: 'Không có đơn vị hành chính nào mang mã 99999.' },
    });
  });
});

describe('GET /api/v1/stats/report.pdf', () => {
  it('prints the Lào Cai 2025 report on A4 with the Vietnamese font embedded', async () => {
    const response = await get('/api/v1/stats/report.pdf?unit=15&year=2025', province);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('filename="bao-cao-ntm-15-2025.pdf"');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Regular/);
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);

    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => expect(page).toContain(`Trang ${index + 1}/${pages.length}`));
    const first = pages[0]!;
    expect(first).not.toContain('\uFFFD');
    expect(first).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(first).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(first).toContain('TỈNH LÀO CAI');
    expect(first).toContain(officialDateLine('Lào Cai', todayInVietnam()));
    expect(first).toContain('BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2025');
    expect(first).toContain('Tỉnh Lào Cai');
    const all = pages.join('\n');
    expect(all).toContain('II. KẾT QUẢ TỪNG XÃ');
    expect(all).toContain('Xã A Mú Sung');
    expect(all).toContain('IV. TIẾN ĐỘ THỰC HIỆN MỤC TIÊU');
    expect(all).toContain('Tỷ lệ xã đạt chuẩn nông thôn mới');
    // The recognised count has no source yet: said in words, with the capability, no number.
    expect(all).toMatch(/Chưa có nguồn\s+số\s+liệu/);
    expect(all).toMatch(/Xã đạt đủ 19 tiêu\s+chí \(theo\s+số\s+liệu\)/);
  });

  it('prints the national report with the provinces chart, and approved data for guests', async () => {
    const national = await get('/api/v1/stats/report.pdf?year=2025', admin);
    expect(national.statusCode).toBe(200);
    expect(national.headers['content-disposition']).toContain('bao-cao-ntm-ca-nuoc-2025.pdf');
    const pages = pdfPages(national.rawPayload);
    const first = pages[0]!;
    expect(first).toContain('TOÀN QUỐC');
    expect(first).toContain('Cả nước');
    expect(first).toContain(officialDateLine('Hà Nội', todayInVietnam()));
    expect(first).toContain('Gồm cả số liệu chưa duyệt');
    expect(pages.join('\n')).toContain(
      'Biểu đồ 2. Tỷ lệ xã đạt đủ 19 tiêu chí (theo số liệu) của từng đơn vị.',
    );

    const guest = await get('/api/v1/stats/report.pdf?unit=15&year=2025');
    expect(guest.statusCode).toBe(200);
    expect(pdfPages(guest.rawPayload)[0]).toContain('Chỉ gồm số liệu đã duyệt');
  });

  it('answers a clear 404 for an unknown unit', async () => {
    const response = await get('/api/v1/stats/report.pdf?unit=99999&year=2025');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'units.not_found' } });
  });
});

describe('reports in the API', () => {
  it('are described in the OpenAPI document', async () => {
    const response = await get('/api/docs/json');
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, { get: { description: string } }> }>()
      .paths;
    expect(paths['/api/v1/stats/report.xlsx']?.get.description).toContain('Tổng hợp');
    expect(paths['/api/v1/stats/report.pdf']?.get.description).toContain('A4');
  });

  it('refuses reports beyond those it can build at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => get('/api/v1/stats/report.xlsx?year=2025')),
    );
    const refused = responses.filter((response) => response.statusCode === 503);
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(8);
    expect(refused).toHaveLength(2);
    expect(refused[0]!.json()).toMatchObject({ error: { code: 'reports.busy' } });
    expect(refused[0]!.headers['retry-after']).toBe('5');
  });
});
