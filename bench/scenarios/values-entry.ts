import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { BenchScenario } from '../types';
import { percentile } from '../load';
import { loadDataset, BENCH_SET } from '../dataset';
import { childEnv, cliEntry, freePort, waitForOutput } from '../../src/server/test/process';
import { createScratchDatabase } from '../../src/server/test/postgres';
import { openDatabase, queryRows } from '../../src/server/db/client';
import { migrateDatabase } from '../../src/server/db/migrate';
import { seedDatabase } from '../../src/server/db/seed';
import { demoPassword } from '../../src/server/modules/accounts/demo';

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/**
 * Values on a loaded dataset: the synthetic values of every rural commune (quick: one province)
 * for 2022–2025 written through the entry path, then single-value saves (with re-evaluation) by
 * 20 concurrent writers over HTTP, each on its own commune of Lào Cai, each save naming the
 * version it read.
 */
const scenario: BenchScenario = {
  name: 'values-entry',
  description: 'nạp bộ số liệu tổng hợp và lưu từng giá trị (20 người nhập đồng thời)',
  async run({ quick, databaseUrl }) {
    let cleanup: () => Promise<void> | void;
    const env: Record<string, string> = { HOST: '127.0.0.1', LOG_LEVEL: 'warn', NTM_DEMO: 'true' };
    let dataDir: string | undefined;
    if (databaseUrl) {
      const scratch = await createScratchDatabase(databaseUrl);
      env.DATABASE_URL = scratch.url;
      cleanup = () => scratch.drop();
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-bench-values-'));
      env.NTM_DATA_DIR = dataDir;
      cleanup = () => fs.rmSync(dataDir!, { recursive: true, force: true });
    }
    try {
      // 1. Migrate, seed (with the demo accounts) and load the dataset in this process.
      const handle = await openDatabase({
        url: env.DATABASE_URL,
        dataDir: dataDir ? path.join(dataDir) : undefined,
      });
      let writers: string[];
      let summary: Awaited<ReturnType<typeof loadDataset>>;
      try {
        await migrateDatabase(handle);
        await seedDatabase(handle, { demo: true });
        let lastShown = 0;
        summary = await loadDataset(handle, {
          years: [2022, 2023, 2024, 2025],
          provinceCodes: quick ? ['15'] : undefined,
          onProgress: (done, total) => {
            if (done - lastShown >= total / 10 || done === total) {
              lastShown = done;
              process.stdout.write(`   nạp số liệu ${done}/${total}\n`);
            }
          },
        });
        const rows = await queryRows<{ code: string }>(
          handle.db,
          sql`SELECT c.code FROM unit p JOIN unit c ON c.path <@ p.path AND c.level = 'commune'
              LEFT JOIN submission s ON s.unit_id = c.id AND s.year = 2025
              WHERE p.code = '15' AND p.level = 'province' AND p.valid_to IS NULL
                AND c.valid_to IS NULL AND c.kind = 'xa'
                AND (s.status IS NULL OR s.status IN ('draft', 'returned'))
              ORDER BY c.code LIMIT 20`,
        );
        writers = rows.map((row) => row.code);
      } finally {
        await handle.close();
      }

      // 2. Serve the same data and save values over HTTP.
      const port = await freePort();
      env.PORT = String(port);
      const child = spawn(process.execPath, [cliEntry, 'serve'], {
        env: childEnv(env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        await waitForOutput(child, (output) => output.includes(`localhost:${port}`), 600_000);
        const base = `http://127.0.0.1:${port}`;
        const login = await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'tinh.laocai', password: demoPassword }),
        });
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
        const query = `set=${BENCH_SET}&year=2025`;
        const versions = new Map<string, number>();
        for (const code of writers) {
          const read = await fetch(`${base}/api/v1/units/${code}/values?${query}`, {
            headers: { cookie },
          });
          const body = (await read.json()) as {
            items: Array<{ indicator: string; version: number }>;
          };
          versions.set(code, body.items.find((entry) => entry.indicator === '3.1')!.version);
        }
        let errors = 0;
        let step = 0;
        /** One save of indicator 3.1 of `code` with the version last read; returns its latency. */
        const save = async (code: string): Promise<number> => {
          const value = 60 + (step++ % 40);
          const began = performance.now();
          const response = await fetch(`${base}/api/v1/units/${code}/values/3.1?${query}`, {
            method: 'PUT',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ value, version: versions.get(code) }),
          });
          const answer = (await response.json()) as { item?: { version: number } };
          const elapsed = performance.now() - began;
          if (response.status === 200 && answer.item) versions.set(code, answer.item.version);
          else errors++;
          return elapsed;
        };
        // a) Paced: each writer saves one value a second (an officer tabbing through a form is
        //    far slower), started at staggered moments: the latency of one save under that load.
        const pacedMs = (quick ? 10 : 30) * 1000;
        const latencies: number[] = [];
        const pacedEnd = performance.now() + pacedMs;
        await Promise.all(
          writers.map(async (code, writer) => {
            await new Promise((resolve) => setTimeout(resolve, (writer * 1000) / writers.length));
            while (performance.now() < pacedEnd) {
              const began = performance.now();
              latencies.push(await save(code));
              const wait = 1000 - (performance.now() - began);
              if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            }
          }),
        );
        // b) Stress: the same writers save back to back with no pause (closed loop).
        const stress: number[] = [];
        const stressEnd = performance.now() + (quick ? 5 : 15) * 1000;
        await Promise.all(
          writers.map(async (code) => {
            while (performance.now() < stressEnd) stress.push(await save(code));
          }),
        );
        stress.sort((a, b) => a - b);
        const stressSeconds = quick ? 5 : 15;
        latencies.sort((a, b) => a - b);
        return {
          dataset_communes: summary.communes,
          dataset_unit_years: summary.unitYears,
          dataset_values: summary.values,
          load_values_per_s: Math.round(summary.values / summary.seconds),
          save_value_writers: writers.length,
          save_value_requests: latencies.length,
          save_value_p50_ms: round(percentile(latencies, 50)),
          save_value_p95_ms: round(percentile(latencies, 95)),
          save_value_errors: errors,
          save_value_stress_p50_ms: round(percentile(stress, 50)),
          save_value_stress_p95_ms: round(percentile(stress, 95)),
          save_value_stress_per_s: Math.round(stress.length / stressSeconds),
          server_peak_rss_mb: peakRssMb(child.pid!),
        };
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.on('exit', resolve));
      }
    } finally {
      await cleanup();
    }
  },
};

export default scenario;
