import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox (containers), and nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP_VIEWPORT = { width: 1280, height: 800 } as const;
export const PHONE_VIEWPORT = { width: 360, height: 740 } as const;

export interface TestBrowser {
  context: BrowserContext;
  /** Every request to a host other than this machine: aborted, and recorded here. */
  externalRequests: string[];
  close(): Promise<void>;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Starts Chromium with a fresh temporary profile (removed on close), in Vietnamese locale and
 * Vietnam's time zone. Requests that would leave the machine are blocked and recorded, so a test
 * can assert that the app never touches the network (fonts, CDNs, analytics...).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'ntm-e2e-chromium-'));
  const externalRequests: string[] = [];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP_VIEWPORT,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      serviceWorkers: 'block',
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }

  const leavesMachine = (href: string): boolean => {
    const url = new URL(href);
    const network = ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol);
    return network && !isLoopbackHost(url.hostname);
  };
  // Observe every request the pages make (including any a route would not see)...
  context.on('request', (request) => {
    const href = request.url();
    if (leavesMachine(href) && !externalRequests.includes(href)) externalRequests.push(href);
  });
  // ...and never let one out.
  await context.route('**/*', async (route) => {
    if (leavesMachine(route.request().url())) await route.abort('blockedbyclient');
    else await route.continue();
  });
  context.on('page', (page) => {
    page.on('websocket', (socket) => {
      const href = socket.url();
      if (leavesMachine(href) && !externalRequests.includes(href)) externalRequests.push(href);
    });
  });

  return {
    context,
    externalRequests,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
