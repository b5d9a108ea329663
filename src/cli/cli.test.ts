import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, cliEntry, freePort, runCli, waitForOutput } from '../server/test/process';
import { lockDataDir } from '../server/db/lock';

const directories: string[] = [];
function tempDataDir(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-cli-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

/** The error output must be one line carrying both languages, with no stack trace. */
function expectOneBilingualLine(stderr: string, vietnamese: string, english: string) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toContain(vietnamese);
  expect(lines[0]).toContain(english);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('ntm --help', () => {
  it('speaks Vietnamese by default', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Cách dùng:');
    expect(result.stdout).toContain('Lệnh:');
    expect(result.stdout).toContain('nâng cấp cơ sở dữ liệu');
    for (const command of ['start', 'serve', 'migrate', 'seed']) {
      expect(result.stdout).toContain(command);
    }
  });

  it('speaks English with --lang en or NTM_LANG=en', async () => {
    const flag = await runCli(['--lang', 'en', '--help']);
    expect(flag.stdout).toContain('Usage:');
    expect(flag.stdout).toContain('Commands:');
    expect(flag.stdout).toContain('migrate the database');
    const variable = await runCli(['migrate', '--help'], { NTM_LANG: 'en' });
    expect(variable.stdout).toContain('Usage: ntm migrate');
  });
});

describe('ntm migrate and seed', () => {
  it('migrates a fresh data directory, then finds nothing to do', async () => {
    const dataDir = tempDataDir();
    const first = await runCli(['migrate'], { NTM_DATA_DIR: dataDir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Đã nâng cấp cơ sở dữ liệu');
    expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'ntm.lock'))).toBe(false);
    const second = await runCli(['seed'], { NTM_DATA_DIR: dataDir });
    expect(second.code, second.stderr).toBe(0);
    const third = await runCli(['seed'], { NTM_DATA_DIR: dataDir });
    expect(third.stdout).toContain('Không có gì mới để nạp');
  }, 120_000);
});

describe('ntm users', () => {
  it('creates accounts on a fresh data directory (migrating and loading units first)', async () => {
    const dataDir = tempDataDir();
    const env = { NTM_DATA_DIR: dataDir, NODE_ENV: 'production' };
    const officer = await runCli(
      [
        'users',
        'create',
        '--username',
        'canbo.lamgiang',
        '--password',
        'MatKhauXa2026',
        '--role',
        'commune',
        '--unit',
        '04381',
        '--name',
        'Cán bộ Lâm Giang',
      ],
      env,
      180_000,
    );
    expect(officer.code, officer.stderr).toBe(0);
    expect(officer.stdout).toContain(
      'Đã tạo tài khoản canbo.lamgiang (vai trò commune, Xã Lâm Giang (04381))',
    );
    const admin = await runCli(['users', 'create-admin'], env);
    expect(admin.code, admin.stderr).toBe(0);
    const generated = /Mật khẩu được tạo[^:]*: (\S+)/.exec(admin.stdout)?.[1];
    expect(generated?.length).toBeGreaterThanOrEqual(20);
    const again = await runCli(['users', 'create-admin', '--password', 'KhacNhau2026x'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Tên đăng nhập "admin" đã có người dùng');
    const badRole = await runCli(['users', 'create', '--username', 'x.y.z', '--role', 'boss'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('Vai trò "boss" không tồn tại');
    const oldUnit = await runCli(
      [
        'users',
        'create',
        '--username',
        'huyen.cu',
        '--password',
        'MatKhauHuyen2026',
        '--role',
        'district',
        '--unit',
        '136',
        '--as-of',
        '2025-06-30',
      ],
      env,
    );
    expect(oldUnit.code, oldUnit.stderr).toBe(0);
    expect(oldUnit.stdout).toContain('Huyện Văn Yên (136)');
  }, 240_000);
});

describe('bad configuration and failures: one clear line, exit code not 0', () => {
  it('a malformed DATABASE_URL', async () => {
    const result = await runCli(['migrate'], { DATABASE_URL: 'mysql://root@localhost/ntm' });
    expect(result.code).toBe(1);
    expectOneBilingualLine(result.stderr, 'DATABASE_URL không hợp lệ', 'DATABASE_URL is not valid');
  });

  it('an unreachable PostgreSQL server', async () => {
    const port = await freePort();
    const result = await runCli(['migrate'], {
      DATABASE_URL: `postgres://ntm@127.0.0.1:${port}/ntm`,
    });
    expect(result.code).toBe(1);
    expectOneBilingualLine(
      result.stderr,
      'Không kết nối được máy chủ PostgreSQL',
      'Cannot connect to the PostgreSQL server',
    );
  });

  it('a bad PORT', async () => {
    const result = await runCli(['serve'], { PORT: 'ba nghìn', NTM_DATA_DIR: tempDataDir() });
    expect(result.code).toBe(1);
    expectOneBilingualLine(result.stderr, 'PORT = "ba nghìn"', 'must be an integer');
  });

  it('demo mode asked for in production', async () => {
    const result = await runCli(['migrate'], { NODE_ENV: 'production', NTM_DEMO: 'true' });
    expect(result.code).toBe(1);
    expectOneBilingualLine(result.stderr, 'chế độ demo', 'Demo mode');
  });

  it('a data directory locked by another live process', async () => {
    const dataDir = tempDataDir();
    const lock = lockDataDir(dataDir);
    try {
      const result = await runCli(['migrate'], { NTM_DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expectOneBilingualLine(result.stderr, `tiến trình ${process.pid}`, 'is in use by process');
    } finally {
      lock.release();
    }
  });

  it('a running server holds its data directory and its port against a second process', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const server = spawn(process.execPath, [cliEntry, 'serve'], {
      env: childEnv({ NTM_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitForOutput(server, (output) => output.includes(`localhost:${port}`), 90_000);
      const second = await runCli(['seed'], { NTM_DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expectOneBilingualLine(second.stderr, `tiến trình ${server.pid}`, 'is in use by process');

      const otherDir = tempDataDir();
      const samePort = await runCli(['serve'], {
        NTM_DATA_DIR: otherDir,
        PORT: String(port),
        LOG_LEVEL: 'silent',
      });
      expect(samePort.code).toBe(1);
      expect(samePort.stderr).toContain(`Cổng ${port}`);
      expect(samePort.stderr).toContain(`Port ${port}`);
      // The refused server released its own data directory on the way out.
      expect(fs.existsSync(path.join(otherDir, 'ntm.lock'))).toBe(false);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.on('exit', resolve));
    }
    expect(fs.existsSync(path.join(dataDir, 'ntm.lock'))).toBe(false);
  }, 120_000);
});
