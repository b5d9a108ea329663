import { request } from 'playwright-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE_VIEWPORT } from './support/browser';
import type { TestBrowser } from './support/browser';
import {
  openPage,
  prepareArtifacts,
  screenshot,
  sidewaysOverflow,
  waitForDemoAccounts,
} from './support/pages';
import type { DemoAccount } from './support/pages';
import { startTestServer } from './support/server';
import type { TestServer } from './support/server';

let server: TestServer;
let browser: TestBrowser;
let accounts: DemoAccount[] = [];
const pageErrors: string[] = [];

const NEW_USER = {
  username: 'canbo.e2e',
  displayName: 'Nguyễn Thị Kiểm Thử',
  password: 'KiemThu2025abc',
  resetPassword: 'DatLai2025xyz',
  ownPassword: 'MoiHon2025abc',
};

const open = (path: string, viewport?: { width: number; height: number }) =>
  openPage(browser, server, path, pageErrors, viewport);

function account(username: string): DemoAccount {
  const found = accounts.find((a) => a.username === username);
  if (!found) {
    throw new Error(
      `Demo account "${username}" is not in the output of ntm start:\n${server.output()}`,
    );
  }
  return found;
}

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

async function userMenu(page: Page, item: string): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

describe('accounts in the browser', () => {
  beforeAll(async () => {
    await prepareArtifacts();
    server = await startTestServer();
    accounts = await waitForDemoAccounts(server);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the demo accounts when the server starts in demo mode', () => {
    expect(accounts.map((a) => a.username)).toEqual(
      expect.arrayContaining(['admin', 'tinh.laocai', 'xa.lamgiang']),
    );
  });

  it('shows the server’s message for a wrong password, in Vietnamese', async () => {
    const page = await open('/dang-nhap');
    await logIn(page, 'admin', 'sai-mat-khau');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    await page.close();
  });

  it('sends a visitor to the login page and back to the page they asked for', async () => {
    const page = await open('/quan-tri/nguoi-dung');
    await page.getByText('Vui lòng đăng nhập để mở trang này.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    await screenshot(page, 'login-required-desktop');

    const admin = account('admin');
    await logIn(page, admin.username, admin.password);
    await page.getByRole('heading', { level: 1, name: 'Quản lý người dùng' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/quan-tri/nguoi-dung');
    expect(await page.getByTestId('user-menu').textContent()).toContain('Quản trị hệ thống');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Nhật ký hệ thống' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Đăng nhập' }).count()).toBe(0);
    await page.getByTestId('user-row-tinh.laocai').waitFor();
    await screenshot(page, 'users-desktop');
    await page.close();
  });

  it('lets the administrator create a commune officer at Xã Lâm Giang', async () => {
    const page = await open('/quan-tri/nguoi-dung');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.waitFor();

    // Nothing filled: every required field says so, nothing is sent.
    await dialog.getByRole('button', { name: 'Tạo người dùng' }).click();
    await dialog.getByText('Vui lòng sửa các ô được đánh dấu.').waitFor();

    await dialog.getByLabel('Tên đăng nhập').fill(NEW_USER.username);
    await dialog.getByLabel('Họ và tên').fill(NEW_USER.displayName);
    await dialog.getByLabel('Mật khẩu ban đầu').fill(NEW_USER.password);
    await dialog.getByLabel(/^Vai trò 1/).click();
    await page.getByRole('option', { name: 'Cán bộ xã' }).click();
    await dialog.getByLabel(/^Đơn vị của vai trò 1/).fill('lam giang');
    await page.getByRole('option', { name: /^Xã Lâm Giang — Tỉnh Lào Cai/ }).click();
    await screenshot(page, 'user-create-desktop');
    await dialog.getByRole('button', { name: 'Tạo người dùng' }).click();

    await page.getByText(`Đã tạo người dùng ${NEW_USER.username}.`).waitFor();
    const row = page.getByTestId(`user-row-${NEW_USER.username}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Cán bộ xã — Xã Lâm Giang');

    // The same user name twice: the server's message is shown as given.
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await dialog.getByLabel('Tên đăng nhập').fill(NEW_USER.username);
    await dialog.getByLabel('Họ và tên').fill('Trùng tên');
    await dialog.getByLabel('Mật khẩu ban đầu').fill(NEW_USER.password);
    await dialog.getByLabel(/^Vai trò 1/).click();
    await page.getByRole('option', { name: 'Người xem' }).click();
    await dialog.getByLabel(/^Đơn vị của vai trò 1/).fill('lao cai');
    await page
      .getByRole('option', { name: /^Tỉnh Lào Cai/ })
      .first()
      .click();
    await dialog.getByRole('button', { name: 'Tạo người dùng' }).click();
    await dialog.getByRole('alert').getByText(`"${NEW_USER.username}" đã có người dùng`).waitFor();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await page.close();
  });

  it('shows a conflicting edit and reloads the form with what was saved', async () => {
    const page = await open('/quan-tri/nguoi-dung');
    await page.getByRole('button', { name: `Sửa người dùng ${NEW_USER.username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Sửa người dùng ${NEW_USER.username}` });
    await dialog.getByLabel('Họ và tên').fill(`${NEW_USER.displayName} (sửa)`);

    // Someone else saves the same user meanwhile.
    const list = await page.request.get(
      new URL(`/api/v1/users?q=${NEW_USER.username}`, server.url).href,
    );
    const { items } = (await list.json()) as { items: { id: string; version: number }[] };
    const user = items[0];
    expect(user).toBeDefined();
    const other = await page.request.patch(new URL(`/api/v1/users/${user?.id}`, server.url).href, {
      data: { version: user?.version, phone: '0912345678' },
      // A state change names its origin (the server refuses one from elsewhere, or from nowhere
      // with a session cookie); the page's own requests do, this one from the test must too.
      headers: { origin: server.url },
    });
    expect(other.status()).toBe(200);

    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText(/Dữ liệu đã được người khác thay đổi/).waitFor();
    await alert
      .getByText('Biểu mẫu đã được tải lại với dữ liệu mới nhất.', { exact: false })
      .waitFor();
    await expect.poll(() => dialog.getByLabel('Số điện thoại').inputValue()).toBe('0912345678');
    expect(await dialog.getByLabel('Họ và tên').inputValue()).toBe(NEW_USER.displayName);
    await screenshot(page, 'user-edit-conflict-desktop');

    await dialog.getByLabel('Họ và tên').fill(`${NEW_USER.displayName} (sửa)`);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã lưu thay đổi của người dùng ${NEW_USER.username}.`).waitFor();
    await page.close();
  });

  it('resets a password; the user must change it at the next login', async () => {
    const page = await open('/quan-tri/nguoi-dung');
    await page.getByRole('button', { name: `Đặt lại mật khẩu của ${NEW_USER.username}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Mật khẩu mới').fill(NEW_USER.resetPassword);
    await dialog.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.getByText(`Đã đặt lại mật khẩu của ${NEW_USER.username}.`).waitFor();
    await page.getByTestId(`user-row-${NEW_USER.username}`).getByText('Chờ đổi mật khẩu').waitFor();

    await userMenu(page, 'Đăng xuất');
    await page.getByText('Bạn đã đăng xuất.').waitFor();

    await logIn(page, NEW_USER.username, NEW_USER.resetPassword);
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
    await page.getByText('Mật khẩu của bạn do quản trị viên đặt.', { exact: false }).waitFor();
    // Every other page leads back here until the password is changed.
    await page.goto(new URL('/don-vi', server.url).href);
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
    await screenshot(page, 'password-forced-desktop');

    await page.getByLabel('Mật khẩu hiện tại').fill(NEW_USER.resetPassword);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('ngan1');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('ngan1');
    await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
    const weak = page.getByRole('alert');
    await weak.waitFor();
    expect((await weak.textContent())?.trim()).not.toBe('');

    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_USER.ownPassword);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_USER.ownPassword);
    await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Đơn vị hành chính' }).waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain(
      `${NEW_USER.displayName} (sửa)`,
    );
    await page.close();
  });

  it('hides user management from a commune officer and refuses the page', async () => {
    const page = await open('/');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Đơn vị hành chính' }).waitFor();
    await page.getByTestId('user-menu').waitFor();
    expect(await nav.getByRole('link', { name: 'Quản lý người dùng' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Nhật ký hệ thống' }).count()).toBe(0);
    await page.goto(new URL('/quan-tri/nguoi-dung', server.url).href);
    await page.getByRole('heading', { level: 1, name: 'Không có quyền truy cập' }).waitFor();

    await userMenu(page, 'Đăng xuất khỏi mọi thiết bị');
    await page.getByText(/Bạn đã đăng xuất khỏi mọi thiết bị/).waitFor();
    await screenshot(page, 'logout-everywhere-desktop');
    await page.close();
  });

  it('lets the administrator read the audit log, with before and after', async () => {
    const page = await open('/quan-tri/nhat-ky');
    const admin = account('admin');
    await logIn(page, admin.username, admin.password);
    await page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' }).waitFor();
    await page.getByTestId('audit-entry').first().waitFor();

    await page.getByLabel('Thao tác').fill('user.update');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    const entry = page.getByTestId('audit-entry').first();
    await expect.poll(() => entry.textContent()).toContain('user.update');
    await entry.getByRole('button').click();
    const changes = entry.getByRole('table');
    await changes.waitFor();
    const text = (await changes.textContent()) ?? '';
    expect(text).toContain('displayName');
    expect(text).toContain(`${NEW_USER.displayName} (sửa)`);
    await screenshot(page, 'audit-desktop');

    await page.setViewportSize(PHONE_VIEWPORT);
    await expect.poll(() => sidewaysOverflow(page), { timeout: 5000 }).toBeLessThanOrEqual(0);
    await screenshot(page, 'audit-phone');
    await page.close();
  });

  it('lets the administrator link an old commune that has no successor', async () => {
    const page = await open('/don-vi');
    await page
      .getByRole('link', { name: 'Xem các đơn vị cũ chưa liên kết với đơn vị mới' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Đơn vị chưa liên kết' }).waitFor();
    const list = page.getByRole('list', { name: 'Đơn vị chưa liên kết' });
    const first = list.getByRole('link').first();
    await first.waitFor();
    const name = (await first.textContent()) ?? '';
    await screenshot(page, 'units-unlinked-desktop');
    await first.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) }).waitFor();
    await page
      .getByTestId('lineage-successors')
      .or(page.getByText('Không ghi nhận đơn vị kế tiếp.'))
      .waitFor();

    await page.getByRole('button', { name: 'Sửa liên kết kế thừa' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Đơn vị kế tiếp 1/).fill('lam giang');
    await page.getByRole('option', { name: /^Xã Lâm Giang — Tỉnh Lào Cai/ }).click();
    await dialog.getByLabel('Căn cứ, ghi chú').fill('Kiểm thử tự động');
    await screenshot(page, 'lineage-edit-desktop');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByTestId('lineage-successors')
      .getByRole('link', { name: 'Xã Lâm Giang' })
      .waitFor();
    await page.close();
  });

  it('lets a province office manage only the users of its province', async () => {
    const page = await open('/quan-tri/nguoi-dung');
    await page.getByTestId('user-row-admin').waitFor();
    await userMenu(page, 'Đăng xuất');
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    const province = account('tinh.laocai');
    await logIn(page, province.username, province.password);
    await page.getByTestId('user-menu').waitFor();
    await page.goto(new URL('/quan-tri/nguoi-dung', server.url).href);
    await page.getByTestId('user-row-xa.lamgiang').waitFor();
    await page.getByTestId(`user-row-${NEW_USER.username}`).waitFor();
    expect(await page.getByTestId('user-row-admin').count()).toBe(0);
    expect(await page.getByTestId('user-row-trunguong').count()).toBe(0);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('link', { name: 'Nhật ký hệ thống' }).count()).toBe(0);

    // Only the roles a province office may grant are offered.
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.getByLabel(/^Vai trò 1/).click();
    await page.getByRole('option', { name: 'Cán bộ xã' }).waitFor();
    expect(await page.getByRole('option', { name: 'Quản trị hệ thống' }).count()).toBe(0);
    expect(await page.getByRole('option', { name: 'Văn phòng Điều phối trung ương' }).count()).toBe(
      0,
    );
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await screenshot(page, 'users-province-desktop');
    await page.close();
  });

  it('deactivates an account (its login is refused) and reactivates it', async () => {
    const page = await open('/quan-tri/nguoi-dung');
    const row = page.getByTestId(`user-row-${NEW_USER.username}`);
    await row.getByRole('button', { name: `Vô hiệu hóa ${NEW_USER.username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Vô hiệu hóa ${NEW_USER.username}?` });
    await dialog.getByRole('button', { name: 'Vô hiệu hóa' }).click();
    await page.getByText(`Đã vô hiệu hóa ${NEW_USER.username}.`).waitFor();
    await row.getByText('Đã vô hiệu hóa').waitFor();

    // Outside this browser: the deactivated user cannot sign in, and is told why.
    const outside = await request.newContext({ baseURL: server.url });
    const refused = await outside.post('/api/v1/auth/login', {
      data: { username: NEW_USER.username, password: NEW_USER.ownPassword },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'vô hiệu hóa',
    );
    await outside.dispose();

    await row.getByRole('button', { name: `Kích hoạt lại ${NEW_USER.username}` }).click();
    await page
      .getByRole('dialog', { name: `Kích hoạt lại ${NEW_USER.username}?` })
      .getByRole('button', { name: 'Kích hoạt lại' })
      .click();
    await page.getByText(`Đã kích hoạt lại ${NEW_USER.username}.`).waitFor();
    await row.getByText('Đang hoạt động').waitFor();
    await page.close();
  });

  it('shows users as cards on a 360 px phone', async () => {
    const page = await open('/quan-tri/nguoi-dung', PHONE_VIEWPORT);
    await page.getByRole('heading', { level: 1, name: 'Quản lý người dùng' }).waitFor();
    const cards = page.getByRole('list', { name: 'Quản lý người dùng' });
    await cards.getByText(NEW_USER.username, { exact: false }).first().waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'users-phone');
    await page.getByRole('button', { name: `Sửa người dùng ${NEW_USER.username}` }).click();
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'user-edit-phone');
    await page.close();
  });

  it('threw no page errors and never left the machine', () => {
    expect(pageErrors).toEqual([]);
    expect(browser.externalRequests).toEqual([]);
  });
});
