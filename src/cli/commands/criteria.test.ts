import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BROKEN_LINE,
  brokenYaml,
  LOOSENING_LINE,
  looseningYaml,
  PROVINCE_SET_CODE,
  provinceSetYaml,
} from '../../server/modules/criteria/test-fixtures';
import { runCli } from '../../server/test/process';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-cli-criteria-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const file = path.join(directory, name);
  fs.writeFileSync(file, text);
  return file;
};
const province = write('tinh.yaml', provinceSetYaml);
const loosening = write('noi-long.yaml', looseningYaml.replace(PROVINCE_SET_CODE, 'kiem-thu-nl'));
const broken = write('hong.yaml', brokenYaml);
const shipped = path.resolve('data/criteria/xa-ntm-2021-2025.yaml');
const changedShipped = write(
  'xa-doi.yaml',
  fs
    .readFileSync(shipped, 'utf8')
    .replace('rule: { op: gte, value: 80 }', 'rule: { op: gte, value: 85 }'),
);

describe('ntm criteria load', () => {
  const env = { NTM_DATA_DIR: path.join(directory, 'data'), NODE_ENV: 'production' };

  it('refuses a bad file with every error at its line, exit 2, nothing loaded', async () => {
    const result = await runCli(['criteria', 'load', broken], env, 180_000);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`hong\\.yaml:${BROKEN_LINE}:\\d+: giá trị không hợp lệ`),
    );
    expect(result.stderr).toContain('1 lỗi trong tệp bộ tiêu chí: không nạp gì.');
    const loose = await runCli(['--lang', 'en', 'criteria', 'load', loosening], env, 60_000);
    expect(loose.code).toBe(2);
    expect(loose.stderr).toMatch(new RegExp(`noi-long\\.yaml:${LOOSENING_LINE}:\\d+: .*15\\.3`));
    expect(loose.stderr).toContain('nothing was loaded');
  }, 240_000);

  it('loads a provincial set as a draft, then publishes it', async () => {
    const draft = await runCli(['criteria', 'load', province], env, 60_000);
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toContain(`Đã nạp bản nháp ${PROVINCE_SET_CODE}`);
    expect(draft.stdout).toContain('19 tiêu chí');
    const published = await runCli(['criteria', 'load', province, '--publish'], env, 60_000);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain(`Đã công bố bản nháp ${PROVINCE_SET_CODE}`);
    const again = await runCli(['criteria', 'load', province, '--publish'], env, 60_000);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('không có gì thay đổi');
  }, 180_000);

  it('never changes a published set', async () => {
    const result = await runCli(['criteria', 'load', changedShipped, '--publish'], env, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Bộ tiêu chí xa-ntm-2021-2025 đã công bố');
    expect(result.stderr).toContain('xa-ntm-2021-2025-v2');
  }, 120_000);
});
