import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser';
import type { TestBrowser } from './support/browser';
import { logIn, openPage, prepareArtifacts, screenshot } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

/**
 * Issue 12, "done when": in the demo province (Lào Cai), the officer of the demo commune that meets
 * every criterion and has no dossier yet runs the whole 131/2025 procedure in the browser — opening,
 * public posting with a citizen's comment answered, opinions, the Front's paper report, the
 * checklist, the conditions — the province returns it once with a reason on a criterion, the
 * commune sends it again, the province verifies, the sector appraises, the appraiser records the
 * council, the province records the numbered decision and publishes it (PDF downloaded). The public
 * page shows the posting, the answered comment and the decision; the register lists the commune.
 * Then the province opens the revocation flagged on the demo recognition (2150/QĐ-UBND), runs it
 * to a published revocation decision, and the register shows it revoked. The targets count the
 * recognised communes.
 *
 * One browser; each role signs in in turn (cookies cleared between), a guest has no cookie. The
 * 15-day posting ends by the server's test clock (NTM_TEST_CLOCK_FILE, +16 days).
 */

const PASSWORD = 'NongThonMoi2025';
const PROVINCE = 'tinh.laocai';
const SECTOR = 'so.laocai';
const APPRAISER = 'thamdinh.laocai';
const DECISION = '3001/QĐ-UBND';
const REVOCATION = '3002/QĐ-UBND';
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>' +
    'endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let clockDir: string;
let clockFile: string;
const pageErrors: string[] = [];
/** The ready commune: its officer, code and name; the dossier opened for it. */
let officer = '';
let communeName = '';
let dossierId = '';
let commentBody = '';
let revocationId = '';

/** A session of its own for calls made outside the browser (they name the origin). */
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
  const response = await fetch(new URL(url, server.url), {
    headers: cookie ? { cookie } : {},
  });
  expect(response.status, url).toBe(200);
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

const dossierPage = () => page.getByTestId('dossier-page');
const version = async () => Number(await dossierPage().getAttribute('data-version'));
const step = () => page.getByTestId('dossier-step').textContent();

/** Runs `change` and waits until the dossier page shows a newer version. */
async function changes(change: () => Promise<void>): Promise<void> {
  await dossierPage().waitFor();
  const before = await version();
  await change();
  try {
    await expect.poll(version, { timeout: 15_000 }).toBeGreaterThan(before);
  } catch (error) {
    // What the page said instead (a refusal, a field's error), and how it looked.
    await screenshot(page, 'recognition-failure');
    const said = await page
      .locator('[role="alert"], .mantine-InputWrapper-error')
      .allTextContents();
    throw new Error(`no change (${said.join(' | ')})`, { cause: error });
  }
}

async function openDossier(id: string): Promise<void> {
  await page.goto(new URL(`/ho-so/${id}`, server.url).href);
  await dossierPage().waitFor();
}

/** Chooses an option of a Mantine select (its input carries the test id or the label). */
async function choose(input: ReturnType<Page['getByTestId']>, option: string | RegExp) {
  await input.click();
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
}

async function upload(documentCode: string): Promise<void> {
  await changes(() =>
    page.getByTestId(`upload-${documentCode}`).setInputFiles({
      name: `${documentCode}.pdf`,
      mimeType: 'application/pdf',
      buffer: pdf,
    }),
  );
}

/** A decision of the step (proceed, publish): its button, then the modal's confirmation. */
async function decide(type: 'proceed' | 'publish'): Promise<void> {
  await changes(async () => {
    await page.getByTestId(`action-${type}`).click();
    const modal = page.getByTestId(`decision-modal-${type}`);
    await modal.getByTestId('decision-confirm').click();
    // Either the modal closes (done) or it tells why not: a refusal fails the test with its text.
    const refused = modal.getByTestId('action-error');
    await Promise.race([modal.waitFor({ state: 'detached' }), refused.waitFor()]);
    if (await refused.isVisible())
      throw new Error(`${type} refused: ${await refused.textContent()}`);
  });
}

async function declare(condition: string): Promise<void> {
  const form = page.getByTestId(`declare-${condition}`);
  await changes(async () => {
    await form.getByText('Có, bảo đảm', { exact: true }).click();
    await form.getByRole('button', { name: 'Ghi khai báo' }).click();
  });
}

async function recordDecision(number: string, day: string): Promise<void> {
  const form = page.getByTestId('decision-form');
  await form.getByTestId('decision-number').fill(number);
  await form.getByTestId('decision-issued').fill(day);
  await form.getByTestId('decision-signer').fill('Nguyễn Văn Hùng');
  await form.getByTestId('decision-signer-title').fill('Phó Chủ tịch');
  await form.getByTestId('decision-effective').fill(day);
  await changes(() => form.getByTestId('decision-save').click());
  await page.getByTestId('decision-pdf').waitFor();
}

describe('a commune recognised in the browser, and a recognition revoked', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    clockDir = mkdtempSync(path.join(tmpdir(), 'ntm-e2e-clock-'));
    clockFile = path.join(clockDir, 'days');
    writeFileSync(clockFile, '0');
    server = await startTestServer({ env: { NTM_TEST_CLOCK_FILE: clockFile } });
    browser = await launchBrowser();

    // The demo officers (xa.demo.<code>); the ready commune is the one without a dossier.
    const admin = await apiSession('admin');
    const users = await apiGet<{ items: Array<{ username: string }> }>(
      '/api/v1/users?q=xa.demo&pageSize=50',
      admin,
    );
    const officers = users.items
      .map((user) => user.username)
      .filter((name) => /^xa\.demo\./.test(name));
    expect(officers).toHaveLength(5);
    for (const candidate of officers) {
      const cookie = await apiSession(candidate);
      const own = await apiGet<{ items: unknown[] }>('/api/v1/dossiers', cookie);
      if (own.items.length === 0) officer = candidate;
    }
    expect(officer).not.toBe('');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (clockDir) rmSync(clockDir, { recursive: true, force: true });
  });

  it('the commune opens its dossier and posts it; a guest comments; the officer answers', async () => {
    page = await openPage(browser, server, '/', pageErrors);
    page.setDefaultTimeout(15_000);
    await as(officer, '/ho-so');
    await page.getByTestId('dossiers-page').waitFor();
    await page.getByTestId('open-dossier').click();
    const form = page.getByTestId('open-dossier-form');
    await form.waitFor();
    expect(await form.getByTestId('open-kind').inputValue()).toBe('Xã đạt chuẩn nông thôn mới');
    await choose(form.getByTestId('open-year'), '2025');
    await form.getByTestId('open-dossier-submit').click();
    await page.waitForURL((url) => /^\/ho-so\/[^/]+$/.test(url.pathname));
    await dossierPage().waitFor();
    dossierId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    communeName = ((await page.getByTestId('dossier-unit').textContent()) ?? '').split(',')[0]!;
    expect(communeName).toMatch(/^Xã /);
    expect(await step()).toBe('Xã tự đánh giá kết quả thực hiện các tiêu chí');

    await decide('proceed');
    expect(await step()).toBe('Niêm yết công khai kết quả tự đánh giá');
    expect(await page.getByTestId('posting').textContent()).toContain('Đang nhận ý kiến');

    // A guest, no login: the public page of the posting and its comment form.
    await as(null, `/cong-khai/ho-so/${dossierId}`);
    await page.getByTestId('public-posting').waitFor();
    commentBody = `Đường vào thôn Nậm Pạu còn lầy lội khi mưa (${Date.now()}).`;
    await page.getByTestId('comment-name').fill('Hoàng Văn Sáng');
    await page.getByTestId('comment-body').fill(commentBody);
    await page.getByTestId('comment-send').click();
    await page.getByTestId('comment-sent').waitFor();
    // Moderated: not shown before the commune publishes it.
    expect(await page.getByTestId('public-comments').textContent()).not.toContain(commentBody);

    // The officer publishes it with an answer.
    await as(officer, `/ho-so/${dossierId}`);
    const comment = page.getByTestId('comment').filter({ hasText: commentBody });
    await comment.getByTestId('comment-answer').fill('Xã đã đưa tuyến đường vào kế hoạch quý I.');
    await comment.getByTestId('comment-publish').click();
    await comment.getByTestId('comment-publish').waitFor({ state: 'detached' });
    expect(await comment.textContent()).toContain('Xã đã đưa tuyến đường vào kế hoạch quý I.');
  });

  it('after the posting: opinions, the Front’s paper report, the checklist, conditions; sent', async () => {
    // The posting cannot be cut short...
    await page.getByTestId('action-proceed').click();
    const modal = page.getByTestId('decision-modal-proceed');
    await modal.getByTestId('decision-confirm').click();
    expect(await modal.getByTestId('refusals').textContent()).toContain(
      'Thời gian niêm yết công khai chưa kết thúc',
    );
    await modal.getByRole('button', { name: 'Hủy', exact: true }).click();
    await modal.waitFor({ state: 'detached' });
    // ...until 16 days have passed (the server's test clock).
    writeFileSync(clockFile, '16');
    await openDossier(dossierId);
    expect(await page.getByTestId('posting').textContent()).toContain('Đã hết thời gian niêm yết');
    await decide('proceed');
    expect(await step()).toBe('Lấy ý kiến của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội');

    await page.getByTestId('opinion-organisation').fill('Ủy ban MTTQ Việt Nam xã');
    await page.getByTestId('opinion-summary').fill('Nhất trí đề nghị xét, công nhận.');
    await changes(() => page.getByTestId('opinion-save').click());
    expect(await page.getByTestId('opinion-form').textContent()).toContain('Nhất trí đề nghị');
    await decide('proceed');
    expect(await step()).toBe('Lấy ý kiến sự hài lòng của người dân (do Ủy ban MTTQ tổ chức)');

    // The Front's report from paper: the file, then the figures (comma decimals).
    await upload('bao_cao_mttq');
    await page.getByTestId('satisfaction-coverage').fill('86,5');
    await page.getByTestId('satisfaction-satisfied').fill('95,2');
    await page.getByTestId('satisfaction-passed').getByText('Đạt', { exact: true }).click();
    await choose(page.getByTestId('satisfaction-file'), /^bao_cao_mttq\.pdf/);
    await changes(() => page.getByTestId('satisfaction-save').click());
    await page.getByTestId('satisfaction-recorded').waitFor();
    await decide('proceed');
    expect(await step()).toBe('Hoàn thiện hồ sơ, đề nghị UBND tỉnh xét, công nhận');

    for (const code of [
      'to_trinh',
      'bao_cao_tieu_chi',
      'bao_cao_no_dong',
      'bien_ban_hop',
      'bao_cao_hai_long',
    ]) {
      await upload(code);
    }
    await declare('no_construction_debt');
    await declare('no_security_issue');
    await decide('proceed');
    expect(await step()).toMatch(/^Cấp tỉnh thẩm tra/);
    await screenshot(page, 'recognition-sent');
  });

  it('the province returns it with a reason on a criterion; the commune sends it again', async () => {
    await as(PROVINCE, '/viec-cua-toi');
    const item = page.getByTestId('inbox-item').filter({ hasText: communeName });
    await item.getByRole('link').click();
    await dossierPage().waitFor();
    await changes(async () => {
      await page.getByTestId('action-return').click();
      const row = page.getByTestId('return-criterion').first();
      await choose(row.getByLabel('Tiêu chí 1', { exact: true }), 'Giao thông');
      await row
        .getByLabel('Nội dung cần bổ sung 1', { exact: true })
        .fill('Thiếu biên bản nghiệm thu đường trục thôn');
      await page.getByTestId('decision-reason').fill('Bổ sung minh chứng tiêu chí Giao thông');
      await page.getByTestId('decision-confirm').click();
    });
    expect(await step()).toBe('Hoàn thiện hồ sơ, đề nghị UBND tỉnh xét, công nhận');

    await as(officer, `/ho-so/${dossierId}`);
    const returned = await page.getByTestId('last-return').textContent();
    expect(returned).toContain('Bổ sung minh chứng tiêu chí Giao thông');
    expect(returned).toContain('Thiếu biên bản nghiệm thu đường trục thôn');
    await decide('proceed');
    expect(await step()).toMatch(/^Cấp tỉnh thẩm tra/);
  });

  it('verified, appraised, voted, decided with its PDF and published', async () => {
    await as(PROVINCE, `/ho-so/${dossierId}`);
    await upload('bao_cao_tham_tra');
    await decide('proceed');
    expect(await step()).toBe('Các sở, ngành thẩm định các tiêu chí thuộc lĩnh vực phụ trách');

    // The sector: criterion 1 in the page; the other 18 through the API (same action, tedious).
    await as(SECTOR, `/ho-so/${dossierId}`);
    const first = page.getByTestId('review-table').locator('tbody tr').first();
    const firstCode = ((await first.getAttribute('data-testid')) ?? '').replace('review-', '');
    await choose(first.getByTestId(`review-${firstCode}-verdict`), 'Đạt');
    await changes(() => first.getByTestId(`review-${firstCode}-save`).click());
    const sector = await apiSession(SECTOR);
    let detail = await apiGet<{ version: number; criteria: Array<{ code: string }> }>(
      `/api/v1/dossiers/${dossierId}`,
      sector,
    );
    for (const criterion of detail.criteria.filter((item) => item.code !== firstCode)) {
      const response = await fetch(new URL(`/api/v1/dossiers/${dossierId}/actions`, server.url), {
        method: 'POST',
        headers: { cookie: sector, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'review_criterion',
          version: detail.version,
          payload: { criterion: criterion.code, verdict: 'pass' },
        }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      detail = (await response.json()) as typeof detail;
    }
    await openDossier(dossierId);
    await decide('proceed');
    expect(await step()).toBe('Hội đồng thẩm định cấp tỉnh họp và biểu quyết');

    // The appraiser records the council's session and vote.
    await as(APPRAISER, `/ho-so/${dossierId}`);
    const council = page.getByTestId('council-form');
    await council.getByTestId('council-date').fill('20/11/2025');
    const members: Array<[string, string]> = [
      ['Vũ Thị Hoa', 'Phó Chủ tịch UBND tỉnh'],
      ['Lê Văn Cường', 'Giám đốc Sở Nông nghiệp và Môi trường'],
    ];
    for (const [index, [name, position]] of members.entries()) {
      if (index > 0) await council.getByTestId('council-add-member').click();
      await council.getByLabel(`Họ và tên ${index + 1}`, { exact: true }).fill(name);
      await council.getByLabel(`Chức vụ ${index + 1}`, { exact: true }).fill(position);
      await choose(council.getByLabel(`Biểu quyết ${index + 1}`, { exact: true }), 'Tán thành');
    }
    expect(await council.getByTestId('council-share').textContent()).toContain('2/2');
    await changes(() => council.getByTestId('council-save').click());
    await decide('proceed');
    expect(await step()).toBe('Chủ tịch UBND tỉnh quyết định công nhận');

    // The province's decision, its PDF, the publication.
    await as(PROVINCE, `/ho-so/${dossierId}`);
    await recordDecision(DECISION, '05/12/2025');
    await decide('proceed');
    expect(await step()).toBe('Công bố xã đạt chuẩn');
    await decide('publish');
    const href = await page.getByTestId('decision-pdf').getAttribute('href');
    expect(href).toBeTruthy();
    const file = await page.request.get(new URL(href!, server.url).href);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'recognition-published');
  });

  it('the public page shows the posting, the answered comment and the decision; the register lists it', async () => {
    await as(null, `/cong-khai/ho-so/${dossierId}`);
    await page.getByTestId('public-posting').waitFor();
    expect(await page.getByTestId('public-posting').textContent()).toMatch(
      /\d{2}\/\d{2}\/\d{4}.*\d{2}\/\d{2}\/\d{4}/,
    );
    const comments = (await page.getByTestId('public-comments').textContent()) ?? '';
    expect(comments).toContain(commentBody);
    expect(comments).toContain('Xã đã đưa tuyến đường vào kế hoạch quý I.');
    expect(await page.getByTestId('decision').textContent()).toContain(DECISION);
    // The decision is public once published.
    const href = await page.getByTestId('decision-pdf').getAttribute('href');
    const file = await page.request.get(new URL(href!, server.url).href);
    expect(file.status()).toBe(200);
    await screenshot(page, 'recognition-public');

    await page.goto(new URL('/cong-nhan?tinh=15', server.url).href);
    const row = page.getByTestId('register-row').filter({ hasText: DECISION });
    await row.waitFor();
    expect(await row.textContent()).toContain(communeName);
  });

  it('the flagged revocation is opened from the inbox and run to a published decision', async () => {
    await as(PROVINCE, '/viec-cua-toi');
    const alert = page.getByTestId('inbox-alert').first();
    await alert.waitFor();
    await alert.getByTestId('open-revocation').click();
    await page
      .getByTestId('revocation-reason')
      .fill('Số liệu năm 2025 cho thấy xã không còn đạt 10 tiêu chí (Điều 23, 18/2022/QĐ-TTg).');
    await page.getByTestId('revocation-submit').click();
    await page.waitForURL((url) => /^\/ho-so\/[^/]+$/.test(url.pathname));
    await dossierPage().waitFor();
    revocationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    expect(revocationId).not.toBe(dossierId);
    expect(await page.getByTestId('dossier-header').textContent()).toContain(
      'Thu hồi quyết định công nhận',
    );

    expect(await step()).toMatch(/^Rà soát/);
    await upload('bao_cao_ra_soat');
    await decide('proceed');
    expect(await step()).toMatch(/^Lấy ý kiến/);
    await upload('bien_ban_hop');
    await decide('proceed');
    expect(await step()).toMatch(/^Trình Chủ tịch/);
    await upload('to_trinh');
    await decide('proceed');
    expect(await step()).toBe('Chủ tịch UBND tỉnh quyết định thu hồi');
    await recordDecision(REVOCATION, '10/03/2026');
    expect(await page.getByTestId('decision').textContent()).toContain('2150/QĐ-UBND');
    await decide('proceed');
    expect(await step()).toBe('Công bố việc thu hồi');
    await decide('publish');

    // The register: the demo recognition revoked, the new one standing.
    await as(null, '/cong-nhan?tinh=15');
    const revoked = page.getByTestId('register-row').filter({ hasText: '2150/QĐ-UBND' });
    await revoked.getByTestId('revoked').waitFor();
    expect(await revoked.getByTestId('revoked').textContent()).toBe('Đã thu hồi');
    expect(await revoked.textContent()).toContain(REVOCATION);
    const standing = page.getByTestId('register-row').filter({ hasText: DECISION });
    expect(await standing.getByTestId('revoked').count()).toBe(0);
    await screenshot(page, 'recognition-register');
  });

  it('the dashboard and the targets count the recognised communes', async () => {
    const register = await apiGet<{
      items: Array<{ unit: { code: string }; decision: { number: string }; revoked: unknown }>;
    }>('/api/v1/recognitions?province=15&year=2025');
    const standing = register.items.filter((item) => !item.revoked);
    expect(standing.map((item) => item.decision.number)).toContain(DECISION);

    // The province's dashboard for 2025: communes recognised by a decision in force on 31/12/2025
    // (the new one, and the demo one: its revocation takes effect in 2026), as the API says.
    const cookie = await apiSession(PROVINCE);
    const summary = await apiGet<{ recognised: { count: number } | null }>(
      '/api/v1/stats/summary?unit=15&year=2025',
      cookie,
    );
    expect(summary.recognised?.count).toBe(2);
    await as(PROVINCE, '/bang-dieu-khien?don-vi=15&nam=2025');
    const figure = page.getByTestId('figure-recognised');
    await figure.waitFor();
    expect(await figure.getAttribute('data-value')).toBe('2');
    expect(await figure.getByTestId('figure-value').textContent()).toBe('2');
    await screenshot(page, 'recognition-dashboard');

    // Target 263 "xã đạt chuẩn" is measured from the register.
    const targets = await apiGet<{
      items: Array<{ code: string; measure: string; progress: { current: number | null } }>;
    }>('/api/v1/targets?unit=15&year=2025');
    const communes = targets.items.find((item) => item.code === '263.xa-ntm');
    expect(communes, JSON.stringify(targets.items.map((item) => item.code))).toBeDefined();
    expect(communes?.measure).toBe('recognised');
    expect(communes?.progress.current ?? 0).toBeGreaterThan(0);

    expect(pageErrors).toEqual([]);
    expect(browser.externalRequests).toEqual([]);
  });
});
