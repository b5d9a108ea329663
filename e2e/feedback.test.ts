import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { logIn, openPage, prepareArtifacts, screenshot, sidewaysOverflow } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * Community reports, "done when": a citizen on a phone sends a report with a photo about Xã Lâm
 * Giang (Lào Cai) from the public form, anonymously; the commune officer answers it and closes it;
 * the public page of the report shows the answer, the closed status and the photo.
 */

const PASSWORD = 'NongThonMoi2025';
const ANSWER = 'UBND xã đã sửa xong rãnh thoát nước trước nhà văn hóa thôn Khe Dứa.';
const TEXT = 'Rãnh thoát nước trước nhà văn hóa thôn Khe Dứa bị tắc, nước tràn ra đường khi mưa.';

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let code = '';
const pageErrors: string[] = [];

async function choose(input: ReturnType<Page['getByTestId']>, option: string) {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

describe('a citizen report with a photo, answered and closed by the commune', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is sent from the public form on a phone, anonymously, with a photo', async () => {
    page = await openPage(browser, server, '/phan-anh/gui', pageErrors, PHONE_VIEWPORT);
    await page
      .getByRole('heading', { level: 1, name: 'Gửi phản ánh về xây dựng nông thôn mới' })
      .waitFor();
    await choose(page.getByTestId('feedback-province'), 'Tỉnh Lào Cai');
    await choose(page.getByTestId('feedback-commune'), 'Xã Lâm Giang');
    await page.getByTestId('feedback-village').fill('Thôn Khe Dứa');
    await page.getByTestId('feedback-text').fill(TEXT);
    const photo = await sharp({
      create: { width: 3000, height: 2000, channels: 3, background: { r: 90, g: 140, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    await page
      .getByTestId('feedback-photos')
      .setInputFiles({ name: 'ranh-nuoc.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('feedback-photo-preview').first().waitFor();
    await expect
      .poll(() => page.getByTestId('feedback-anonymous-note').textContent())
      .toContain('Phản ánh ẩn danh: xã không thể liên hệ lại với bạn');
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, 'feedback-form-phone');
    await page.getByTestId('feedback-submit').click();
    await page.waitForURL((url) => /^\/phan-anh\/PA-\d{4}-[0-9A-Z]{6}$/.test(url.pathname));
    code = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('feedback-sent').waitFor();
    expect(await page.getByTestId('report-status').textContent()).toContain('Đã nhận');
  });

  it('is answered and closed by the commune officer', async () => {
    await browser.context.clearCookies();
    await page.setViewportSize({ width: 1280, height: 800 });
    const target = `/phan-anh/quan-ly/${code}`;
    await page.goto(new URL(`/dang-nhap?tiep=${encodeURIComponent(target)}`, server.url).href);
    await logIn(page, 'xa.lamgiang', PASSWORD);
    await page.waitForURL((url) => url.pathname === target);
    await page.getByText(TEXT).waitFor();
    expect(await page.getByTestId('feedback-reporter').textContent()).toContain('ẩn danh');
    await page.getByTestId('feedback-action-text').fill(ANSWER);
    await page.getByTestId('feedback-action-answer').click();
    await expect
      .poll(() => page.getByTestId('report-status').first().textContent(), { timeout: 15_000 })
      .toContain('Đã trả lời');
    await page.getByTestId('feedback-action-close').click();
    await expect
      .poll(() => page.getByTestId('report-status').first().textContent(), { timeout: 15_000 })
      .toContain('Đã kết thúc');
    await screenshot(page, 'feedback-office-closed');
  });

  it('shows the answer, the closed status and the photo on its public page', async () => {
    await browser.context.clearCookies();
    await page.goto(new URL(`/phan-anh/${code}`, server.url).href);
    await page.getByTestId('report-code').waitFor();
    expect(await page.getByTestId('report-status').textContent()).toContain('Đã kết thúc');
    expect(await page.getByTestId('report-text').textContent()).toBe(TEXT);
    await expect
      .poll(() => page.getByTestId('report-event-text').allTextContents())
      .toContain(ANSWER);
    const photo = page.getByTestId('report-photo').first();
    await photo.waitFor();
    await expect
      .poll(() => photo.evaluate((image) => (image as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.content()).not.toContain('Hoàng Văn Em');
    await screenshot(page, 'feedback-public-closed');
    expect(pageErrors).toEqual([]);
  });
});
