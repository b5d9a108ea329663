// The national dataset of the benchmarks, shared by the `national` and `mixed` scenarios: the
// per-province CSV files of synthetic values, the server started as a child process, sign-in.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { BENCH_SET, metShareByYear } from './dataset';
import { syntheticValues } from '../src/domain/values';
import { childEnv, cliEntry, waitForOutput } from '../src/server/test/process';
import { openDatabase, queryRows, type DatabaseHandle } from '../src/server/db/client';
import { migrateDatabase } from '../src/server/db/migrate';
import { seedDatabase } from '../src/server/db/seed';
import { seedStepRegistry } from '../src/server/db/seed-registry';
import { createScratchDatabase } from '../src/server/test/postgres';
import { demoPassword } from '../src/server/modules/accounts/demo';
import { loadPublishedSet } from '../src/server/modules/criteria/sets';
import { unitClassesOn } from '../src/server/modules/units/classes';

export const YEARS = [2022, 2023, 2024, 2025];
export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function peakRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export interface ProvinceFile {
  provinceCode: string;
  year: number;
  communes: number;
  values: number;
  csv: string;
}

/**
 * One CSV per province and year, one row per rural commune (as it stood on 31/12), one column per
 * indicator: the per-commune layout an official would upload. Values are the deterministic
 * synthetic ones (about 70 % of communes meet the standard in 2025).
 */
export async function buildFiles(handle: DatabaseHandle, provinceCodes: string[] | null) {
  const set = await loadPublishedSet(handle.db, BENCH_SET);
  const indicators = set.compiled.indicators.map((item) => item.code);
  const files: ProvinceFile[] = [];
  const communeIds = new Set<number>();
  for (const year of YEARS) {
    const date = `${year}-12-31`;
    const rows = await queryRows<{ id: number; code: string; province: string }>(
      handle.db,
      sql`SELECT c.id, c.code, p.code AS province FROM unit c
          JOIN unit p ON p.path @> c.path AND p.level = 'province'
          WHERE c.level = 'commune' AND c.kind = 'xa'
            AND c.valid_from <= ${date}::date AND (c.valid_to IS NULL OR c.valid_to >= ${date}::date)
            ${
              provinceCodes
                ? sql`AND p.code IN (${sql.join(
                    provinceCodes.map((code) => sql`${code}`),
                    sql`, `,
                  )})`
                : sql``
            }
          ORDER BY p.code, c.code`,
    );
    const classes = await unitClassesOn(
      handle.db,
      rows.map((row) => Number(row.id)),
      'region',
      date,
    );
    const byProvince = new Map<string, typeof rows>();
    for (const row of rows) {
      byProvince.set(row.province, [...(byProvince.get(row.province) ?? []), row]);
    }
    for (const [provinceCode, communes] of byProvince) {
      const lines = [['Mã xã', ...indicators].join(',')];
      let values = 0;
      for (const commune of communes) {
        const unitClass = classes.get(Number(commune.id)) ?? null;
        if (!unitClass) continue;
        communeIds.add(Number(commune.id));
        const generated = syntheticValues(set.compiled, {
          unitCode: commune.code,
          unitClass,
          year,
          metShare: metShareByYear[year] ?? 0.6,
          seed: 'bench',
        });
        values += generated.size;
        lines.push(
          [
            commune.code,
            ...indicators.map((code) => {
              const value = generated.get(code);
              if (value === undefined) return '';
              if (typeof value === 'boolean') return value ? 'Đạt' : 'Không đạt';
              // As an official types it: a decimal comma (quoted, the separator is a comma).
              const text = String(value);
              return text.includes('.') ? `"${text.replace('.', ',')}"` : text;
            }),
          ].join(','),
        );
      }
      files.push({ provinceCode, year, communes: lines.length - 1, values, csv: lines.join('\n') });
    }
  }
  return { files, communes: communeIds.size };
}

export async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cliEntry, 'serve'], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, (output) => output.includes(`localhost:${env.PORT}`), 600_000);
  return child;
}

export async function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
}

export async function signIn(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${username}: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A scratch database (PostgreSQL) or data directory (PGlite) for one scenario, and its server env. */
export interface BenchDatabase {
  env: Record<string, string>;
  open: () => Promise<DatabaseHandle>;
  cleanup: () => Promise<void> | void;
}

export async function benchDatabase(
  databaseUrl: string | undefined,
  name: string,
): Promise<BenchDatabase> {
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NTM_DEMO: 'false',
    NTM_UPLOAD_MAX_MB: '50',
    NTM_LOGIN_RATE_PER_MINUTE: '1000',
  };
  if (databaseUrl) {
    const scratch = await createScratchDatabase(databaseUrl);
    env.DATABASE_URL = scratch.url;
    return { env, open: () => openDatabase({ url: scratch.url }), cleanup: () => scratch.drop() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ntm-bench-${name}-`));
  env.NTM_DATA_DIR = dataDir;
  return {
    env,
    open: () => openDatabase({ dataDir }),
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** Migrates and seeds (reference data and demo accounts, no demo values), then builds the files. */
export async function prepareDataset(
  database: BenchDatabase,
  provinceCodes: string[] | null,
): Promise<Awaited<ReturnType<typeof buildFiles>>> {
  const handle = await database.open();
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle, {
      demo: true,
      steps: seedStepRegistry.filter((step) => step.name !== 'demo-values'),
    });
    return await buildFiles(handle, provinceCodes);
  } finally {
    await handle.close();
  }
}

/**
 * One officer's save of indicator 3.1 (a value in 60–99, naming the version last seen): the
 * milliseconds it took and whether it was accepted; `versions` keeps the version for the next one.
 */
export async function saveBenchValue(
  base: string,
  headers: Record<string, string>,
  query: string,
  versions: Map<string, number>,
  code: string,
  value: number,
): Promise<{ ms: number; ok: boolean }> {
  const began = performance.now();
  const response = await fetch(`${base}/api/v1/units/${code}/values/3.1?${query}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ value, version: versions.get(code) }),
  });
  const answer = (await response.json()) as { item?: { version: number } };
  const ok = response.status === 200 && answer.item !== undefined;
  if (ok) versions.set(code, answer.item!.version);
  return { ms: performance.now() - began, ok };
}
