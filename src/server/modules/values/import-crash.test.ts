import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, queryRows, type DatabaseHandle } from '../../db/client';
import { projectRoot } from '../../config';
import { childEnv, cliEntry, freePort, waitForOutput } from '../../test/process';
import { demoPassword } from '../accounts/demo';
import {
  cellString,
  exportUrl,
  importUrl,
  LAO_CAI,
  loadWorkbook,
  rowWith,
} from './import-test-helpers';

/**
 * The server is killed (SIGKILL) in the middle of an import, inside its transaction, after half of
 * the communes were written; after a restart on the same data directory nothing of the import is
 * there and the server answers. The data directory starts from the test template (migrated and
 * seeded, demo data included) so that no seeding runs here; the pause comes from a test-only server
 * entry (`src/server/test/paused-import-server.ts`) that passes the app an instrumentation hook.
 */

const directories: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

async function counts(handle: DatabaseHandle) {
  const [row] = await queryRows<{
    imports: number;
    history: number;
    values: number;
    audit: number;
  }>(
    handle.db,
    sql`SELECT (SELECT count(*)::int FROM value_import) AS imports,
          (SELECT count(*)::int FROM indicator_value_history) AS history,
          (SELECT count(*)::int FROM indicator_value) AS "values",
          (SELECT count(*)::int FROM audit_log WHERE action = 'values.import') AS audit`,
  );
  return row!;
}

/** The paused-import test server (first run), or the real `ntm start` (after the crash). */
function startServer(dataDir: string, port: number, paused = false): ChildProcess {
  const args = paused
    ? ['--import', 'tsx', path.join(projectRoot, 'src/server/test/paused-import-server.ts')]
    : [cliEntry, 'start', '--no-build'];
  const child = spawn(process.execPath, args, {
    env: childEnv({
      NTM_DATA_DIR: dataDir,
      PORT: String(port),
      NODE_ENV: 'test',
      NTM_DEMO: 'true',
      LOG_LEVEL: 'warn',
      NTM_LOGIN_RATE_PER_MINUTE: '1000',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

async function signIn(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ntm_session='));
  return cookie!.split(';')[0]!;
}

describe('an import interrupted by a crash', () => {
  it('leaves the data as it was, and the server starts again', async () => {
    const began = Date.now();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-import-crash-'));
    directories.push(dataDir);
    const template = inject('databaseTemplate');
    if (template.engine !== 'pglite') return; // The crash is about the embedded database.
    const seeded = await openDatabase({
      dataDir,
      loadDataDir: new Blob([fs.readFileSync(template.dumpFile)]),
    });
    const before = await counts(seeded);
    const lockedRows = await queryRows<{ code: string }>(
      seeded.db,
      sql`SELECT u.code FROM submission s JOIN unit u ON u.id = s.unit_id
          WHERE s.year = 2025 AND s.status IN ('submitted', 'approved')`,
    );
    const locked = new Set(lockedRows.map((row) => row.code));
    await seeded.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = startServer(dataDir, port, true);
    await waitForOutput(server, (output) => output.includes(`:${port}`), 60_000);
    const cookie = await signIn(base, 'tinh.laocai');

    // The province form, every open commune's 3.1 and 6.3 changed.
    const exported = await fetch(`${base}${exportUrl(LAO_CAI)}`, { headers: { cookie } });
    expect(exported.status).toBe(200);
    const workbook = await loadWorkbook(Buffer.from(await exported.arrayBuffer()));
    const sheet = workbook.getWorksheet('Các xã')!;
    const header = rowWith(sheet, 'Mã xã');
    const columns = new Map<string, number>();
    sheet.getRow(header).eachCell((cell, column) => {
      columns.set(cellString(cell.value).split('\n')[0]!, column);
    });
    for (let row = header + 1; row <= sheet.rowCount; row++) {
      const cells = sheet.getRow(row);
      const code = cellString(cells.getCell(1).value);
      if (locked.has(code)) continue;
      cells.getCell(columns.get('3.1')!).value = 33.3;
      cells.getCell(columns.get('6.3')!).value = 44.4;
    }
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const form = new FormData();
    form.append('file', new Blob([data]), 'tinh.xlsx');

    const paused = waitForOutput(server, (output) => output.includes('NTM_TEST_IMPORT_PAUSED'));
    const request = fetch(`${base}${importUrl(LAO_CAI)}`, {
      method: 'POST',
      // A signed-in change must name the server's own origin, as a browser does.
      headers: { cookie, origin: base },
      body: form,
    }).then(
      (response) => ({ status: response.status }),
      (error: unknown) => ({ error }),
    );
    await paused;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
    const outcome = await request;
    expect('error' in outcome, JSON.stringify(outcome)).toBe(true);

    // Restart on the same data directory: healthy, and the import left nothing behind.
    const restarted = startServer(dataDir, port);
    await waitForOutput(restarted, (output) => output.includes(`:${port}`), 60_000);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    const again = await signIn(base, 'tinh.laocai');
    const values = await fetch(`${base}/api/v1/units/02686/values?set=xa-ntm-2021-2025&year=2025`, {
      headers: { cookie: again },
    });
    expect(values.status).toBe(200);
    const item = (
      (await values.json()) as { items: Array<{ indicator: string; value: unknown }> }
    ).items.find((entry) => entry.indicator === '3.1');
    expect(item?.value).not.toBe(33.3);

    const stopped = new Promise((resolve) => restarted.once('exit', resolve));
    restarted.kill('SIGTERM');
    await stopped;

    const after = await openDatabase({ dataDir });
    try {
      expect(await counts(after)).toEqual(before);
    } finally {
      await after.close();
    }
    expect(Date.now() - began).toBeLessThan(120_000);
  }, 150_000);
});
