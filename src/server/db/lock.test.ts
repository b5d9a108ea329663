import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './lock';
import { AppError } from '../errors';

const directories: string[] = [];
function tempDir(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-lock-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0))
    fs.rmSync(directory, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('refuses a second holder while the first holds the lock, and frees it on release', () => {
    const directory = tempDir();
    const first = lockDataDir(directory);
    expect(() => lockDataDir(directory)).toThrowError(AppError);
    try {
      lockDataDir(directory);
    } catch (error) {
      expect((error as AppError).code).toBe('db.locked');
      expect((error as AppError).messageIn('vi')).toContain(String(process.pid));
    }
    first.release();
    const second = lockDataDir(directory);
    second.release();
    expect(fs.existsSync(path.join(directory, 'ntm.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const directory = tempDir();
    fs.writeFileSync(
      path.join(directory, 'ntm.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, hostname: os.hostname(), startedAt: '', command: '' }),
    );
    const lock = lockDataDir(directory);
    expect(JSON.parse(fs.readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });
});
