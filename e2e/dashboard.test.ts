import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { openPage, prepareArtifacts, screenshot, sidewaysOverflow } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * The dashboards in demo mode: a guest sees the national picture of approved data only; the Lào
 * Cai province office sees its province for 2025 with the same figures as the API, opens the list
 * behind a figure, drills down to a commune's scorecard and its reasons, and reads the programme
 * targets with their status.
 */

const PASSWORD = 'NongThonMoi2025';
const PROVINCE = 'tinh.laocai';
const LAO_CAI = '/bang-dieu-khien?don-vi=15&nam=2025';
const TARGET_WORDS = ['Đạt', 'Đúng tiến độ', 'Chậm', 'Chưa có số liệu', 'Chưa có nguồn số liệu'];

interface Totals {
  communes: number;
  evaluated: number;
  met: number;
}

interface Summary {
  approvedOnly: boolean;
  totals: Totals;
}

let server: TestServer;
let guest: TestBrowser;
let office: TestBrowser | undefined;
const pageErrors: string[] = [];

/** A session of its own for calls made outside the browser. */
async function apiCookie(username: string): Promise<string> {
  const response = await fetch(new URL('/api/v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

async function apiGet<T>(path: string, cookie?: string): Promise<T> {
  const response = await fetch(new URL(path, server.url), {
    headers: cookie ? { cookie } : {},
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

const vi = (value: number) => new Intl.NumberFormat('vi-VN').format(value);

/** The first chart has drawn (ECharts loads on demand, from this server only). */
async function chartDrawn(page: Page): Promise<void> {
  await page.locator('[data-testid="echart"] svg').first().waitFor({ timeout: 20_000 });
}

describe('dashboards', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    guest = await launchBrowser();
  });

  afterAll(async () => {
    await office?.close();
    await guest?.close();
    await server?.stop();
  });

  it('shows a guest the national picture for 2025, approved data only', async () => {
    const expected = await apiGet<Summary>('/api/v1/stats/summary?year=2025');
    expect(expected.approvedOnly).toBe(true);
    const page = await openPage(guest, server, '/bang-dieu-khien?nam=2025', pageErrors);
    await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển nông thôn mới' }).waitFor();
    const notice = page.getByTestId('approved-only');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Chỉ gồm số liệu đã duyệt');
    expect(await page.getByTestId('dashboard-scope').textContent()).toBe('Cả nước · năm 2025');
    const met = page.getByTestId('figure-met');
    expect(await met.getAttribute('data-value')).toBe(String(expected.totals.met));
    expect(await met.getByTestId('figure-value').textContent()).toBe(vi(expected.totals.met));
    expect(await page.getByTestId('report-date').textContent()).toMatch(
      /^Ngày lập: \d{2}\/\d{2}\/\d{4} · cập nhật lúc \d{2}:\d{2}:\d{2}$/,
    );
    // Exports carry the query of what is shown.
    const excel = page.getByRole('link', { name: 'Tải Excel' });
    expect(await excel.getAttribute('href')).toBe('/api/v1/stats/report.xlsx?year=2025&map=year');
    await chartDrawn(page);
    // Every chart has its table view.
    const trend = page.getByTestId('chart-trend');
    await trend.getByRole('button', { name: 'Xem dạng bảng' }).click();
    await trend.getByRole('table').waitFor();
    await expect.poll(() => trend.getByRole('row').count()).toBe(1 + 4); // 2022–2025
    expect(guest.externalRequests).toEqual([]);
    await screenshot(page, 'dashboard-national-guest-desktop');
    await page.close();
  });

  it('gives the province office its figures, the communes behind them and a scorecard', async () => {
    const cookie = await apiCookie(PROVINCE);
    const summary = await apiGet<Summary>('/api/v1/stats/summary?unit=15&year=2025', cookie);
    expect(summary.approvedOnly).toBe(false);
    expect(summary.totals.met).toBeGreaterThan(0);

    office = await launchBrowser();
    const page = await openPage(
      office,
      server,
      `/dang-nhap?tiep=${encodeURIComponent(LAO_CAI)}`,
      pageErrors,
    );
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill(PROVINCE);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByTestId('dashboard-scope').waitFor();
    expect(await page.getByTestId('dashboard-scope').textContent()).toBe('Tỉnh Lào Cai · năm 2025');
    expect(await page.getByTestId('approved-only').count()).toBe(0);

    const met = page.getByTestId('figure-met');
    expect(await met.getAttribute('data-value')).toBe(String(summary.totals.met));
    expect(await met.getByTestId('figure-value').textContent()).toBe(vi(summary.totals.met));
    await chartDrawn(page);
    await screenshot(page, 'dashboard-lao-cai-desktop');

    // The list behind the figure: as many communes as the figure says.
    await met.click();
    const list = page.getByTestId('communes-list');
    await list.getByTestId('communes-total').waitFor();
    expect(await list.getByTestId('communes-total').getAttribute('data-value')).toBe(
      String(summary.totals.met),
    );
    await expect.poll(() => list.getByTestId('commune-row').count()).toBe(summary.totals.met);
    expect(page.url()).toContain('danh-sach=met');
    // Sorted by criteria met (all meet 19 of 19 here) the list keeps its length.
    await list.getByRole('button', { name: /Tiêu chí đạt/ }).click();
    expect(await list.getByTestId('commune-row').count()).toBe(summary.totals.met);
    await screenshot(page, 'dashboard-list-met-desktop');
    await page.getByRole('button', { name: 'Đóng', exact: true }).click();
    await list.waitFor({ state: 'detached' });

    // Drill down to a commune that does not meet the standard, from the table of communes.
    const notMet = await apiGet<{
      items: { code: string; name: string; criteriaMet: number; submission: string | null }[];
    }>('/api/v1/stats/communes?unit=15&year=2025&filter=not_met&pageSize=100', cookie);
    // One still being entered: the province office may edit it.
    const commune = notMet.items.find((item) => item.submission === 'draft');
    if (!commune) throw new Error('the demo has a commune not meeting the standard, in draft');
    const row = page.locator(`[data-testid="children-table"] tr[data-code="${commune.code}"]`);
    await row.getByRole('link', { name: commune.name }).click();
    await page.getByTestId('scorecard').waitFor();
    expect(page.url()).toContain(`/bang-dieu-khien/xa/${commune.code}?nam=2025`);
    expect(await page.getByTestId('scorecard-unit').textContent()).toBe(
      `${commune.name}, tỉnh Lào Cai`,
    );
    expect(await page.getByTestId('scorecard-score').textContent()).toBe(
      `${commune.criteriaMet}/19 tiêu chí đạt`,
    );
    expect(await page.getByTestId('criterion-card').count()).toBe(19);
    const failing = page.locator('[data-testid="criterion-card"][data-status="not_met"]').first();
    expect(await failing.getByTestId('verdict').first().textContent()).toBe('Không đạt');
    const reason = failing
      .locator('[data-status="not_met"], [data-status="no_rule"]')
      .first()
      .getByTestId('indicator-reason');
    expect(await reason.textContent()).toMatch(/^Không đạt/);
    // The province office may edit: the entry page is one click away.
    expect(await page.getByTestId('scorecard-edit').getAttribute('href')).toBe(
      `/so-lieu/${commune.code}/2025/xa-ntm-2021-2025`,
    );
    await screenshot(page, 'dashboard-scorecard-desktop');

    // The breadcrumb leads back to the province.
    await page
      .getByRole('navigation', { name: 'Vị trí trong cây đơn vị' })
      .getByRole('link', { name: 'Tỉnh Lào Cai' })
      .click();
    await page.getByTestId('dashboard-scope').waitFor();
    expect(new URL(page.url()).search).toBe('?don-vi=15&nam=2025');
    await page.close();
  });

  it('lists the 263/QĐ-TTg targets with their status, as the API measures them', async () => {
    const cookie = await apiCookie(PROVINCE);
    const targets = await apiGet<{
      items: { code: string; progress: { status: string } }[];
    }>('/api/v1/targets?unit=15', cookie);
    const programme = targets.items.filter((item) => item.code.startsWith('263.'));
    expect(programme.length).toBeGreaterThanOrEqual(4);

    const page = await openPage(office!, server, '/muc-tieu?don-vi=15', pageErrors);
    const group = page.getByTestId('targets-group-263');
    await group.waitFor();
    const cards = group.getByTestId('target');
    expect(await cards.count()).toBe(programme.length);
    for (const target of programme) {
      const card = group.locator(`[data-testid="target"][data-code="${target.code}"]`);
      expect(await card.getAttribute('data-status')).toBe(target.progress.status);
      expect(TARGET_WORDS).toContain(await card.getByTestId('target-status').textContent());
    }
    // "Đạt chuẩn" is a recognition, read from the register: the demo's one recognised commune
    // of about a hundred, far behind 80 %.
    const recognised = group.locator('[data-testid="target"][data-code="263.xa-ntm"]');
    expect(await recognised.getAttribute('data-status')).toBe('behind');
    expect(await recognised.getByTestId('target-status').textContent()).toBe('Chậm');
    await screenshot(page, 'targets-lao-cai-desktop');

    // The province office adds a target of its own: a mistake is named beside its field, the
    // same code twice is refused with the server's message, then the target is deleted.
    const add = async (value: string) => {
      await page.getByRole('button', { name: 'Thêm mục tiêu của tỉnh' }).click();
      const form = page.getByTestId('target-form');
      await form.getByLabel('Mã mục tiêu').fill('15.xa-ntm-2026');
      await form.getByLabel('Tên mục tiêu').fill('Tỷ lệ xã đạt chuẩn của tỉnh năm 2026');
      await form.getByLabel('Căn cứ').fill('Nghị quyết 10/NQ-HĐND ngày 10/12/2025');
      await form.getByLabel('Giá trị (%)').fill(value);
      await form.getByRole('button', { name: 'Lưu', exact: true }).click();
      return form;
    };
    const form = await add('120');
    await form.getByText('Tỷ lệ phải từ 0 đến 100.').waitFor();
    await form.getByLabel('Giá trị (%)').fill('72,5');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    const own = page.locator('[data-testid="targets-group-own"] [data-code="15.xa-ntm-2026"]');
    await own.waitFor();
    expect(TARGET_WORDS).toContain(await own.getByTestId('target-status').textContent());
    expect(await own.textContent()).toContain('≥ 72,5%');

    const again = await add('80');
    const refusal = again.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Đã có mục tiêu mang mã «15.xa-ntm-2026»');
    await again.getByRole('button', { name: 'Hủy', exact: true }).click();
    await again.waitFor({ state: 'detached' });

    await own.getByRole('button', { name: /^Xóa mục tiêu/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa', exact: true }).click();
    await own.waitFor({ state: 'detached' });
    await page.close();
  });

  it('fits a 360 px phone: figures stack, tables scroll inside their box', async () => {
    const page = await openPage(
      guest,
      server,
      '/bang-dieu-khien?nam=2025',
      pageErrors,
      PHONE_VIEWPORT,
    );
    await page.getByTestId('figure-met').waitFor();
    await page.getByTestId('children-table').waitFor();
    const [first, second] = await Promise.all([
      page.getByTestId('figure-met').boundingBox(),
      page.getByTestId('figure-average').boundingBox(),
    ]);
    expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-national-phone');
    await page.close();
  });

  it('raised no error in any page and never left the machine', () => {
    expect(pageErrors).toEqual([]);
    expect(guest.externalRequests).toEqual([]);
    expect(office?.externalRequests ?? []).toEqual([]);
  });
});
