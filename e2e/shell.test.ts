import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

let server: TestServer;
let browser: TestBrowser;
const pageErrors: string[] = [];

async function openPage(path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** What the page's fonts look like once every pending font load has finished. */
function fontReport(page: Page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const faces = [...document.fonts].filter(
      (face) => face.family.replace(/["']/g, '') === 'Be Vietnam Pro',
    );
    const heading = document.querySelector('h1');
    return {
      check: document.fonts.check('16px "Be Vietnam Pro"', 'Nông thôn mới'),
      declared: faces.length,
      loaded: faces.filter((face) => face.status === 'loaded').length,
      headingFont: heading ? getComputedStyle(heading).fontFamily : '',
    };
  });
}

describe('web shell', () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders in Vietnamese by default with the bundled Be Vietnam Pro font', async () => {
    const page = await openPage('/');
    await expect
      .poll(() =>
        page.getByRole('heading', { level: 1, name: 'Nền tảng số Nông thôn mới' }).count(),
      )
      .toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.title()).toBe('Nền tảng số Nông thôn mới');
    await page.getByRole('link', { name: 'Đơn vị hành chính' }).first().waitFor();

    // The system status card is fed by GET /api/health of the real server.
    const status = page.getByTestId('health-status');
    await status.waitFor();
    expect(await status.textContent()).toBe('Hoạt động bình thường');

    const fonts = await fontReport(page);
    expect(fonts.declared).toBeGreaterThan(0);
    expect(fonts.loaded).toBeGreaterThan(0);
    expect(fonts.check).toBe(true);
    expect(fonts.headingFont).toContain('Be Vietnam Pro');

    await screenshot(page, 'home-desktop-vi');
    await page.close();
  });

  it('is usable on a 360 px phone: burger menu, 44 px touch targets, no sideways scroll', async () => {
    const page = await openPage('/', PHONE_VIEWPORT);
    await page.getByTestId('health-status').waitFor();
    await page.evaluate(() => document.fonts.ready);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'home-phone-vi');

    const burger = page.getByRole('button', { name: 'Mở menu điều hướng' });
    const burgerBox = await burger.boundingBox();
    expect(burgerBox?.width).toBeGreaterThanOrEqual(44);
    expect(burgerBox?.height).toBeGreaterThanOrEqual(44);
    await burger.click();

    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    const unitsLink = nav.getByRole('link', { name: 'Đơn vị hành chính' });
    await unitsLink.waitFor({ state: 'visible' });
    for (const link of await nav.getByRole('link').all()) {
      const box = await link.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    for (const button of await page
      .getByRole('group', { name: 'Ngôn ngữ' })
      .getByRole('button')
      .all()) {
      const box = await button.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, 'nav-phone-vi');

    // Units: the tree when the server has units, a clear empty state until then; never an error.
    await unitsLink.click();
    await page.getByRole('heading', { level: 1, name: 'Đơn vị hành chính' }).waitFor();
    await page
      .getByText('Chưa có dữ liệu đơn vị hành chính')
      .or(page.getByRole('list', { name: 'Cây đơn vị hành chính' }))
      .waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'units-phone-vi');
    await page.close();
  });

  it('labels every login input and shows the server’s answer', async () => {
    const page = await openPage('/dang-nhap');
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('khong-ton-tai');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).not.toBe('');
    await screenshot(page, 'login-desktop-vi');
    await page.close();
  });

  it('shows a Vietnamese 404 page for an unknown address, with a way home', async () => {
    const page = await openPage('/trang-khong-ton-tai');
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
    await screenshot(page, 'not-found-desktop-vi');
    await page.getByRole('link', { name: 'Về trang chủ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nền tảng số Nông thôn mới' }).waitFor();
    await page.close();
  });

  it('switches to English, and remembers the choice', async () => {
    const page = await openPage('/');
    await page.getByTestId('health-status').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'New Rural Development Digital Platform' })
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect
      .poll(() => page.getByTestId('health-status').textContent())
      .toBe('Operating normally');

    await page.reload();
    await page
      .getByRole('heading', { level: 1, name: 'New Rural Development Digital Platform' })
      .waitFor();
    await page.getByTestId('health-status').waitFor();
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'home-desktop-en');

    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nền tảng số Nông thôn mới' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.close();
  });

  it('never contacted a host outside this machine and threw no page errors', () => {
    expect(browser.externalRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
