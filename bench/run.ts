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

const result = {
  engine: databaseUrl ? 'postgres' : 'pglite',
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
  metrics,
};
const resultsDir = path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`\nĐã ghi | Written: bench/results/latest.json\n`);
console.table(metrics);
