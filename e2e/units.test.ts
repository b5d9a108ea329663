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

const open = (path: string, viewport?: { width: number; height: number }) =>
  openPage(browser, server, path, pageErrors, viewport);

/** The top level of the unit tree (provinces), once loaded. */
async function provinces(page: Page) {
  const tree = page.getByRole('list', { name: 'Cây đơn vị hành chính' });
  await tree.waitFor();
  return tree.locator(':scope > li');
}

describe('unit browser', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows 63 provinces as of 30/06/2025 and 34 as of 01/07/2025', async () => {
    const page = await open('/don-vi');
    await page.getByRole('heading', { level: 1, name: 'Đơn vị hành chính' }).waitFor();

    await page.getByRole('button', { name: 'Trước sáp nhập (30/06/2025)' }).click();
    await expect
      .poll(() => page.getByTestId('units-total').textContent())
      .toBe('Tổng số: 63 đơn vị');
    expect(await (await provinces(page)).count()).toBe(63);
    expect(page.url()).toContain('ngay=2025-06-30');
    expect(await page.getByLabel('Tại ngày').inputValue()).toBe('30/06/2025');
    // Old provinces are shown with the day they ended.
    await page.getByRole('link', { name: /Tỉnh Yên Bái\s*\(đến 30\/06\/2025\)/ }).waitFor();

    // Down the old map: province → district → commune.
    await page.getByRole('button', { name: 'Mở các đơn vị trực thuộc Tỉnh Yên Bái' }).click();
    await page.getByRole('button', { name: 'Mở các đơn vị trực thuộc Huyện Văn Yên' }).click();
    const vanYen = page.getByRole('list', { name: 'Các đơn vị trực thuộc Huyện Văn Yên' });
    await vanYen.getByRole('link', { name: /Xã Lang Thíp/ }).waitFor();
    await screenshot(page, 'units-before-reform-desktop');

    await page.getByRole('button', { name: 'Sau sáp nhập (01/07/2025)' }).click();
    await expect
      .poll(() => page.getByTestId('units-total').textContent())
      .toBe('Tổng số: 34 đơn vị');
    expect(await (await provinces(page)).count()).toBe(34);
    expect(page.url()).toContain('ngay=2025-07-01');

    // The new map: province → commune, no districts.
    await page.getByRole('button', { name: 'Mở các đơn vị trực thuộc Tỉnh Lào Cai' }).click();
    const laoCai = page.getByRole('list', { name: 'Các đơn vị trực thuộc Tỉnh Lào Cai' });
    await laoCai.getByRole('link', { name: /^Xã Lâm Giang/ }).waitFor();
    expect(await laoCai.getByRole('link', { name: /^Huyện / }).count()).toBe(0);
    await screenshot(page, 'units-after-reform-desktop');

    // A date typed by hand, and a wrong one.
    await page.getByLabel('Tại ngày').fill('31/02/2025');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.getByText('Ngày không hợp lệ').waitFor();
    await page.getByLabel('Tại ngày').fill('15/03/2024');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('units-total').textContent())
      .toBe('Tổng số: 63 đơn vị');
    await page.close();
  });

  it('finds units without diacritics, best match first', async () => {
    const page = await open('/don-vi?ngay=2025-07-01');
    const box = page.getByRole('searchbox', { name: 'Tìm đơn vị hành chính' });
    await box.fill('cao bang');
    const results = page.getByRole('list', { name: 'Kết quả tìm kiếm' });
    await results.waitFor();
    const first = results.getByRole('link').first();
    await expect.poll(() => first.textContent()).toMatch(/^Tỉnh Cao Bằng/);

    await box.fill('LAM GIANG');
    await results.getByRole('link', { name: /Xã Lâm Giang.*Tỉnh Lào Cai/ }).waitFor();
    await screenshot(page, 'units-search-desktop');
    await results.getByRole('link', { name: /Xã Lâm Giang.*Tỉnh Lào Cai/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Xã Lâm Giang' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/don-vi/04381');
    await page.close();
  });

  it('shows Xã Lâm Giang with its breadcrumb, kind and lineage from Lâm Giang and Lang Thíp', async () => {
    const page = await open('/don-vi/04381?ngay=2025-07-01');
    await page.getByRole('heading', { level: 1, name: 'Xã Lâm Giang' }).waitFor();
    const crumbs = page.getByRole('navigation', {
      name: 'Vị trí trong hệ thống đơn vị hành chính',
    });
    await crumbs.getByRole('link', { name: 'Tỉnh Lào Cai' }).waitFor();
    await page.getByText('Xã', { exact: true }).first().waitFor();

    const predecessors = page.getByTestId('lineage-predecessors');
    await predecessors.waitFor();
    const text = (await predecessors.textContent()) ?? '';
    expect(text).toContain('Xã Lâm Giang');
    expect(text).toContain('Xã Lang Thíp');
    expect(text).toContain('(đến 30/06/2025)');
    expect(text).toContain('Sáp nhập');
    expect(text).toContain('01/07/2025');
    await screenshot(page, 'unit-lam-giang-desktop');

    // Each predecessor opens on its last day, where it names what it became.
    const langThip = predecessors.getByRole('link', { name: 'Xã Lang Thíp' });
    expect(await langThip.getAttribute('href')).toBe('/don-vi/04378?ngay=2025-06-30');
    await langThip.click();
    await page.getByRole('heading', { level: 1, name: 'Xã Lang Thíp (đến 30/06/2025)' }).waitFor();
    await page.getByRole('link', { name: 'Huyện Văn Yên' }).first().waitFor();
    const successors = page.getByTestId('lineage-successors');
    await successors.getByRole('link', { name: 'Xã Lâm Giang' }).waitFor();
    expect(await successors.getByRole('link', { name: 'Xã Lâm Giang' }).getAttribute('href')).toBe(
      '/don-vi/04381?ngay=2025-07-01',
    );
    await screenshot(page, 'unit-lang-thip-desktop');
    await page.close();
  });

  it('opens an old code without a date on the day it was last valid', async () => {
    const page = await open('/don-vi/04378');
    await page.getByRole('heading', { level: 1, name: 'Xã Lang Thíp (đến 30/06/2025)' }).waitFor();
    expect(page.url()).toContain('ngay=2025-06-30');

    // A code unknown on the chosen date says so, and offers the dates it was used.
    await page.goto(new URL('/don-vi/04378?ngay=2025-08-01', server.url).href);
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy đơn vị' }).waitFor();
    await page.getByRole('link', { name: 'Xã Lang Thíp' }).waitFor();
    await page.close();
  });

  it('reads in English too, with the names left in Vietnamese', async () => {
    const page = await open('/don-vi/04381?ngay=2025-07-01');
    await page.getByTestId('lineage-predecessors').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 3, name: 'Formed from' }).waitFor();
    expect(await page.getByTestId('lineage-predecessors').textContent()).toContain('Merger');
    await page.getByRole('button', { name: 'Before the merger (30/06/2025)' }).waitFor();
    await screenshot(page, 'unit-lam-giang-desktop-en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 3, name: 'Hình thành từ' }).waitFor();
    await page.close();
  });

  it('works on a 360 px phone without sideways scrolling', async () => {
    const page = await open('/don-vi?ngay=2025-06-30', PHONE_VIEWPORT);
    expect(await (await provinces(page)).count()).toBe(63);
    await page.getByRole('button', { name: 'Mở các đơn vị trực thuộc Tỉnh Yên Bái' }).click();
    await page.getByRole('button', { name: 'Mở các đơn vị trực thuộc Huyện Văn Yên' }).waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const toggle = await page
      .getByRole('button', { name: 'Mở các đơn vị trực thuộc Huyện Văn Yên' })
      .boundingBox();
    expect(toggle?.height).toBeGreaterThanOrEqual(44);
    expect(toggle?.width).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'units-phone');

    await page.goto(new URL('/don-vi/04381?ngay=2025-07-01', server.url).href);
    await page.getByTestId('lineage-predecessors').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'unit-lam-giang-phone');
    await page.close();
  });

  it('threw no page errors and never left the machine', () => {
    expect(pageErrors).toEqual([]);
    expect(browser.externalRequests).toEqual([]);
  });
});
