import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { openPage, prepareArtifacts, screenshot, sidewaysOverflow } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * The commune officer enters Xã Lâm Giang's 2025 values on a 360 px phone (a percentage typed with
 * a comma, a yes/no judgement, a conflict with the province office, a lost connection), submits
 * them, and the province office — told by its notification bell — approves and locks them.
 */

const PASSWORD = 'NongThonMoi2025';
const COMMUNE = 'xa.lamgiang';
const PROVINCE = 'tinh.laocai';
const SET = 'xa-ntm-2021-2025';
const ENTRY = `/so-lieu/04381/2025/${SET}`;
const VALUES_API = `/api/v1/units/04381/values?set=${SET}&year=2025`;

let server: TestServer;
let commune: TestBrowser;
let province: TestBrowser | undefined;
let page: Page;
const pageErrors: string[] = [];

interface ApiValue {
  indicator: string;
  value: number | boolean | null;
  version: number;
  updatedBy: string | null;
  evidence: unknown[];
}

/** A session of its own for calls made outside the browser. */
async function apiSession(username: string): Promise<{ cookie: string; name: string }> {
  const response = await fetch(new URL('/api/v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { user: { displayName: string } };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, name: body.user.displayName };
}

async function apiValue(cookie: string, indicator: string): Promise<ApiValue> {
  const response = await fetch(new URL(VALUES_API, server.url), { headers: { cookie } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { items: ApiValue[] };
  const item = body.items.find((candidate) => candidate.indicator === indicator);
  if (!item) throw new Error(`no indicator ${indicator}`);
  return item;
}

async function logIn(target: Page, username: string): Promise<void> {
  await target.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await target.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await target.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await target.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

/** The accordion button of a criterion ("3. Thủy lợi …"). */
const criterionButton = (target: Page, code: string) =>
  target.getByRole('button', { name: new RegExp(`^${code.replace('.', '\\.')}\\. `) });
const criterion = (target: Page, code: string) =>
  target.locator(`[data-testid="entry-criterion"][data-criterion="${code}"]`);
const field = (target: Page, code: string) => target.locator(`[data-indicator="${code}"]`);
const saveState = (locator: Locator) => locator.getByTestId('save-state').textContent();

async function openCriterion(target: Page, code: string): Promise<void> {
  const button = criterionButton(target, code);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
}

describe('entering a commune’s values on a phone', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    commune = await launchBrowser();
  });

  afterAll(async () => {
    await province?.close();
    await commune?.close();
    await server?.stop();
  });

  it('takes a percentage typed with a comma and a yes/no value; the score follows live', async () => {
    page = await openPage(commune, server, '/dang-nhap', pageErrors, PHONE_VIEWPORT);
    await logIn(page, COMMUNE);
    // The officer's home page leads to the commune's data: this year's set needs a commune group
    // Lâm Giang does not have yet, so the latest year it can be judged in (2025).
    await page.getByRole('heading', { level: 2, name: 'Số liệu của xã tôi' }).waitFor();
    await page.getByTestId('my-commune-link').click();
    await page.waitForURL((url) => url.pathname === ENTRY);
    await page.getByRole('heading', { level: 1, name: 'Số liệu chỉ tiêu' }).waitFor();
    expect(await page.getByTestId('entry-unit').textContent()).toBe('Xã Lâm Giang, tỉnh Lào Cai');
    expect(await page.getByTestId('submission-status').textContent()).toBe('Đang nhập');
    expect(await page.getByTestId('score').textContent()).toBe('0/19 tiêu chí đạt');
    expect(await page.getByTestId('missing-count').textContent()).toBe(
      'Còn 30 chỉ tiêu chưa có số liệu',
    );

    // One criterion open at a time on a phone.
    await openCriterion(page, '3');
    expect(await criterionButton(page, '1').getAttribute('aria-expanded')).toBe('false');

    const irrigation = field(page, '3.1');
    const input = irrigation.getByRole('textbox');
    expect(await irrigation.getByTestId('field-threshold').textContent()).toContain('≥ 80%');
    await input.fill('70,5');
    await input.blur();
    await expect.poll(() => saveState(irrigation)).toBe('Đã lưu');
    expect(await input.inputValue()).toBe('70,5');
    expect(await irrigation.getByTestId('indicator-status').textContent()).toBe('Không đạt');
    expect(await irrigation.textContent()).toContain('70,5% < 80%');
    const { cookie } = await apiSession(COMMUNE);
    expect(await apiValue(cookie, '3.1')).toMatchObject({ value: 70.5, version: 1 });

    // Yes/no: a two-option choice, saved at once.
    const disasters = field(page, '3.2');
    const met = disasters.getByTestId('field-choice').getByText('Đạt', { exact: true });
    // The whole option is the touch target, not only its word.
    const metBox = await disasters
      .getByTestId('field-choice')
      .locator('label')
      .first()
      .boundingBox();
    expect(metBox?.height).toBeGreaterThanOrEqual(44);
    await met.click();
    await expect.poll(() => saveState(disasters)).toBe('Đã lưu');
    expect(await apiValue(cookie, '3.2')).toMatchObject({ value: true, version: 1 });
    expect(await criterion(page, '3').getAttribute('data-status')).toBe('not_met');
    expect(await page.getByTestId('score').textContent()).toBe('0/19 tiêu chí đạt');

    // A point is a question, never a guess ("85.5" could be 85,5 or 855): nothing is saved.
    await input.fill('85.5');
    await input.blur();
    const question = irrigation.getByTestId('number-question');
    await question.waitFor();
    expect(await question.textContent()).toContain('Có phải bạn muốn nhập 85,5?');
    expect(await apiValue(cookie, '3.1')).toMatchObject({ value: 70.5, version: 1 });
    expect(await page.getByTestId('score').textContent()).toBe('0/19 tiêu chí đạt');

    // Typed the Vietnamese way, the criterion turns met as the value is typed, before any save.
    await input.fill('85,5');
    await expect.poll(() => page.getByTestId('score').textContent()).toBe('1/19 tiêu chí đạt');
    expect(await criterion(page, '3').getAttribute('data-status')).toBe('met');
    expect(await criterion(page, '3').getByTestId('criterion-status').textContent()).toBe('Đạt');
    await input.blur();
    await expect.poll(() => saveState(irrigation)).toBe('Đã lưu');
    expect(await input.inputValue()).toBe('85,5');
    expect(await apiValue(cookie, '3.1')).toMatchObject({ value: 85.5, version: 2 });
    expect(await page.getByTestId('missing-count').textContent()).toBe(
      'Còn 28 chỉ tiêu chưa có số liệu',
    );

    const inputBox = await input.boundingBox();
    expect(inputBox?.height).toBeGreaterThanOrEqual(44);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'values-entry-phone');
    expect(pageErrors).toEqual([]);
  });

  it('shows the value another person saved meanwhile, and keeps mine when asked', async () => {
    const other = await apiSession(PROVINCE);
    const before = await apiValue(other.cookie, '6.3');
    const response = await fetch(
      new URL(`/api/v1/units/04381/values/6.3?set=${SET}&year=2025`, server.url),
      {
        method: 'PUT',
        headers: {
          cookie: other.cookie,
          'content-type': 'application/json',
          // The server accepts a signed-in change only from its own origin, as a browser sends.
          origin: new URL(server.url).origin,
        },
        body: JSON.stringify({ value: 65, version: before.version }),
      },
    );
    expect(response.status).toBe(200);

    await openCriterion(page, '6');
    const villages = field(page, '6.3');
    const input = villages.getByRole('textbox');
    await input.fill('90');
    await input.blur();
    const conflict = villages.getByTestId('conflict');
    await conflict.waitFor();
    const text = (await conflict.textContent()) ?? '';
    expect(text).toMatch(
      new RegExp(`^Giá trị đã được ${escape(other.name)} sửa lúc \\d{2}:\\d{2}: 65%`),
    );
    expect(text).toContain('Giá trị bạn vừa nhập: 90%');
    await screenshot(page, 'values-entry-conflict-phone');

    await conflict.getByRole('button', { name: 'Dùng giá trị của tôi' }).click();
    await expect.poll(() => saveState(villages)).toBe('Đã lưu');
    expect(await villages.getByTestId('conflict').count()).toBe(0);
    expect(await apiValue(other.cookie, '6.3')).toMatchObject({
      value: 90,
      version: before.version + 2,
    });
  });

  it('keeps a value typed without a connection and saves it once when back online', async () => {
    const { cookie } = await apiSession(COMMUNE);
    const before = await apiValue(cookie, '15.3');
    await openCriterion(page, '15');
    const stunting = field(page, '15.3');
    const input = stunting.getByRole('textbox');

    await commune.context.setOffline(true);
    await input.fill('40');
    await input.blur();
    await expect.poll(() => saveState(stunting)).toBe('Chưa lưu — sẽ thử lại');
    expect(await page.getByTestId('save-summary').textContent()).toContain(
      'Mất kết nối: 1 giá trị chưa lưu — sẽ thử lại',
    );
    // The live verdict does not wait for the server.
    expect(await stunting.getByTestId('indicator-status').textContent()).toBe('Không đạt');
    expect(await stunting.textContent()).toContain('40% > 24%');
    // Far from last year's 4,5%: a typing mistake? The officer is asked to check.
    expect(await stunting.getByTestId('far-warning').textContent()).toBe(
      'Khác nhiều so với năm trước (năm 2024: 4,5%)',
    );
    await screenshot(page, 'values-entry-offline-phone');

    await commune.context.setOffline(false);
    await expect.poll(() => saveState(stunting), { timeout: 15_000 }).toBe('Đã lưu');
    expect(await apiValue(cookie, '15.3')).toMatchObject({
      value: 40,
      version: before.version + 1,
    });
    // Saved once: no late retry writes it again.
    await page.waitForTimeout(2_500);
    expect((await apiValue(cookie, '15.3')).version).toBe(before.version + 1);
    expect(await page.getByTestId('save-summary').textContent()).toBe('Đã lưu mọi thay đổi');

    // The server cannot be reached for this field, and the page is reloaded: nothing is lost.
    const records = field(page, '15.4');
    const blocked = /\/values\/15\.4\?/;
    await page.route(blocked, (route) => route.abort('internetdisconnected'));
    await records.getByRole('textbox').fill('55');
    await records.getByRole('textbox').blur();
    await expect.poll(() => saveState(records)).toBe('Chưa lưu — sẽ thử lại');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Số liệu chỉ tiêu' }).waitFor();
    await openCriterion(page, '15');
    expect(await field(page, '15.4').getByRole('textbox').inputValue()).toBe('55');
    await expect.poll(() => saveState(field(page, '15.4'))).toBe('Chưa lưu — sẽ thử lại');
    // Nor does a refresh that fails (back to the tab while the server is out of reach).
    const reading = /\/api\/v1\/units\/04381\/values\?/;
    let refreshes = 0;
    await page.route(reading, async (route) => {
      refreshes++;
      await route.abort('connectionrefused');
    });
    await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => refreshes, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(500);
    expect(await field(page, '15.4').getByRole('textbox').inputValue()).toBe('55');
    await page.unroute(reading);
    await page.unroute(blocked);
    await page.getByRole('button', { name: 'Thử lại ngay' }).click();
    await expect.poll(() => saveState(field(page, '15.4'))).toBe('Đã lưu');
    expect(await apiValue(cookie, '15.4')).toMatchObject({ value: 55, version: 1 });
  });

  it('attaches a photo as evidence of an indicator', async () => {
    await openCriterion(page, '3');
    const irrigation = field(page, '3.1');
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#1f8f6f' },
    })
      .png()
      .toBuffer();
    await irrigation
      .getByLabel('Đính kèm minh chứng cho chỉ tiêu 3.1')
      .setInputFiles({ name: 'kenh-muong.png', mimeType: 'image/png', buffer: photo });
    const list = irrigation.getByRole('region', { name: 'Tệp minh chứng của chỉ tiêu 3.1' });
    await list.getByText('kenh-muong.png').waitFor();
    await expect.poll(() => list.textContent()).toContain('Minh chứng (1)');
    // The value itself is untouched by the upload.
    const { cookie } = await apiSession(COMMUNE);
    expect(await apiValue(cookie, '3.1')).toMatchObject({ value: 85.5, version: 2 });
    expect((await apiValue(cookie, '3.1')).evidence).toHaveLength(1);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'values-evidence-phone');
  });

  let office: Page;

  it('submits; the province office, told by its bell, returns the values with a reason', async () => {
    await page.getByRole('button', { name: 'Gửi duyệt', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Gửi duyệt số liệu năm 2025' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('missing-warning').textContent()).toBe(
      'Còn 25 chỉ tiêu chưa có số liệu.',
    );
    await dialog.getByRole('button', { name: 'Gửi duyệt', exact: true }).click();
    await expect.poll(() => page.getByTestId('submission-status').textContent()).toBe('Đã gửi');
    await page.getByTestId('read-only').waitFor();
    await openCriterion(page, '3');
    expect(await field(page, '3.1').getByRole('textbox').getAttribute('readonly')).not.toBeNull();
    // No more attaching either.
    expect(
      await field(page, '3.1').getByLabel('Đính kèm minh chứng cho chỉ tiêu 3.1').count(),
    ).toBe(0);

    // The province office, in its own browser, at its desk.
    province = await launchBrowser();
    office = await openPage(province, server, '/dang-nhap', pageErrors, DESKTOP_VIEWPORT);
    await logIn(office, PROVINCE);
    const bell = office.getByTestId('notification-bell');
    await bell.waitFor();
    await expect
      .poll(() => office.getByTestId('notification-count').textContent(), { timeout: 15_000 })
      .toBe('1');
    expect(await bell.getAttribute('aria-label')).toBe('Thông báo: 1 chưa đọc');
    await bell.click();
    const notification = office.getByTestId('notification').first();
    await notification.waitFor();
    expect(await notification.textContent()).toContain(
      'đã gửi số liệu năm 2025 của Xã Lâm Giang để duyệt',
    );
    await screenshot(office, 'values-notifications-desktop');
    await notification.click();
    await office.waitForURL((url) => url.pathname === ENTRY);
    await expect.poll(() => office.getByTestId('notification-count').count()).toBe(0);
    await office.getByRole('heading', { level: 1, name: 'Số liệu chỉ tiêu' }).waitFor();
    expect(await office.getByTestId('submission-status').textContent()).toBe('Đã gửi');
    expect(await office.getByTestId('score').textContent()).toBe('1/19 tiêu chí đạt');

    // Returning needs a reason.
    await office.getByRole('button', { name: 'Trả lại', exact: true }).click();
    const back = office.getByRole('dialog', { name: 'Trả lại số liệu năm 2025' });
    await back.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await back.getByText('Cần ghi lý do.').waitFor();
    await back.getByLabel('Lý do').fill('Bổ sung chỉ tiêu 15.4 và minh chứng tiêu chí 6.');
    await back.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await expect.poll(() => office.getByTestId('submission-status').textContent()).toBe('Trả lại');
    const history = office.getByTestId('submission-history');
    expect(await history.textContent()).toContain(
      'Lý do: Bổ sung chỉ tiêu 15.4 và minh chứng tiêu chí 6.',
    );

    // The commune can edit again, and sees why.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Số liệu chỉ tiêu' }).waitFor();
    expect(await page.getByTestId('submission-status').textContent()).toBe('Trả lại');
    await page
      .getByText('Số liệu bị trả lại: Bổ sung chỉ tiêu 15.4 và minh chứng tiêu chí 6.')
      .waitFor();
    expect(await page.getByTestId('read-only').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('notification-count').textContent(), { timeout: 15_000 })
      .toBe('1');
  });

  it('turns read-only when the data is submitted while typing; approval locks it', async () => {
    // Someone sends the data up meanwhile (here the province office, through the API).
    const other = await apiSession(PROVINCE);
    const submitted = await fetch(
      new URL(`/api/v1/units/04381/submission/submit?set=${SET}&year=2025`, server.url),
      {
        method: 'POST',
        headers: {
          cookie: other.cookie,
          'content-type': 'application/json',
          // The server accepts a signed-in change only from its own origin, as a browser sends.
          origin: new URL(server.url).origin,
        },
        body: '{}',
      },
    );
    expect(submitted.status).toBe(200);

    await openCriterion(page, '15');
    const records = field(page, '15.1');
    await records.getByTestId('field-choice').getByText('Đạt', { exact: true }).click();
    await expect.poll(() => saveState(records)).toBe('Chưa lưu — số liệu đã khóa');
    await page.getByText(/^Số liệu vừa bị khóa: /).waitFor();
    await expect.poll(() => page.getByTestId('submission-status').textContent()).toBe('Đã gửi');
    await page.getByText('1 giá trị nhập trên máy này chưa lưu được.', { exact: false }).waitFor();
    await screenshot(page, 'values-locked-while-typing-phone');

    await office.reload();
    await office.getByRole('heading', { level: 1, name: 'Số liệu chỉ tiêu' }).waitFor();
    await office.getByRole('button', { name: 'Duyệt', exact: true }).click();
    const approve = office.getByRole('dialog', { name: 'Duyệt số liệu năm 2025' });
    await approve.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await expect.poll(() => office.getByTestId('submission-status').textContent()).toBe('Đã duyệt');
    const history = office.getByTestId('submission-history');
    expect(await history.getByRole('listitem').count()).toBe(4);
    await screenshot(office, 'values-approved-desktop');

    // Back on the commune's phone: approved, locked, and told so; the unsaved choice is kept.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Số liệu chỉ tiêu' }).waitFor();
    expect(await page.getByTestId('submission-status').textContent()).toBe('Đã duyệt');
    expect(await page.getByTestId('read-only').textContent()).toContain(
      'Số liệu đã được duyệt và khóa',
    );
    await page.getByText('1 giá trị nhập trên máy này chưa lưu được.', { exact: false }).waitFor();
    await openCriterion(page, '3');
    expect(await field(page, '3.1').getByRole('textbox').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Gửi duyệt', exact: true }).count()).toBe(0);
    expect(await field(page, '3.2').getByRole('button', { name: /^Xóa/ }).count()).toBe(0);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'values-locked-phone');

    // Returned, then approved: two notifications, read at once.
    const bell = page.getByTestId('notification-bell');
    await expect
      .poll(() => page.getByTestId('notification-count').textContent(), { timeout: 15_000 })
      .toBe('2');
    await bell.click();
    await page.getByRole('menuitem', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await expect.poll(() => page.getByTestId('notification-count').count()).toBe(0);
    expect(await bell.getAttribute('aria-label')).toBe('Thông báo: không có thông báo mới');
    expect(pageErrors).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
