// `npm run bench [-- --quick] [-- --only NAME]`: runs the scenarios in bench/scenarios/, prints a
// table and writes bench/results/latest.json. Figures go into BENCHMARKS.md by hand, with the date.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchScenario } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;

const scenarioFiles = fs
  .readdirSync(path.join(here, 'scenarios'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .sort();

const metrics: Record<string, number> = {};
const scenarios: Array<{ name: string; seconds: number }> = [];
for (const file of scenarioFiles) {
  const scenario = (
    (await import(path.join(here, 'scenarios', file))) as { default: BenchScenario }
  ).default;
  if (only && scenario.name !== only) continue;
  process.stdout.write(`▶ ${scenario.name}: ${scenario.description}\n`);
  const began = performance.now();
  const figures = await scenario.run({ quick, databaseUrl });
  const seconds = (performance.now() - began) / 1000;
  scenarios.push({ name: scenario.name, seconds: Math.round(seconds * 10) / 10 });
  for (const [name, value] of Object.entries(figures)) metrics[name] = value;
  for (const [name, value] of Object.entries(figures)) {
    process.stdout.write(`   ${name.padEnd(36)} ${value}\n`);
  }
}

// The figures issue 6 names, in its shape; every other figure of the scenarios follows in `details`.
const datasetKeys = {
  communes: 'dataset_communes',
  years: 'dataset_years',
  values: 'dataset_values',
};
const headline = [
  'load_values_per_s',
  'reevaluate_all_s',
  'dashboard_national_p95_ms',
  'dashboard_province_p95_ms',
  'http_floor_p95_ms',
  'save_value_p95_ms',
  'peak_rss_mb',
  // Issue 10: readers while writers write (the 100-writer step).
  'mixed_summary_quiet_p95_ms',
  'mixed_summary_p95_ms',
  'mixed_save_p95_ms',
  'mixed_freshness_p95_ms',
  'mixed_saves_per_s',
  // Issue 12: recognition dossiers (under load: inbox and dossier readers while officers write).
  'recognition_open_p95_ms',
  'recognition_detail_p95_ms',
  'recognition_inbox_p95_ms',
  // Issue 13: satisfaction surveys (households answer while officers read the live tally).
  'surveys_answers_per_s',
  'surveys_answer_p95_ms',
  'surveys_tally_p95_ms',
  'surveys_tally_loaded_p95_ms',
  // Issue 14: OCOP (members open their sheets while others save and submit; the catalogue).
  'ocop_sheet_open_p95_ms',
  'ocop_sheet_open_under_writes_p95_ms',
  'ocop_sheet_save_p95_ms',
  'ocop_catalogue_p95_ms',
  'ocop_catalogue_under_writes_p95_ms',
];
const peakRss = Math.max(
  0,
  ...Object.entries(metrics)
    .filter(([name]) => name.endsWith('peak_rss_mb'))
    .map(([, value]) => value),
);
if (peakRss > 0) metrics.peak_rss_mb = peakRss;
const result = {
  engine: databaseUrl ? 'postgres' : 'pglite',
  dataset: Object.fromEntries(
    Object.entries(datasetKeys).map(([key, metric]) => [key, metrics[metric] ?? 0]),
  ),
  metrics: Object.fromEntries(
    headline.filter((name) => name in metrics).map((name) => [name, metrics[name]]),
  ),
  details: metrics,
  quick,
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  },
  scenarios,
};
const resultsDir = path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`\nĐã ghi | Written: bench/results/latest.json\n`);
console.table(result.metrics);
console.table(result.dataset);
