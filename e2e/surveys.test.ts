import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from '../src/server/test/pdf-text';
import { launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { logIn, openPage, prepareArtifacts, screenshot } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * The satisfaction survey, "done when": a commune officer opens a campaign for the commune's
 * recognition dossier, imports the roll from Excel (2 villages, 4 households; a file with a
 * mistake is refused naming row and column), opens the campaign and prints the code slips (the
 * codes read from the PDF); one household answers on the public page with its code, the officer
 * enters one paper form, and a door-to-door form on a phone loses its answer on the way and is sent
 * again with the same clientId (counted once). The tally shows 3/4 households and each rule Đạt or
 * Không đạt as its figure and threshold say; close, tally, post, report to the dossier; the
 * dossier shows the result.
 */

const PASSWORD = 'NongThonMoi2025';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CODE = /\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2}\b/g;

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let clockDir: string;
let clockFile: string;
const pageErrors: string[] = [];
let officer = '';
let dossierId = '';
let campaignId = '';
let codes: string[] = [];

async function apiSession(username: string): Promise<string> {
  const response = await fetch(new URL('/api/v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

async function apiGet<T>(url: string, cookie?: string): Promise<T> {
  const response = await fetch(new URL(url, server.url), { headers: cookie ? { cookie } : {} });
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

async function apiPost<T>(url: string, cookie: string, body: unknown): Promise<T> {
  const response = await fetch(new URL(url, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, cookie },
    body: JSON.stringify(body),
  });
  expect(response.status, `${url}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

function clientIdOf(body: string | undefined): string {
  return (JSON.parse(body ?? '{}') as { clientId?: string }).clientId ?? '';
}

/** One action on the dossier through the API, at its current version. */
async function dossierAct(cookie: string, type: string, payload: Record<string, unknown> = {}) {
  const dossier = await apiGet<{ version: number }>(`/api/v1/dossiers/${dossierId}`, cookie);
  await apiPost(`/api/v1/dossiers/${dossierId}/actions`, cookie, {
    type,
    version: dossier.version,
    reason: null,
    legalBasis: null,
    payload,
  });
}

/** Signs `username` in (or nobody: a guest) and opens `target`. */
async function as(username: string | null, target: string): Promise<void> {
  await browser.context.clearCookies();
  if (username) {
    await page.goto(new URL(`/dang-nhap?tiep=${encodeURIComponent(target)}`, server.url).href);
    await logIn(page, username, PASSWORD);
    await page.waitForURL((url) => url.pathname === target.split('?')[0]);
  } else {
    await page.goto(new URL(target, server.url).href);
  }
}

/** The roll as the template has it: Thôn/tổ dân phố | Mã hộ | Họ và tên chủ hộ | Địa chỉ. */
async function roll(rows: Array<Array<string>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách hộ');
  sheet.addRow(['Thôn/tổ dân phố', 'Mã hộ', 'Họ và tên chủ hộ', 'Địa chỉ']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const campaignPage = () => page.getByTestId('campaign-page');
const state = () => campaignPage().getByTestId('campaign-state').first().textContent();

async function openCampaign(tab: 'ho' | 'phieu' | 'nhap' | 'ket-qua'): Promise<void> {
  await page.goto(new URL(`/khao-sat-y-kien/${campaignId}?muc=${tab}`, server.url).href);
  await campaignPage().waitFor();
}

/** An action button, its confirmation; fails with the page's refusal if there is one. */
async function act(type: string, expected: string): Promise<void> {
  await campaignPage().getByTestId(`action-${type}`).click();
  const modal = page.getByTestId('action-confirm');
  if (type === 'void') await modal.getByTestId('action-reason').fill('Lập nhầm');
  await modal.getByTestId('action-submit').click();
  const refused = modal.getByRole('alert');
  await Promise.race([modal.waitFor({ state: 'detached' }), refused.waitFor()]);
  if (await refused.isVisible()) throw new Error(`${type} refused: ${await refused.textContent()}`);
  await expect.poll(state).toBe(expected);
}

/** Answers every question of the entry form: `choices[id]` or satisfied. */
async function answerForm(choices: Record<string, 'opt-dissatisfied' | 'opt-blank'> = {}) {
  const form = page.getByTestId('entry-form');
  const groups = form.locator('[data-testid^="question-"]');
  const count = await groups.count();
  expect(count).toBeGreaterThan(1);
  for (let index = 0; index < count; index++) {
    const group = groups.nth(index);
    const id = ((await group.getAttribute('data-testid')) ?? '').replace('question-', '');
    await group.getByTestId(choices[id] ?? 'opt-satisfied').click();
  }
}

describe('a satisfaction survey campaign in the browser', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    clockDir = mkdtempSync(path.join(tmpdir(), 'ntm-e2e-clock-'));
    clockFile = path.join(clockDir, 'days');
    writeFileSync(clockFile, '0');
    server = await startTestServer({ env: { NTM_TEST_CLOCK_FILE: clockFile } });
    browser = await launchBrowser();

    // The demo commune without a dossier opens its recognition dossier (as the recognition test).
    const admin = await apiSession('admin');
    const users = await apiGet<{ items: Array<{ username: string }> }>(
      '/api/v1/users?q=xa.demo&pageSize=50',
      admin,
    );
    for (const candidate of users.items.map((user) => user.username)) {
      if (!/^xa\.demo\./.test(candidate)) continue;
      const cookie = await apiSession(candidate);
      const own = await apiGet<{ items: unknown[] }>('/api/v1/dossiers', cookie);
      if (own.items.length === 0) officer = candidate;
    }
    expect(officer).not.toBe('');
    const cookie = await apiSession(officer);
    const me = await apiGet<{ roles: Array<{ role: string; unit: { code: string } | null }> }>(
      '/api/v1/auth/me',
      cookie,
    );
    const unit = me.roles.find((role) => role.role === 'commune')?.unit?.code ?? '';
    const dossier = await apiPost<{ id: string }>('/api/v1/dossiers', cookie, {
      unit,
      kind: 'commune_ntm',
      year: 2025,
    });
    dossierId = dossier.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (clockDir) rmSync(clockDir, { recursive: true, force: true });
  });

  it('the officer opens a campaign for the dossier and imports the roll', async () => {
    page = await openPage(browser, server, '/', pageErrors);
    page.setDefaultTimeout(15_000);
    await as(officer, '/khao-sat-y-kien');
    await page.getByTestId('surveys-page').waitFor();
    await page.getByTestId('create-campaign').click();
    const form = page.getByTestId('create-campaign-form');
    await form.getByTestId('create-dossier').waitFor();
    // The guidance's rules, each with its threshold; "Chưa xác minh" where not confirmed.
    const guidance = await apiGet<{
      guidances: Array<{ province: string | null; levels: { commune?: { rules: unknown[] } } }>;
    }>('/api/v1/surveys/guidance');
    const national = guidance.guidances.find((item) => item.province === null);
    expect(await form.getByTestId('guidance-rule').count()).toBe(
      national?.levels.commune?.rules.length ?? -1,
    );
    await form.getByTestId('create-campaign-submit').click();
    await page.waitForURL((url) => /^\/khao-sat-y-kien\/[^/]+$/.test(url.pathname));
    await campaignPage().waitFor();
    campaignId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    expect(await state()).toBe('Đã lập');

    // A roll with a head of household missing: refused, naming the row and column.
    const file = campaignPage().getByTestId('roll-import').locator('input[type="file"]');
    await file.setInputFiles({
      name: 'danh-sach-loi.xlsx',
      mimeType: XLSX,
      buffer: await roll([
        ['Thôn Nậm Pạu', 'NP01', 'Hoàng Văn Sáng', 'Nậm Pạu'],
        ['Thôn Nậm Pạu', 'NP02', '', 'Nậm Pạu'],
      ]),
    });
    await campaignPage().getByTestId('roll-upload').click();
    const refused = campaignPage().getByTestId('roll-import').getByTestId('action-error');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Dòng 3, cột C: thiếu họ và tên chủ hộ');
    // Every error of the file, each by row and column.
    expect(await campaignPage().getByTestId('roll-errors').textContent()).toContain(
      'Dòng 3, cột C',
    );
    expect(await campaignPage().getByTestId('village-row').count()).toBe(0);

    await file.setInputFiles({
      name: 'danh-sach.xlsx',
      mimeType: XLSX,
      buffer: await roll([
        ['Thôn Nậm Pạu', 'NP01', 'Hoàng Văn Sáng', 'Nậm Pạu'],
        ['Thôn Nậm Pạu', 'NP02', 'Lù Thị Mai', 'Nậm Pạu'],
        ['Thôn Cốc Lầy', 'CL01', 'Đặng Văn Lâm', 'Cốc Lầy'],
        ['Thôn Cốc Lầy', 'CL02', 'Vàng Thị Dung', 'Cốc Lầy'],
      ]),
    });
    await campaignPage().getByTestId('roll-upload').click();
    await campaignPage().getByTestId('roll-imported').waitFor();
    expect(await campaignPage().getByTestId('roll-imported').textContent()).toContain(
      'Đã nhập 4 hộ ở 2 thôn',
    );
    expect(await campaignPage().getByTestId('village-row').count()).toBe(2);
    // The household search ignores accents (server side).
    await campaignPage().getByTestId('household-search').fill('dang van lam');
    await expect.poll(() => campaignPage().getByTestId('household-row').count()).toBe(1);
    expect(await campaignPage().getByTestId('household-row').textContent()).toContain(
      'Đặng Văn Lâm',
    );
  });

  it('opens the campaign and prints the code slips (the codes only in the PDF)', async () => {
    await act('open', 'Đang lấy ý kiến');
    await campaignPage().getByTestId('tab-codes').click();
    // The slips as the browser receives them (read on the way: the codes exist only there).
    let slips: { status: number; type: string; body: Buffer } | null = null;
    const codesUrl = `**/api/v1/surveys/campaigns/${campaignId}/codes`;
    await page.route(codesUrl, async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      slips = { status: response.status(), type: response.headers()['content-type'] ?? '', body };
      await route.fulfill({ response, body });
    });
    await campaignPage().getByTestId('codes-print-all').click();
    await campaignPage().getByTestId('codes-ready').waitFor();
    await page.unroute(codesUrl);
    const printed = slips as { status: number; type: string; body: Buffer } | null;
    expect(printed?.status).toBe(200);
    expect(printed?.type).toContain('application/pdf');
    const text = pdfPages(printed!.body).join('\n');
    codes = [...new Set(text.match(CODE) ?? [])];
    expect(codes).toHaveLength(4);
  });

  it('a household answers with its code on the public page', async () => {
    await as(null, `/khao-sat?ma=${encodeURIComponent(codes[0]!)}`);
    const radios = page.locator('input[type="radio"][value="satisfied"]');
    expect(await radios.count()).toBeGreaterThan(1);
    for (let index = 0; index < (await radios.count()); index++) await radios.nth(index).check();
    await page.getByRole('button', { name: 'Gửi ý kiến của hộ' }).click();
    await page.waitForLoadState('load');
    expect(await page.textContent('body')).toMatch(/xác nhận|cảm ơn/i);
  });

  it('the officer enters a paper form, and a door-to-door form sent twice is counted once', async () => {
    await as(officer, `/khao-sat-y-kien/${campaignId}?muc=nhap`);
    await campaignPage().getByTestId('answer-entry').waitFor();
    // Only households that have not answered are offered: 3 of 4.
    await expect.poll(() => page.getByTestId('entry-household').count()).toBe(3);
    await page.getByTestId('entry-household').first().click();
    await answerForm({ q1: 'opt-dissatisfied', q2: 'opt-blank' });
    await page.getByTestId('entry-submit').click();
    await page.getByTestId('entry-receipt').waitFor();
    expect(await page.getByTestId('entry-receipt').textContent()).toContain('Đã lưu phiếu');

    // Door to door on a phone: the server saves the form, the answer is lost on the way.
    await page.setViewportSize(PHONE_VIEWPORT);
    await page.getByTestId('entry-channel').getByText('Đến từng hộ').click();
    await expect.poll(() => page.getByTestId('entry-household').count()).toBe(2);
    await page.getByTestId('entry-household').first().click();
    await answerForm();
    const sent: string[] = [];
    const answersUrl = `**/api/v1/surveys/campaigns/${campaignId}/answers`;
    await page.route(answersUrl, async (route) => {
      sent.push(route.request().postData() ?? '');
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.getByTestId('entry-submit').click();
    await page.getByTestId('unsaved-form').waitFor();
    expect(await page.getByTestId('unsaved-form').textContent()).toContain('Chưa lưu');
    // Kept on the device with its clientId until the server confirms.
    const kept = await page.evaluate(
      (key) => localStorage.getItem(key),
      `ntm.surveys.drafts.${campaignId}`,
    );
    expect(kept).toContain(clientIdOf(sent[0]));
    await page.unroute(answersUrl);
    page.on('request', (request) => {
      if (request.url().endsWith('/answers') && request.method() === 'POST') {
        sent.push(request.postData() ?? '');
      }
    });
    await page.getByTestId('entry-retry').click();
    await page.getByTestId('entry-receipt').waitFor();
    expect(await page.getByTestId('entry-receipt').textContent()).toContain('đã được lưu trước đó');
    expect(sent).toHaveLength(2);
    expect(clientIdOf(sent[1])).toBe(clientIdOf(sent[0]));
    await page.getByTestId('unsaved-form').waitFor({ state: 'detached' });
    await screenshot(page, 'surveys-door-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the tally counts 3 of 4 households; each rule Đạt or Không đạt as its figure says', async () => {
    await openCampaign('ket-qua');
    const tally = campaignPage().getByTestId('tally-section');
    await tally.waitFor();
    expect(await tally.getByTestId('tally-coverage').textContent()).toContain(
      'Đã lấy ý kiến 3/4 hộ (75%)',
    );
    const api = await apiGet<{
      tally: { rules: Array<{ kind: string; value: number | null; min: number; passed: boolean }> };
      channels: { code: number; paper: number; door: number };
    }>(`/api/v1/surveys/campaigns/${campaignId}/tally`, await apiSession(officer));
    expect(api.channels).toEqual({ code: 1, paper: 1, door: 1 });
    const rows = tally.getByTestId('tally-rule');
    expect(await rows.count()).toBe(api.tally.rules.length);
    for (let index = 0; index < api.tally.rules.length; index++) {
      const rule = api.tally.rules[index]!;
      // The figure is the least one for an "each" rule: it meets the threshold or not.
      expect(rule.passed).toBe(rule.value !== null && rule.value >= rule.min);
      const verdict = await rows.nth(index).getByTestId('rule-passed').textContent();
      expect(verdict).toBe(rule.passed ? 'Đạt' : 'Không đạt');
    }
    // q1: 2 satisfied of 3 answers.
    expect(await tally.getByTestId('tally-questions').textContent()).toContain('66,7%');
    await screenshot(page, 'surveys-tally');
  });

  it('close, tally, post, report to the dossier; the dossier shows the result', async () => {
    await openCampaign('ket-qua');
    await act('close', 'Đã kết thúc lấy ý kiến');
    await act('tally', 'Đã tổng hợp');
    await act('post', 'Đã niêm yết kết quả');
    await campaignPage().getByTestId('tally-section').waitFor();
    expect(await campaignPage().getByTestId('tally-villages').textContent()).toContain('Tải PDF');
    // The posting runs its days, the dossier's own posting its 15 (the server's test clock); the
    // dossier reaches the Front's step: self-assessment, posting, opinions.
    const cookie = await apiSession(officer);
    const posting = await apiGet<{ postedUntil: string | null }>(
      `/api/v1/surveys/campaigns/${campaignId}`,
      cookie,
    );
    const postingDays = posting.postedUntil
      ? Math.ceil((Date.parse(posting.postedUntil) - Date.now()) / 86_400_000) + 1
      : 0;
    await dossierAct(cookie, 'proceed');
    writeFileSync(clockFile, String(Math.max(16, postingDays)));
    await dossierAct(cookie, 'proceed');
    await dossierAct(cookie, 'record_opinion', {
      organisation: 'Ủy ban MTTQ Việt Nam xã',
      summary: 'Nhất trí đề nghị xét, công nhận.',
    });
    await dossierAct(cookie, 'proceed');
    await openCampaign('ket-qua');
    await act('report', 'Đã gửi vào hồ sơ');

    await page.goto(new URL(`/ho-so/${dossierId}`, server.url).href);
    await page.getByTestId('dossier-page').waitFor();
    const recorded = page.getByTestId('satisfaction-recorded');
    await recorded.waitFor();
    const tallied = await apiGet<{ tally: { passed: boolean } }>(
      `/api/v1/surveys/campaigns/${campaignId}/tally`,
      cookie,
    );
    expect(await recorded.textContent()).toContain('lấy ý kiến 75%');
    expect(await recorded.textContent()).toContain(tallied.tally.passed ? '— Đạt' : '— Chưa đạt');
    await screenshot(page, 'surveys-dossier');
    expect(pageErrors).toEqual([]);
    expect(browser.externalRequests).toEqual([]);
  });
});
