import { sql } from 'drizzle-orm';
import type { BenchScenario } from '../types';
import { percentile, runLoad, type LoadResult } from '../load';
import { BENCH_SET } from '../dataset';
import {
  benchDatabase,
  peakRssMb,
  prepareDataset,
  type ProvinceFile,
  round,
  saveBenchValue,
  signIn,
  startServer,
  stopServer,
} from '../national-data';
import { freePort } from '../../src/server/test/process';

/** Provinces whose summaries the province readers ask for, in turn (2025 codes). */
const READ_PROVINCES = ['01', '79', '15', '38', '40', '48', '92', '24', '31', '66'];
/** The province the writers save in (many communes), and the one the freshness probe uses. */
const WRITERS_PROVINCE = '01';
const PROBE_PROVINCE = '15';
const YEAR = 2025;
const query = `set=${BENCH_SET}&year=${YEAR}`;

interface Step {
  saves: LoadLatencies;
  national: LoadResult;
  province: LoadResult;
  freshness: number[];
  savesPerSecond: number;
  importSeconds: number | null;
}

interface LoadLatencies {
  sorted: number[];
  errors: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Readers while writers write (issue 10): on the national dataset, 50 clients read the national
 * summary and 50 read province summaries (ten provinces in turn) while officers save — none, then
 * 20, then 100, each saving one value a second on a commune of their own — and, during the 100
 * step, one province file is imported again. A probe measures freshness: the time from a save's
 * answer to the first national summary that includes it (it toggles criterion 1 of a commune in
 * another province, which no other writer touches).
 */
const scenario: BenchScenario = {
  name: 'mixed',
  description: 'đọc bảng điều khiển trong khi cán bộ lưu số liệu và nhập tệp (toàn quốc)',
  async run({ quick, databaseUrl }) {
    const database = await benchDatabase(databaseUrl, 'mixed');
    const { env, open, cleanup } = database;
    let peak = 0;
    try {
      // 1. Schema, reference data and the demo accounts (no demo values); the files to upload.
      const built = await prepareDataset(
        database,
        quick ? [WRITERS_PROVINCE, PROBE_PROVINCE, ...READ_PROVINCES.slice(2, 4)] : null,
      );
      env.PORT = String(await freePort());
      const base = `http://127.0.0.1:${env.PORT}`;
      let server = await startServer(env);
      try {
        const admin = await signIn(base, 'admin');
        for (const [index, file] of built.files.entries()) {
          await upload(base, admin, file);
          if ((index + 1) % 40 === 0 || index + 1 === built.files.length) {
            process.stdout.write(`   nhập ${index + 1}/${built.files.length} tệp\n`);
          }
        }
      } finally {
        await stopServer(server);
      }
      const handle = await open();
      try {
        await handle.db.execute(sql`ANALYZE`);
      } finally {
        await handle.close();
      }

      // 2. Readers, writers, the import and the probe.
      server = await startServer(env);
      try {
        const admin = await signIn(base, 'admin');
        const headers = { cookie: admin };
        const communes = async (unit: string, pageSize: number) =>
          (
            (await (
              await fetch(
                `${base}/api/v1/stats/communes?unit=${unit}&year=${YEAR}&filter=all&pageSize=${pageSize}`,
                { headers },
              )
            ).json()) as { items: Array<{ code: string; criteriaMet: number | null }> }
          ).items.map((item) => item.code);
        const writerCommunes = await communes(WRITERS_PROVINCE, 100);
        const probeCommune = (await communes(PROBE_PROVINCE, 1))[0]!;
        const importFile =
          built.files.find(
            (file) => file.year === YEAR && file.provinceCode === READ_PROVINCES[1],
          ) ??
          // Never the writers' province: its file would change their values under them (409s).
          built.files.find(
            (file) =>
              file.year === YEAR &&
              file.provinceCode !== WRITERS_PROVINCE &&
              file.provinceCode !== PROBE_PROVINCE,
          )!;
        const versions = new Map<string, number>();
        const versionOf = async (code: string, indicator: string) => {
          const read = await fetch(`${base}/api/v1/units/${code}/values?${query}`, { headers });
          const body = (await read.json()) as {
            items: Array<{ indicator: string; version: number; value: unknown }>;
          };
          return body.items.find((item) => item.indicator === indicator)!;
        };
        for (const code of writerCommunes)
          versions.set(code, (await versionOf(code, '3.1')).version);

        const durationS = quick ? 5 : 15;
        const readers = (until: () => boolean) => {
          let turn = 0;
          return Promise.all([
            runLoad({
              url: `${base}/api/v1/stats/summary?year=${YEAR}`,
              connections: 50,
              durationS: 3600,
              headers,
              until,
            }),
            runLoad({
              url: () =>
                `${base}/api/v1/stats/summary?unit=${READ_PROVINCES[turn++ % READ_PROVINCES.length]}&year=${YEAR}`,
              connections: 50,
              durationS: 3600,
              headers,
              until,
            }),
          ]);
        };

        const runStep = async (writers: number, withImport: boolean): Promise<Step> => {
          const end = performance.now() + durationS * 1000;
          const running = () => performance.now() < end;
          const latencies: number[] = [];
          let errors = 0;
          let step = 0;
          const save = async (code: string) => {
            const { ms, ok } = await saveBenchValue(
              base,
              headers,
              query,
              versions,
              code,
              60 + (step++ % 40),
            );
            if (!ok) errors++;
            latencies.push(ms);
          };
          const writing = Promise.all(
            writerCommunes.slice(0, writers).map(async (code, writer) => {
              await sleep((writer * 1000) / Math.max(1, writers));
              while (running()) {
                const began = performance.now();
                await save(code);
                const wait = 1000 - (performance.now() - began);
                if (wait > 0) await sleep(wait);
              }
            }),
          );
          const importing = withImport
            ? (async () => {
                await sleep((durationS * 1000) / 3);
                const began = performance.now();
                await upload(base, admin, importFile);
                return (performance.now() - began) / 1000;
              })()
            : Promise.resolve(null);
          const freshness: number[] = [];
          const probing = (async () => {
            if (writers === 0) return;
            await sleep(1000);
            while (performance.now() < end - 3000) {
              freshness.push(await probe(base, headers, probeCommune));
              await sleep(500);
            }
          })();
          const [[national, province], , importSeconds] = await Promise.all([
            readers(running),
            writing,
            importing,
            probing,
          ]);
          latencies.sort((a, b) => a - b);
          freshness.sort((a, b) => a - b);
          return {
            saves: { sorted: latencies, errors },
            national,
            province,
            freshness,
            savesPerSecond: Math.round(latencies.length / durationS),
            importSeconds,
          };
        };

        const quiet = await runStep(0, false);
        process.stdout.write(`   yên tĩnh: tổng hợp toàn quốc p95 ${quiet.national.p95Ms} ms\n`);
        const twenty = await runStep(20, false);
        process.stdout.write(`   20 lượt lưu/s: p95 ${twenty.national.p95Ms} ms\n`);
        const hundred = await runStep(Math.min(100, writerCommunes.length), true);
        process.stdout.write(`   100 lượt lưu/s: p95 ${hundred.national.p95Ms} ms\n`);
        peak = Math.max(peak, peakRssMb(server.pid!));
        const figures = (prefix: string, result: Step) => ({
          [`${prefix}summary_p50_ms`]: result.national.p50Ms,
          [`${prefix}summary_p95_ms`]: result.national.p95Ms,
          [`${prefix}summary_reads_per_s`]: result.national.requestsPerSecond,
          [`${prefix}summary_errors`]: result.national.errors,
          [`${prefix}province_p50_ms`]: result.province.p50Ms,
          [`${prefix}province_p95_ms`]: result.province.p95Ms,
          [`${prefix}province_reads_per_s`]: result.province.requestsPerSecond,
          [`${prefix}save_p50_ms`]: round(percentile(result.saves.sorted, 50)),
          [`${prefix}save_p95_ms`]: round(percentile(result.saves.sorted, 95)),
          [`${prefix}save_errors`]: result.saves.errors,
          [`${prefix}saves_per_s`]: result.savesPerSecond,
          [`${prefix}freshness_p50_ms`]: round(percentile(result.freshness, 50)),
          [`${prefix}freshness_p95_ms`]: round(percentile(result.freshness, 95)),
          [`${prefix}freshness_samples`]: result.freshness.length,
        });
        return {
          mixed_communes: built.communes,
          mixed_summary_quiet_p50_ms: quiet.national.p50Ms,
          mixed_summary_quiet_p95_ms: quiet.national.p95Ms,
          mixed_summary_quiet_reads_per_s: quiet.national.requestsPerSecond,
          mixed_province_quiet_p95_ms: quiet.province.p95Ms,
          ...figures('mixed_20_', twenty),
          // The headline figures are those of the 100-writer step.
          mixed_summary_p50_ms: hundred.national.p50Ms,
          mixed_summary_p95_ms: hundred.national.p95Ms,
          mixed_summary_reads_per_s: hundred.national.requestsPerSecond,
          mixed_province_p95_ms: hundred.province.p95Ms,
          mixed_save_p50_ms: round(percentile(hundred.saves.sorted, 50)),
          mixed_save_p95_ms: round(percentile(hundred.saves.sorted, 95)),
          mixed_save_errors: hundred.saves.errors,
          mixed_saves_per_s: hundred.savesPerSecond,
          mixed_freshness_p50_ms: round(percentile(hundred.freshness, 50)),
          mixed_freshness_p95_ms: round(percentile(hundred.freshness, 95)),
          mixed_freshness_samples: hundred.freshness.length,
          mixed_import_s: round(hundred.importSeconds ?? 0, 2),
          mixed_peak_rss_mb: peak,
        };
      } finally {
        await stopServer(server);
      }
    } finally {
      await cleanup();
    }
  },
};

async function upload(base: string, cookie: string, file: ProvinceFile): Promise<void> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([file.csv], { type: 'text/csv' }),
    `bench-${file.provinceCode}-${file.year}.csv`,
  );
  const response = await fetch(
    `${base}/api/v1/units/${file.provinceCode}/values/import?set=${BENCH_SET}&year=${file.year}`,
    { method: 'POST', headers: { cookie, origin: base }, body: form },
  );
  if (response.status !== 200) {
    throw new Error(
      `import ${file.provinceCode}/${file.year}: ${response.status} ${(await response.text()).slice(0, 400)}`,
    );
  }
  await response.arrayBuffer().catch(() => undefined);
}

/**
 * Toggles criterion 1 (one yes/no indicator) of the probe commune and polls the national summary
 * until its count of communes meeting criterion 1 shows the change: milliseconds from the save's
 * answer to the first summary that includes it (bounded at 30 s).
 */
async function probe(base: string, headers: Record<string, string>, code: string): Promise<number> {
  const summary = async () =>
    (
      (await (await fetch(`${base}/api/v1/stats/summary?year=${YEAR}`, { headers })).json()) as {
        criteria: Array<{ code: string; met: number }>;
      }
    ).criteria.find((criterion) => criterion.code === '1')!.met;
  const read = await fetch(`${base}/api/v1/units/${code}/values?${query}`, { headers });
  const item = (
    (await read.json()) as {
      items: Array<{ indicator: string; version: number; value: unknown }>;
    }
  ).items.find((entry) => entry.indicator === '1')!;
  // Wait until the summary shows the current value, then flip it.
  const before = await summary();
  const next = item.value !== true;
  const response = await fetch(`${base}/api/v1/units/${code}/values/1?${query}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ value: next, version: item.version }),
  });
  await response.arrayBuffer();
  const answered = performance.now();
  if (response.status !== 200) throw new Error(`probe save: ${response.status}`);
  const expected = before + (next ? 1 : -1);
  while (performance.now() - answered < 30_000) {
    if ((await summary()) === expected) return performance.now() - answered;
    await sleep(20);
  }
  return 30_000;
}

export default scenario;
