import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreSheet } from '../src/domain/ocop/types';
import { launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import { logIn, openPage, prepareArtifacts, screenshot, sidewaysOverflow } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * OCOP, "done when": the producer (demo account) registers a product of the set "Rau, củ, quả,
 * hạt tươi", fills Mẫu 01 and Mẫu 02 (the live total as the domain computes it) and submits; the
 * commune pre-assesses (the rule version's criteria met) and forwards; the province opens a round with a
 * council of three, takes the application in and records one member's conflict — that member's
 * worklist lacks it and its sheet is refused with the conflict message; the two others score 15
 * points apart (above the gap of 10): the province records the discussion and they re-score
 * within the gap; the province decides 4★, the certificate's PDF answers a PDF; the product is
 * in the public catalogue (searched without diacritics) and in the register's CSV export.
 */

const PASSWORD = 'NongThonMoi2025';
const SET = 'rau-cu-qua-hat-tuoi';
const PRODUCT = 'Măng tươi Lâm Giang';
const PRODUCER = 'ocop.htxlamgiang';
const MEMBERS = ['ocop.hoidong1', 'ocop.hoidong2', 'ocop.hoidong3'] as const;

let server: TestServer;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];
let sheet: ScoreSheet;
let applicationId = '';
let applicationReference = '';
let roundId = '';
let productCode = '';

async function apiSession(username: string): Promise<string | null> {
  const response = await fetch(new URL('/api/v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (response.status !== 200) return null;
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

async function apiGet<T>(url: string, cookie?: string): Promise<T> {
  const response = await fetch(new URL(url, server.url), { headers: cookie ? { cookie } : {} });
  expect(response.status, `${url}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
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

/** Picks `label` in the Mantine select whose input carries `testId`. */
async function pick(testId: string, label: string | RegExp, scope = page.locator('body')) {
  await scope.getByTestId(testId).click();
  await page.getByRole('option', { name: label }).first().click();
}

/**
 * Choices on the sheet giving about `target` points: every criterion at its best option, then,
 * from the last criterion back, the lowest option that does not disqualify while the total stays
 * at or above the target; criteria a star level requires keep their best option (no star held
 * back). Returns the choices and their total (as the domain adds them).
 */
function choicesFor(target: number): { choices: Record<string, string>; total: number } {
  const criteria = sheet.parts.flatMap((part) =>
    part.sections.flatMap((section) => section.criteria),
  );
  const choices: Record<string, string> = {};
  let total = 0;
  for (const criterion of criteria) {
    const best = [...criterion.options].sort((a, b) => b.points - a.points)[0]!;
    choices[criterion.code] = best.code;
    total += best.points;
  }
  for (const criterion of [...criteria].reverse()) {
    if (criterion.requirements?.length) continue;
    const best = criterion.options.find((option) => option.code === choices[criterion.code])!;
    const lower = criterion.options
      .filter((option) => !option.disqualifies && option.points < best.points)
      .sort((a, b) => a.points - b.points);
    for (const option of lower) {
      if (total - best.points + option.points >= target) {
        total = total - best.points + option.points;
        choices[criterion.code] = option.code;
        break;
      }
    }
  }
  return { choices, total: Math.round(total * 100) / 100 };
}

/** Clicks the choices on the sheet form shown (one radio per criterion). */
async function fillSheet(form: string, choices: Record<string, string>): Promise<void> {
  const scope = page.getByTestId(form);
  for (const criterion of sheet.parts.flatMap((part) =>
    part.sections.flatMap((section) => section.criteria),
  )) {
    const index = criterion.options.findIndex((option) => option.code === choices[criterion.code]);
    await scope.getByTestId(`option-${criterion.code}-${index}`).check();
  }
}

/** Waits for `done` in `scope`, or fails with the refusal the page shows instead. */
async function settle(done: ReturnType<Page['locator']>, scope = page.locator('body')) {
  const refused = scope.getByTestId('action-error').or(scope.getByTestId('conflict')).first();
  await Promise.race([done.waitFor(), refused.waitFor()]);
  if (await refused.isVisible()) throw new Error(`refused: ${await refused.textContent()}`);
}

const totalShown = async () =>
  (await page.getByTestId('sheet-total-points').first().textContent())?.trim() ?? '';
const vnNumber = (value: number) => new Intl.NumberFormat('vi-VN').format(value);

async function scoreAs(member: string, choices: Record<string, string> | null): Promise<void> {
  await as(member, `/ocop/dot/${roundId}/cham/${applicationId}`);
  await page.getByTestId('score-form').waitFor();
  if (choices) await fillSheet('score-form', choices);
  await page.getByTestId('score-submit').click();
  await settle(page.getByTestId('score-submitted'));
}

describe('OCOP from the application to the public catalogue, in the browser', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    // The walk signs in some 30 times within a minute or two (the default limit is 20 a minute).
    server = await startTestServer({ env: { NTM_LOGIN_RATE_PER_MINUTE: '1000' } });
    browser = await launchBrowser();
    const sheets = await apiGet<{ items: Array<{ id: string; body: ScoreSheet }> }>(
      `/api/v1/ocop/sheets?set=${SET}&state=published`,
      (await apiSession('admin')) ?? '',
    );
    expect(sheets.items.length).toBeGreaterThan(0);
    sheet = sheets.items[0]!.body;
    for (const username of [PRODUCER, ...MEMBERS]) {
      expect(await apiSession(username), `demo account ${username}`).not.toBeNull();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the producer registers a product, fills Mẫu 01 and Mẫu 02 and submits', async () => {
    page = await openPage(browser, server, '/', pageErrors);
    page.setDefaultTimeout(20_000);
    await as(PRODUCER, '/ocop');
    await page.getByTestId('register-product').click();
    await page.getByTestId('product-form').waitFor();
    await page.getByTestId('product-name').fill(PRODUCT);
    // The set from the catalogue tree of the rule version in force: sector → group → set.
    const rules = await apiGet<{
      items: Array<{
        code: string;
        catalogue: Array<{
          name: string;
          groups: Array<{ name: string; sets: Array<{ code: string; name: string }> }>;
        }>;
      }>;
    }>('/api/v1/ocop/rules');
    const version = rules.items.find((item) => item.code === sheet.ruleVersion)!;
    const sector = version.catalogue.find((item) =>
      item.groups.some((group) => group.sets.some((set) => set.code === SET)),
    )!;
    const group = sector.groups.find((item) => item.sets.some((set) => set.code === SET))!;
    await pick('product-sector', sector.name);
    await pick('product-group', group.name);
    await pick('product-set', group.sets.find((set) => set.code === SET)!.name);
    await page.getByTestId('product-description').fill('Măng tre bát độ tươi, thu hái trong ngày.');
    await page.getByTestId('product-submit').click();
    await page.waitForURL((url) => url.pathname === '/ocop/ho-so/dang-ky');
    await page.getByTestId('application-form').waitFor();

    await page.getByTestId('application-summary').fill('Hợp tác xã 25 thành viên, 12 ha măng.');
    await page.getByTestId('application-workers').fill('25');
    const self = choicesFor(80);
    await fillSheet('form-02', self.choices);
    // The running total is the domain's own sum, shown as it is filled.
    expect(await totalShown()).toBe(vnNumber(self.total));
    expect(await page.getByTestId('sheet-stars').getAttribute('data-stars')).toBe('4');
    await screenshot(page, 'ocop-self-assessment');
    await page.getByTestId('application-submit').click();
    await page.waitForURL((url) => /^\/ocop\/ho-so\/[0-9a-f-]{36}$/.test(url.pathname));
    applicationId = new URL(page.url()).pathname.split('/').pop()!;
    await expect
      .poll(() => page.getByTestId('application-state').first().textContent())
      .toBe('Đã nộp');
    applicationReference = (await page.getByTestId('application-reference').textContent()) ?? '';
    expect(applicationReference).toMatch(/^OCOP-/);
  });

  it('the commune pre-assesses (each criterion of the rule version met) and forwards', async () => {
    await as('xa.lamgiang', `/ocop/ho-so/${applicationId}`);
    const panel = page.getByTestId('preassessment-panel');
    await panel.waitFor();
    // The criteria of the application's rule version (none under 26/2026, four under 1489/2025).
    const rules = await apiGet<{ preassessmentCriteria: Array<{ code: string }> }>(
      `/api/v1/ocop/rules/${sheet.ruleVersion}`,
    );
    for (const criterion of rules.preassessmentCriteria) {
      await panel.getByTestId(`preassess-${criterion.code}`).getByTestId('preassess-met').check();
    }
    await panel.getByTestId('preassess-conclusion').fill('Đủ điều kiện, đề nghị tỉnh đánh giá.');
    await panel.getByTestId('preassess-forward').click();
    await settle(page.getByTestId('preassessment-done'));
    expect(await page.getByTestId('preassessment-forwarded').textContent()).toBe(
      'Đã chuyển lên tỉnh',
    );
  });

  it('the commune officer registers a producer through the form, the commune picked by name', async () => {
    await as('xa.lamgiang', '/ocop');
    await page.getByTestId('create-producer').click();
    const form = page.getByTestId('create-producer-form');
    await form.getByTestId('producer-name').fill('Tổ hợp tác Mật ong Khe Dứa');
    await form.getByTestId('producer-commune').fill('lam giang');
    await page.getByRole('option', { name: /^Xã Lâm Giang — Tỉnh Lào Cai/ }).click();
    await form.getByTestId('producer-submit').click();
    await form.waitFor({ state: 'detached' });
    // Registered in the officer's commune (their scope is Lâm Giang, province 15); the API is
    // asked in the browser's session (no extra sign-in against the login rate limit).
    const producers = await page.request.get(
      new URL(`/api/v1/ocop/producers?q=${encodeURIComponent('mat ong khe dua')}`, server.url).href,
    );
    expect(producers.status()).toBe(200);
    expect(((await producers.json()) as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        name: 'Tổ hợp tác Mật ong Khe Dứa',
        kind: 'cooperative',
        provinceCode: '15',
      }),
    ]);
  });

  it("a new application submitted with Mẫu 02 unfilled lands in the draft with the server's reason", async () => {
    await as(PRODUCER, '/ocop');
    const producers = await page.request.get(new URL('/api/v1/ocop/producers', server.url).href);
    const [producer] = ((await producers.json()) as { items: Array<{ id: string }> }).items;
    const created = await page.request.post(new URL('/api/v1/ocop/products', server.url).href, {
      headers: { origin: server.url },
      data: { producerId: producer!.id, name: 'Gừng tươi Lâm Giang', setCode: SET },
    });
    expect(created.status(), await created.text()).toBe(201);
    const product = (await created.json()) as { id: string };
    await page.goto(new URL(`/ocop/ho-so/dang-ky?san-pham=${product.id}`, server.url).href);
    await page.getByTestId('application-summary').fill('Hộ trồng gừng, 2 ha.');
    await page.getByTestId('application-submit').click();
    await page.waitForURL((url) => /^\/ocop\/ho-so\/[0-9a-f-]{36}$/.test(url.pathname));
    const refused = page.getByTestId('submit-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Phiếu tự đánh giá còn');
    expect(await page.getByTestId('application-state').first().textContent()).toBe('Đang soạn');
  });

  it('the province opens a round, a council of three, takes the application in, records a conflict', async () => {
    await as('tinh.laocai', '/ocop');
    await page.getByTestId('create-round').click();
    const form = page.getByTestId('create-round-form');
    await form.getByTestId('round-name').fill('Đợt đánh giá OCOP e2e');
    const cutoff = new Date(Date.now() + 30 * 86_400_000);
    await form
      .getByTestId('round-cutoff')
      .fill(
        `${String(cutoff.getUTCDate()).padStart(2, '0')}/${String(cutoff.getUTCMonth() + 1).padStart(2, '0')}/${cutoff.getUTCFullYear()}`,
      );
    await form.getByTestId('round-submit').click();
    await page.waitForURL((url) => /^\/ocop\/dot\/[0-9a-f-]{36}$/.test(url.pathname));
    roundId = new URL(page.url()).pathname.split('/').pop()!;

    const council = page.getByTestId('council-editor');
    for (const member of MEMBERS) {
      await council.getByTestId('council-search').fill(member);
      await page.getByRole('option', { name: new RegExp(member.replace('.', '\\.')) }).click();
    }
    expect(await council.getByTestId('council-member').count()).toBe(3);
    await council.getByTestId('council-save').click();
    await settle(council.getByTestId('council-saved'), council);

    const take = page.getByTestId('take-applications');
    await take.locator(`[data-reference="${applicationReference}"]`).check();
    await take.getByTestId('take-submit').click();
    await settle(
      page.locator(`[data-testid="round-application"][data-reference="${applicationReference}"]`),
    );
    await page
      .locator(`[data-testid="round-application"][data-reference="${applicationReference}"]`)
      .waitFor();

    // The third member is conflicted with this application.
    const conflicts = page.getByTestId('conflicts');
    const third = await apiGet<{ displayName: string }>(
      '/api/v1/auth/me',
      (await apiSession(MEMBERS[2])) ?? '',
    );
    await pick('conflict-member', third.displayName, conflicts);
    await pick('conflict-application', new RegExp(applicationReference), conflicts);
    await conflicts.getByTestId('conflict-reason').fill('Là thành viên hợp tác xã đăng ký');
    await conflicts.getByTestId('conflict-submit').click();
    await settle(conflicts.getByTestId('conflict-row'), conflicts);
  });

  it('the conflicted member sees no sheet for it; a direct address is refused in words', async () => {
    await as(MEMBERS[2], `/ocop/dot/${roundId}`);
    await page.getByTestId('ocop-round-page').waitFor();
    await page.getByRole('heading', { name: 'Phiếu chấm của tôi' }).waitFor();
    expect(
      await page
        .locator(`[data-testid="my-sheet"][data-reference="${applicationReference}"]`)
        .count(),
    ).toBe(0);
    await page.goto(new URL(`/ocop/dot/${roundId}/cham/${applicationId}`, server.url).href);
    const refused = page.getByTestId('score-conflicted');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('xung đột lợi ích');
  });

  it('two members score 15 points apart; the province records the discussion; they re-score', async () => {
    const high = choicesFor(85);
    const low = choicesFor(70);
    expect(high.total - low.total).toBeGreaterThan(10);
    await as(MEMBERS[0], `/ocop/dot/${roundId}`);
    await page
      .locator(`[data-testid="my-sheet"][data-reference="${applicationReference}"]`)
      .waitFor();
    await scoreAs(MEMBERS[0], high.choices);
    // Nobody else's sheet before every member has submitted.
    await page.getByTestId('others-hidden').waitFor();
    await scoreAs(MEMBERS[1], low.choices);

    await as('tinh.laocai', `/ocop/dot/${roundId}`);
    const card = page.locator(
      `[data-testid="round-application"][data-reference="${applicationReference}"]`,
    );
    await card.getByTestId('discussion-form').waitFor();
    expect(await card.getByTestId('round-application-status').textContent()).toContain('2/2');
    await card
      .getByTestId('discussion-minutes')
      .fill('Hội đồng thống nhất lại mức chấm tiêu chí thị trường và liên kết sản xuất.');
    await card.getByTestId('discussion-submit').click();
    await settle(card.getByTestId('discussion-record'), card);

    const second = choicesFor(80);
    expect(Math.abs(high.total - second.total)).toBeLessThanOrEqual(10);
    await scoreAs(MEMBERS[0], null);
    await scoreAs(MEMBERS[1], second.choices);
    await page.getByTestId('others-scores').waitFor();
  });

  it('the province decides 4★ and the certificate answers a PDF', async () => {
    await as('tinh.laocai', `/ocop/dot/${roundId}`);
    const card = page.locator(
      `[data-testid="round-application"][data-reference="${applicationReference}"]`,
    );
    const form = card.getByTestId('decision-form');
    await form.waitFor();
    await form.getByTestId('decision-number').fill('1234/QĐ-UBND');
    const today = new Date();
    await form
      .getByTestId('decision-date')
      .fill(
        `${String(today.getDate()).padStart(2, '0')}/${String(today.getMonth() + 1).padStart(2, '0')}/${today.getFullYear()}`,
      );
    await form.getByTestId('decision-signer').fill('Nguyễn Văn Hùng');
    await pick('decision-stars', '★★★★', form);
    await form.getByTestId('decision-submit').click();
    const link = card.getByTestId('certificate-pdf');
    await settle(link, card);
    const href = (await link.getAttribute('href')) ?? '';
    const pdf = await fetch(new URL(href, server.url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('the product is in the public catalogue (searched without diacritics) and in the export', async () => {
    await as(null, '/san-pham-ocop');
    await page.getByTestId('ocop-catalogue-page').waitFor();
    await page.getByTestId('catalogue-search').fill('mang tuoi lam giang');
    const card = page.getByTestId('catalogue-card').filter({ hasText: PRODUCT });
    await card.waitFor();
    expect(await card.getByTestId('stars').getAttribute('data-stars')).toBe('4');
    productCode = (await card.getAttribute('data-code')) ?? '';
    await card.click();
    await page.getByTestId('ocop-product-page').waitFor();
    expect(await page.getByTestId('product-name').textContent()).toBe(PRODUCT);
    expect(await page.getByTestId('product-validity').textContent()).toMatch(
      /Hiệu lực từ \d{2}\/\d{2}\/\d{4} đến \d{2}\/\d{2}\/\d{4}/,
    );
    await screenshot(page, 'ocop-product');

    const csv = await fetch(new URL('/api/v1/ocop/export.csv?format=ptnt_ocop', server.url));
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(PRODUCT);
    expect(text).toContain(productCode);

    // On a phone (360 px): one column, nothing scrolls sideways.
    await page.setViewportSize(PHONE_VIEWPORT);
    await page.goto(new URL(`/san-pham-ocop?q=mang%20tuoi`, server.url).href);
    await page.getByTestId('catalogue-card').first().waitFor();
    await expect.poll(() => sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'ocop-catalogue-phone');
    await as('ocop.htxlamgiang', `/ocop/ho-so/${applicationId}`);
    await page.getByTestId('application-reference').waitFor();
    await expect.poll(() => sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'e2e/artifacts/ocop-application-phone.png' });
    expect(pageErrors).toEqual([]);
  });

  it('the administrator imports a sheet from YAML (its problems listed first), previews the draft and publishes it', async () => {
    const code = 'rau-cu-qua-hat-tuoi-26-2026-e2e';
    const yaml = readFileSync('data/ocop/sheets/rau-cu-qua-hat-tuoi-26-2026.yaml', 'utf8').replace(
      /^code: .*$/m,
      `code: ${code}`,
    );
    await as('admin', '/ocop');
    // The office's OCOP figures: the product certified above counts among the 4★.
    const fourStars = page.getByTestId('ocop-stats').getByTestId('ocop-stats-stars-4');
    expect(Number(await fourStars.getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    await page.getByTestId('open-sheets').click();
    await page.getByTestId('ocop-sheets-page').waitFor();
    const fileInput = page.getByTestId('ocop-sheets-page').locator('input[type="file"]');
    // A sheet under a rule version that does not exist: every problem listed, nothing saved.
    await fileInput.setInputFiles({
      name: 'broken.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(yaml.replace(/^ruleVersion: .*$/m, 'ruleVersion: 99-2099')),
    });
    await page.getByTestId('sheet-problem').first().waitFor();
    expect(await page.getByTestId('sheet-problems').textContent()).toContain('99-2099');
    await fileInput.setInputFiles({
      name: `${code}.yaml`,
      mimeType: 'application/yaml',
      buffer: Buffer.from(yaml),
    });
    await settle(page.getByTestId('sheet-imported'));
    const preview = page.locator(`[data-testid="sheet-preview"][data-code="${code}"]`);
    await preview.waitFor();
    expect(await preview.getByTestId('sheet-unverified').isVisible()).toBe(true);
    const row = page.locator(`[data-testid="sheet-row"][data-code="${code}"]`);
    expect(await row.getAttribute('data-state')).toBe('draft');
    expect(await row.getByTestId('sheet-unverified-badge').textContent()).toBe(
      'Chưa xác minh điểm',
    );

    await preview.getByTestId('sheet-publish').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('không thể sửa');
    await dialog.getByTestId('sheet-publish-confirm').click();
    await page
      .locator(`[data-testid="sheet-row"][data-code="${code}"][data-state="published"]`)
      .waitFor();
    await expect.poll(() => sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const sheets = await apiGet<{ items: Array<{ code: string; state: string }> }>(
      `/api/v1/ocop/sheets?state=published`,
      (await apiSession('admin')) ?? '',
    );
    expect(sheets.items.map((item) => item.code)).toContain(code);
    expect(pageErrors).toEqual([]);
  });
});
