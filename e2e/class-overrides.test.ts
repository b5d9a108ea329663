import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser';
import type { TestBrowser } from './support/browser';
import { openPage, prepareArtifacts, screenshot } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * The province office of Lào Cai records Xã Lâm Giang as an extremely difficult commune in the
 * unit page's form (a date typed wrong first), sees it listed with its basis, and the values entry
 * page says why the commune is judged at the TDMNPB level.
 */

const PASSWORD = 'NongThonMoi2025';
const UNIT = '/don-vi/04381?ngay=2025-07-01';

let server: TestServer;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];

describe('class overrides in the web app', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds an ĐBKK status in the form and shows the reason beside the class', async () => {
    page = await openPage(
      browser,
      server,
      `/dang-nhap?tiep=${encodeURIComponent(UNIT)}`,
      pageErrors,
    );
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('tinh.laocai');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

    const section = page.getByTestId('class-overrides');
    await section
      .getByRole('heading', { name: 'Diện xã đặc biệt khó khăn, an toàn khu, xã đảo, nhóm xã' })
      .waitFor();
    await section.getByTestId('class-overrides-empty').waitFor();
    await section.getByRole('button', { name: 'Ghi nhận diện xã' }).click();

    const form = page.getByTestId('class-override-form');
    await form.getByLabel('Số văn bản căn cứ').fill('123/QĐ-UBND');
    await form.getByLabel('Ngày văn bản căn cứ').fill('32/01/2025');
    await form.getByLabel('Áp dụng từ ngày').fill('01/07/2025');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form
      .getByRole('alert')
      .getByText('Ngày văn bản căn cứ phải là ngày dạng dd/mm/yyyy.')
      .waitFor();

    // Without a decision number the server refuses in Vietnamese.
    await form.getByLabel('Số văn bản căn cứ').fill('');
    await form.getByLabel('Ngày văn bản căn cứ').fill('01/02/2025');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form
      .getByRole('alert')
      .getByText(/thiếu số văn bản căn cứ/)
      .waitFor();

    await form.getByLabel('Số văn bản căn cứ').fill('123/QĐ-UBND');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.waitFor({ state: 'detached' });
    const table = section.getByTestId('class-overrides-table');
    await table.getByText('QĐ 123/QĐ-UBND ngày 01/02/2025').waitFor();
    await table.getByText('Xã đặc biệt khó khăn (ĐBKK)').waitFor();
    await table.getByText('Mức vùng TDMNPB').waitFor();
    await screenshot(page, 'class-overrides-unit-desktop');

    await page.goto(new URL('/so-lieu/04381/2025/xa-ntm-2021-2025', server.url).href);
    await expect
      .poll(() => page.getByTestId('class-reason').textContent(), { timeout: 15_000 })
      .toBe('đánh giá theo mức vùng TDMNPB: xã ĐBKK theo QĐ 123/QĐ-UBND ngày 01/02/2025');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
