import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { openPage, prepareArtifacts, screenshot, sidewaysOverflow } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

let server: TestServer;
let browser: TestBrowser;
const pageErrors: string[] = [];

const ADMIN = { username: 'admin', password: 'NongThonMoi2025' };
const COMMUNE_SET = 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025';

const open = (path: string, viewport?: { width: number; height: number }) =>
  openPage(browser, server, path, pageErrors, viewport);

async function logIn(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(ADMIN.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

/** The accordion button of a criterion ("15. Y tế …"). */
const criterionButton = (page: Page, code: string) =>
  page.getByRole('button', { name: new RegExp(`^${code}\\. `) });

describe('criteria sets in the browser', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the shipped sets from the navigation', async () => {
    const page = await open('/');
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Bộ tiêu chí' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Bộ tiêu chí' }).waitFor();
    const sets = page.getByTestId('criteria-set');
    await sets.first().waitFor();
    expect(await sets.count()).toBe(6);
    const commune = sets.filter({ hasText: COMMUNE_SET });
    expect(await commune.textContent()).toContain('318/QĐ-TTg ngày 08/03/2022');
    expect(await commune.textContent()).toContain('01/01/2021 – 31/12/2025');
    expect(await commune.textContent()).toContain('19 tiêu chí');
    await screenshot(page, 'criteria-list-desktop');
    await page.setViewportSize(PHONE_VIEWPORT);
    await expect.poll(() => sidewaysOverflow(page), { timeout: 5000 }).toBeLessThanOrEqual(0);
    await screenshot(page, 'criteria-list-phone');
    await page.close();
  });

  it('shows the commune set 2021–2025: 19 criteria, thresholds per region, unverified marks', async () => {
    const page = await open('/bo-tieu-chi/xa-ntm-2021-2025');
    await page.getByRole('heading', { level: 1, name: COMMUNE_SET }).waitFor();
    expect(await page.getByTestId('criterion').count()).toBe(19);
    expect(await page.getByTestId('set-summary').textContent()).toContain('19 tiêu chí');
    await page.getByText('318/QĐ-TTg ngày 08/03/2022, Phụ lục I').first().waitFor();

    // Health (15): stunting has one ceiling per region; 15.1 has no confirmed threshold.
    await criterionButton(page, '15').click();
    const health = page.getByTestId('criterion').filter({ has: criterionButton(page, '15') });
    const stunting = health.getByTestId('indicator').filter({ hasText: '15.3' });
    const table = stunting.getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'TDMNPB',
      'ĐBSH',
      'BTB',
      'DHNTB',
      'TN',
      'ĐNB',
      'ĐBSCL',
    ]);
    expect(await table.getByRole('cell').nth(1).textContent()).toBe('≤ 16,5%');
    const insurance = health.getByTestId('indicator').filter({ hasText: '15.1' });
    await insurance.getByTestId('unverified').waitFor();
    expect(await insurance.getByTestId('unverified').textContent()).toBe('Chưa xác minh');
    await screenshot(page, 'criteria-set-desktop');

    // One criterion open at a time.
    await criterionButton(page, '3').click();
    await expect
      .poll(() => criterionButton(page, '15').getAttribute('aria-expanded'))
      .toBe('false');
    expect(await criterionButton(page, '3').getAttribute('aria-expanded')).toBe('true');

    await page.setViewportSize(PHONE_VIEWPORT);
    await criterionButton(page, '15').click();
    await table.waitFor();
    // On a phone the table turns: one row per region.
    expect(await table.getByRole('rowheader').count()).toBe(7);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'criteria-set-phone');
    await page.close();
  });

  it('lets the administrator check a broken draft, see the error at its line, then publish', async () => {
    const page = await open('/dang-nhap?tiep=/bo-tieu-chi/xa-ntm-2021-2025');
    await logIn(page);
    await page.getByRole('heading', { level: 1, name: COMMUNE_SET }).waitFor();
    await page.getByRole('link', { name: 'Soạn phiên bản mới' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Phiên bản mới của xa-ntm-2021-2025' })
      .waitFor();
    const editor = page.getByLabel('Nội dung YAML của bộ tiêu chí');
    await expect.poll(() => editor.inputValue()).toContain('code: xa-ntm-2021-2025-v2');
    const original = await editor.inputValue();

    const good = 'rule: { op: gte, value: 80 }';
    const bad = 'rule: { op: gte, value: tám mươi }';
    const line = original.split('\n').findIndex((text) => text.includes(good)) + 1;
    expect(line).toBeGreaterThan(1);
    await editor.fill(original.replace(good, bad));
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    const issues = page.getByTestId('yaml-issues');
    await issues.waitFor();
    const issue = issues.getByRole('listitem').first();
    expect(await issue.textContent()).toContain(`Dòng ${line}, cột`);
    expect(await issue.textContent()).toContain('cần một số hoặc true/false');
    expect(await issue.textContent()).toContain(bad);
    await issue.getByRole('button', { name: new RegExp(`^Đến dòng ${line}, cột`) }).click();
    const caretLine = await editor.evaluate(
      (element: HTMLTextAreaElement) =>
        element.value.slice(0, element.selectionStart).split('\n').length,
    );
    expect(caretLine).toBe(line);
    await screenshot(page, 'criteria-editor-error-desktop');
    await page.setViewportSize(PHONE_VIEWPORT);
    // The shell's navigation collapses with a transition after the resize: measure once it has.
    await expect.poll(() => sidewaysOverflow(page), { timeout: 5000 }).toBeLessThanOrEqual(0);
    await screenshot(page, 'criteria-editor-error-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Fixed (and tightened): valid, saved as a draft, published after confirmation.
    await editor.fill(original.replace(good, 'rule: { op: gte, value: 85 }'));
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await page.getByText(/^Hợp lệ: bộ xa-ntm-2021-2025-v2 có 19 tiêu chí/).waitFor();
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Sửa bản nháp xa-ntm-2021-2025-v2' })
      .waitFor();
    expect(page.url()).toContain('/bo-tieu-chi/xa-ntm-2021-2025-v2/sua');
    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Công bố bộ tiêu chí xa-ntm-2021-2025-v2?' });
    await dialog.waitFor();
    // The dialog fades in: photograph it once it is opaque.
    await expect
      .poll(() => dialog.evaluate((element) => getComputedStyle(element).opacity))
      .toBe('1');
    await screenshot(page, 'criteria-publish-confirm-desktop');
    await dialog.getByRole('button', { name: 'Công bố', exact: true }).click();
    await page.waitForURL(/\/bo-tieu-chi\/xa-ntm-2021-2025-v2$/);
    await page.getByRole('heading', { level: 1, name: COMMUNE_SET }).waitFor();
    await page.getByText('Đã công bố').first().waitFor();
    await criterionButton(page, '3').click();
    await page.getByText('≥ 85%').waitFor();
    await page.close();
  });

  it('raised no error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
