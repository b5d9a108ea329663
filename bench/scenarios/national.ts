import { sql } from 'drizzle-orm';
import type { BenchScenario } from '../types';
import { percentile, runLoad } from '../load';
import { BENCH_SET } from '../dataset';
import {
  benchDatabase,
  peakRssMb,
  prepareDataset,
  round,
  saveBenchValue,
  signIn,
  startServer,
  stopServer,
  YEARS,
} from '../national-data';
import { freePort } from '../../src/server/test/process';
import { reevaluateAll } from '../../src/server/modules/evaluation/reevaluate';

/**
 * The national benchmark (issue 6): the synthetic dataset on the real hierarchy — every rural
 * commune as it stood on 31/12 of 2022–2024 (before the reform) and of 2025 (after), × every
 * indicator of the 2021–2025 commune set (valid 2022–2025) — uploaded as one CSV per province and
 * year through the real import API; then re-evaluation of every commune-year; national and
 * province dashboards under 50 clients beside the bare HTTP floor; single-value saves by 20
 * writers; peak memory. `--quick`: one province (code 15: Yên Bái before, Lào Cai after).
 */
const scenario: BenchScenario = {
  name: 'national',
  description: 'bộ số liệu toàn quốc: nạp qua API nhập tệp, tính lại, bảng điều khiển, lưu giá trị',
  async run({ quick, databaseUrl }) {
    const database = await benchDatabase(databaseUrl, 'national');
    const { env, open, cleanup } = database;
    let peak = 0;
    try {
      // 1. Schema, reference data and the demo accounts (no demo values); the files to upload.
      const built = await prepareDataset(database, quick ? ['15'] : null);
      const totalValues = built.files.reduce((sum, file) => sum + file.values, 0);
      process.stdout.write(
        `   ${built.files.length} tệp, ${built.communes} xã, ${totalValues} giá trị\n`,
      );

      // 2. Upload every province-year file through the import API.
      env.PORT = String(await freePort());
      const base = `http://127.0.0.1:${env.PORT}`;
      let server = await startServer(env);
      let loadSeconds = 0;
      let largestImport = { communes: 0, seconds: 0, values: 0 };
      let imported = 0;
      try {
        const admin = await signIn(base, 'admin');
        const began = performance.now();
        for (const [index, file] of built.files.entries()) {
          const form = new FormData();
          form.append(
            'file',
            new Blob([file.csv], { type: 'text/csv' }),
            `bench-${file.provinceCode}-${file.year}.csv`,
          );
          const started = performance.now();
          const response = await fetch(
            `${base}/api/v1/units/${file.provinceCode}/values/import?set=${BENCH_SET}&year=${file.year}`,
            { method: 'POST', headers: { cookie: admin, origin: base }, body: form },
          );
          const seconds = (performance.now() - started) / 1000;
          const answer = (await response.json()) as { changed?: number; errors?: unknown[] };
          if (response.status !== 200) {
            throw new Error(
              `import ${file.provinceCode}/${file.year}: ${response.status} ${JSON.stringify(answer).slice(0, 400)}`,
            );
          }
          imported += answer.changed ?? 0;
          if (file.communes > largestImport.communes) {
            largestImport = { communes: file.communes, seconds, values: file.values };
          }
          if ((index + 1) % 20 === 0 || index + 1 === built.files.length) {
            process.stdout.write(`   nhập ${index + 1}/${built.files.length} tệp\n`);
          }
        }
        loadSeconds = (performance.now() - began) / 1000;
      } finally {
        peak = Math.max(peak, peakRssMb(server.pid!));
        await stopServer(server);
      }

      // 3. Re-evaluate every commune-year (the operator's `ntm reevaluate`, server stopped).
      const handle = await open();
      let reevaluate;
      try {
        await handle.db.execute(sql`ANALYZE`);
        reevaluate = await reevaluateAll(handle.db);
      } finally {
        await handle.close();
      }
      peak = Math.max(peak, Math.round(process.memoryUsage().rss / 1024 / 1024));

      // 4. Dashboards, the HTTP floor and saves, on the loaded data.
      server = await startServer(env);
      try {
        const admin = await signIn(base, 'admin');
        const durationS = quick ? 5 : 15;
        const headers = { cookie: admin };
        // Dashboards as an administrator (every figure, signed in: one session query per request).
        const national = await runLoad({
          url: `${base}/api/v1/stats/summary?year=2025`,
          connections: 50,
          durationS,
          headers,
        });
        // The public portal reads the same roll-up without a session (approved data only).
        const nationalGuest = await runLoad({
          url: `${base}/api/v1/stats/summary?year=2025`,
          connections: 50,
          durationS,
        });
        const provinceCode = quick ? '15' : '01';
        const province = await runLoad({
          url: `${base}/api/v1/stats/summary?unit=${provinceCode}&year=2025`,
          connections: 50,
          durationS,
          headers,
        });
        const floor = await runLoad({
          url: `${base}/api/health`,
          connections: 50,
          durationS,
        });

        // Saves: 20 writers on 20 communes of one province (2025), each naming the version it read.
        const writers = (await (
          await fetch(`${base}/api/v1/stats/communes?unit=15&year=2025&filter=all&pageSize=20`, {
            headers,
          })
        ).json()) as { items: Array<{ code: string }> };
        const query = `set=${BENCH_SET}&year=2025`;
        const versions = new Map<string, number>();
        for (const { code } of writers.items) {
          const read = await fetch(`${base}/api/v1/units/${code}/values?${query}`, { headers });
          const body = (await read.json()) as {
            items: Array<{ indicator: string; version: number }>;
          };
          versions.set(code, body.items.find((item) => item.indicator === '3.1')!.version);
        }
        let errors = 0;
        let step = 0;
        const save = async (code: string): Promise<number> => {
          const { ms, ok } = await saveBenchValue(
            base,
            headers,
            query,
            versions,
            code,
            60 + (step++ % 40),
          );
          if (!ok) errors++;
          return ms;
        };
        // Paced: each writer saves one value a second, staggered (officers typing).
        const paced: number[] = [];
        const pacedEnd = performance.now() + (quick ? 10 : 30) * 1000;
        await Promise.all(
          writers.items.map(async ({ code }, writer) => {
            await new Promise((resolve) =>
              setTimeout(resolve, (writer * 1000) / writers.items.length),
            );
            while (performance.now() < pacedEnd) {
              const began = performance.now();
              paced.push(await save(code));
              const wait = 1000 - (performance.now() - began);
              if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            }
          }),
        );
        // Stress: the same writers back to back (closed loop).
        const stress: number[] = [];
        const stressSeconds = quick ? 5 : 15;
        const stressEnd = performance.now() + stressSeconds * 1000;
        await Promise.all(
          writers.items.map(async ({ code }) => {
            while (performance.now() < stressEnd) stress.push(await save(code));
          }),
        );
        paced.sort((a, b) => a - b);
        stress.sort((a, b) => a - b);
        peak = Math.max(peak, peakRssMb(server.pid!));
        return {
          dataset_communes: built.communes,
          dataset_years: YEARS.length,
          dataset_values: imported,
          load_values_per_s: Math.round(imported / loadSeconds),
          load_seconds: round(loadSeconds),
          import_largest_file_communes: largestImport.communes,
          import_largest_file_values: largestImport.values,
          import_largest_file_s: round(largestImport.seconds, 2),
          reevaluate_all_s: round(reevaluate.seconds, 2),
          reevaluate_unit_years: reevaluate.unitYears,
          dashboard_national_p50_ms: national.p50Ms,
          dashboard_national_p95_ms: national.p95Ms,
          dashboard_national_errors: national.errors,
          dashboard_national_guest_p50_ms: nationalGuest.p50Ms,
          dashboard_national_guest_p95_ms: nationalGuest.p95Ms,
          dashboard_province_p50_ms: province.p50Ms,
          dashboard_province_p95_ms: province.p95Ms,
          dashboard_province_errors: province.errors,
          http_floor_p50_ms: floor.p50Ms,
          http_floor_p95_ms: floor.p95Ms,
          save_value_p50_ms: round(percentile(paced, 50)),
          save_value_p95_ms: round(percentile(paced, 95)),
          save_value_stress_p95_ms: round(percentile(stress, 95)),
          save_value_stress_per_s: Math.round(stress.length / stressSeconds),
          save_value_errors: errors,
          peak_rss_mb: peak,
        };
      } finally {
        await stopServer(server);
      }
    } finally {
      await cleanup();
    }
  },
};

export default scenario;
