import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from './db/client';
import { childEnv, freePort, waitForOutput } from './test/process';
import { createScratchDatabase, testServerUrl } from './test/postgres';

const fixture = path.join(import.meta.dirname, 'test/fixtures/durable-server.ts');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function databaseTarget(): Promise<{
  env: Record<string, string>;
  open: () => ReturnType<typeof openDatabase>;
}> {
  const serverUrl = testServerUrl();
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    cleanups.push(() => scratch.drop());
    return { env: { DATABASE_URL: scratch.url }, open: () => openDatabase({ url: scratch.url }) };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-durable-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { env: { NTM_DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }) };
}

describe('graceful shutdown', () => {
  it('finishes in-flight writes on SIGTERM and loses nothing acknowledged', async () => {
    const target = await databaseTarget();
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: childEnv({ ...target.env, PORT: String(port), HOST: '127.0.0.1', NTM_DEMO: 'false' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitForOutput(child, (output) => output.includes('READY'), 90_000);
    const base = `http://127.0.0.1:${port}`;

    const quick = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${base}/probe/write?label=quick-${i}`, { method: 'POST' }),
      ),
    );
    expect(quick.every((response) => response.status === 200)).toBe(true);

    // A slow write is in flight when the signal arrives: it must complete and be acknowledged.
    const slow = fetch(`${base}/probe/write?label=slow&delayMs=700`, { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    const slowResponse = await slow;
    expect(slowResponse.status).toBe(200);
    expect(await slowResponse.json()).toEqual({ written: 'slow' });
    const code = await exited;
    expect(code, log).toBe(0);

    // After the stop: the data directory is free again and every acknowledged row is there.
    const reopened = await target.open();
    try {
      const rows = await queryRows<{ label: string }>(
        reopened.db,
        sql`SELECT label FROM durability_probe ORDER BY id`,
      );
      const labels = rows.map((row) => row.label);
      expect(labels).toContain('slow');
      expect(labels.filter((label) => label.startsWith('quick-'))).toHaveLength(20);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
