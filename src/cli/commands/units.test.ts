import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../server/db/lock';
import { runCli } from '../../server/test/process';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-cli-units-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const changes = path.join(directory, 'changes.csv');
fs.writeFileSync(
  changes,
  [
    'action,code,name,kind,parent_code,effective_date,predecessors',
    'open,04381,Xã Lâm Giang,xã,15,2027-01-01,04381;04375',
  ].join('\n'),
);
const broken = path.join(directory, 'broken.csv');
fs.writeFileSync(
  broken,
  [
    'action,code,name,kind,parent_code,effective_date,predecessors',
    'open,99001,Xã Mồ Côi,xã,77,2027-01-01,',
    'open,99001,Xã Trùng,xã,15,2027-01-01,',
  ].join('\n'),
);

describe('ntm units import', () => {
  const dataDir = path.join(directory, 'data');
  const env = { NTM_DATA_DIR: dataDir, NODE_ENV: 'production' };

  it('previews the diff on a fresh data directory, then loads it', async () => {
    const preview = await runCli(['units', 'import', changes, '--dry-run'], env, 120_000);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Xem trước thay đổi');
    expect(preview.stdout).toContain(
      '+ 04381 Xã Lâm Giang (xã), thuộc 15 Tỉnh Lào Cai, từ 01/01/2027',
    );
    expect(preview.stdout).toContain('04375');
    expect(preview.stdout).toContain('(sáp nhập)');
    const applied = await runCli(['units', 'import', changes], env, 120_000);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Xong: mở 1, kết thúc 2, 2 liên kết');
  }, 240_000);

  it('rejects a wrong file whole, listing every error with its row', async () => {
    const result = await runCli(['--lang', 'en', 'units', 'import', broken], env, 120_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The file was rejected and nothing was loaded: 2 errors.');
    expect(result.stderr).toContain('Row 2, column parent_code');
    expect(result.stderr).toContain('Row 3: code 99001 repeats row 2.');
  }, 120_000);

  it('refuses while another process holds the embedded database', async () => {
    const lock = lockDataDir(dataDir);
    try {
      const result = await runCli(['units', 'import', changes, '--dry-run'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`tiến trình ${process.pid}`);
      expect(result.stdout).not.toContain('Xem trước');
    } finally {
      lock.release();
    }
  });
});
