import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { openPage, prepareArtifacts, screenshot, sidewaysOverflow } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * An office user imports Xã Lâm Giang's 2025 values from an Excel file into the entry page: a file
 * with mistakes is refused with every error named by row and column, a correct one updates the
 * fields, the criteria and the score in place.
 */

const ENTRY = '/so-lieu/04381/2025/xa-ntm-2021-2025';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server: TestServer;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];

/** A hand-made form as officials type them: a title, a blank line, the header, the rows. */
async function workbook(rows: Array<Array<string | number>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Biểu 1');
  sheet.addRow(['BIỂU SỐ LIỆU NĂM 2025 — XÃ LÂM GIANG']);
  sheet.addRow([]);
  sheet.addRow(['STT', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Giá trị', 'Ghi chú']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function choose(name: string, buffer: Buffer): Promise<void> {
  await page
    .getByTestId('import-section')
    .getByLabel('Chọn tệp để nhập')
    .setInputFiles({ name, mimeType: XLSX, buffer });
}

describe('importing a commune’s values from Excel on the entry page', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists every mistake of a file by row and column, and changes nothing', async () => {
    page = await openPage(
      browser,
      server,
      `/dang-nhap?tiep=${encodeURIComponent(ENTRY)}`,
      pageErrors,
      DESKTOP_VIEWPORT,
    );
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('xa.lamgiang');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('NongThonMoi2025');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Số liệu chỉ tiêu' }).waitFor();
    expect(await page.getByTestId('score').textContent()).toBe('0/19 tiêu chí đạt');

    await choose(
      'so-lieu-loi.xlsx',
      await workbook([
        [1, '3.1', 'Tưới tiêu', 'abc'],
        [2, '6.3', 'Nhà văn hóa', 150],
        [3, '1', 'Quy hoạch', 'có lẽ'],
      ]),
    );
    const table = page.getByRole('table', { name: 'Danh sách 3 lỗi của tệp' });
    await table.waitFor();
    const rows = await table.getByRole('row').all();
    expect(rows).toHaveLength(4);
    const cells = async (index: number) => rows[index]!.getByRole('cell').allTextContents();
    expect(await cells(1)).toEqual([
      'Biểu 1',
      '4',
      'D',
      'Dòng 4, cột D: giá trị phải là số từ 0 đến 100 (đang là "abc").',
    ]);
    expect((await cells(2)).slice(0, 3)).toEqual(['Biểu 1', '5', 'D']);
    expect((await cells(3)).slice(0, 3)).toEqual(['Biểu 1', '6', 'D']);
    await screenshot(page, 'values-import-errors-desktop');

    // Nothing was written.
    expect(await page.getByTestId('score').textContent()).toBe('0/19 tiêu chí đạt');
    expect(await page.getByTestId('missing-count').textContent()).toBe(
      'Còn 30 chỉ tiêu chưa có số liệu',
    );
  });

  it('updates the fields, the criteria and the score from a correct file', async () => {
    await choose(
      'so-lieu.xlsx',
      await workbook([
        [1, '1', 'Quy hoạch', 'Đạt'],
        [2, '3.1', 'Tưới tiêu', 90],
        [3, '3.2', 'Phòng, chống thiên tai', 'Đạt', 'Theo báo cáo của Ban chỉ huy'],
      ]),
    );
    await page
      .getByTestId('import-section')
      .getByText('Đã cập nhật 3 giá trị, 0 giá trị không đổi.')
      .waitFor();
    await expect.poll(() => page.getByTestId('score').textContent()).toBe('2/19 tiêu chí đạt');
    expect(await page.getByTestId('missing-count').textContent()).toBe(
      'Còn 27 chỉ tiêu chưa có số liệu',
    );

    const irrigation = page.getByRole('button', { name: /^3\. / });
    await irrigation.click();
    const field = page.locator('[data-indicator="3.1"]');
    await expect.poll(() => field.getByRole('textbox').inputValue()).toBe('90');
    expect(await field.getByTestId('indicator-status').textContent()).toBe('Đạt');
    expect(
      await page
        .locator('[data-testid="entry-criterion"][data-criterion="3"]')
        .getAttribute('data-status'),
    ).toBe('met');
    const note = page.locator('[data-indicator="3.2"]').getByLabel(/^Ghi chú/);
    expect(await note.inputValue()).toBe('Theo báo cáo của Ban chỉ huy');
    await screenshot(page, 'values-import-done-desktop');

    // The entry form keeps working on the imported versions.
    const input = field.getByRole('textbox');
    await input.fill('95');
    await input.blur();
    await expect.poll(() => field.getByTestId('save-state').textContent()).toBe('Đã lưu');
    expect(await field.getByTestId('conflict').count()).toBe(0);
  });

  it('folds the import behind one button on a phone', async () => {
    await page.setViewportSize(PHONE_VIEWPORT);
    const section = page.getByTestId('import-section');
    const toggle = section.getByRole('button', { name: 'Nhập, xuất tệp Excel/CSV' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await section.getByLabel('Chọn tệp để nhập').isVisible()).toBe(false);
    const box = await toggle.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await section.getByRole('link', { name: /^Tải mẫu Excel/ }).waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'values-import-phone');
    expect(pageErrors).toEqual([]);
  });
});
