import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './browser';
import type { TestServer } from './server';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export async function prepareArtifacts(): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
}

/** Opens a page of the app, recording any uncaught page error into `errors`. */
export async function openPage(
  browser: TestBrowser,
  server: TestServer,
  path: string,
  errors: string[],
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Pixels the page scrolls sideways (0 when it fits the viewport). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

export interface DemoAccount {
  username: string;
  password: string;
  description: string;
}

/**
 * The demo accounts `ntm start` prints in demo mode, one line each:
 * "  admin            / NongThonMoi2025   Quản trị hệ thống".
 */
export function demoAccounts(output: string): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  for (const match of output.matchAll(/^\s+([a-z0-9._-]+)\s+\/\s+(\S+)\s{2,}(.+)$/gim)) {
    accounts.push({
      username: match[1] ?? '',
      password: match[2] ?? '',
      description: (match[3] ?? '').trim(),
    });
  }
  return accounts;
}

/** The demo accounts, once `ntm start` has printed them (just after its address line). */
export async function waitForDemoAccounts(
  server: TestServer,
  timeoutMs = 15_000,
): Promise<DemoAccount[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const output = server.output();
    const accounts = demoAccounts(output);
    // The list ends with the line that tells how to stop the server.
    if ((accounts.length > 0 && /Ctrl\+C/.test(output)) || Date.now() > deadline) return accounts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fills the sign-in form (/dang-nhap) and sends it; the caller waits for where it leads. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}
