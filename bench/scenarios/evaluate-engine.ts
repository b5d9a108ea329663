import fs from 'node:fs';
import type { BenchScenario } from '../types';
import {
  compileCriteriaSet,
  evaluateUnit,
  parseCriteriaSet,
  parseEvaluationCsv,
} from '../../src/domain/criteria';
import type {
  CriteriaSet,
  Criterion,
  EvaluationInput,
  Indicator,
  IndicatorValue,
} from '../../src/domain/criteria';

const REGIONS = ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'];
const UNITS = 10_000;
const CRITERIA = 15;
const PER_CRITERION = 4; // 15 × 4 = 60 indicators

/** Small deterministic PRNG (mulberry32): the same values on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic set using every threshold shape the engine knows (no real thresholds). */
function syntheticSet(): CriteriaSet {
  const criteria: Criterion[] = [];
  for (let c = 1; c <= CRITERIA; c++) {
    const indicators: Indicator[] = [];
    for (let i = 1; i <= PER_CRITERION; i++) {
      const code = `${c}.${i}`;
      const base = {
        code,
        name: `Chỉ tiêu ${code}`,
        noThreshold: 'no_rule' as const,
        verified: false,
      };
      switch ((c * PER_CRITERION + i) % 6) {
        case 0:
          indicators.push({ ...base, type: 'boolean', rule: { op: 'eq', value: true } });
          break;
        case 1:
          indicators.push({ ...base, type: 'percent', unit: '%', rule: { op: 'gte', value: 80 } });
          break;
        case 2:
          indicators.push({
            ...base,
            type: 'percent',
            unit: '%',
            rule: { op: 'gte', byClass: { TDMNPB: 70, DBSH: 90, default: 80 } },
          });
          break;
        case 3:
          indicators.push({
            ...base,
            type: 'number',
            unit: 'triệu đồng/người/năm',
            rule: {
              op: 'gte',
              byClass: {
                DBSH: { '2023': 55, '2024': 60, '2025': 66 },
                default: { '2023': 45, '2024': 50, '2025': 55 },
              },
            },
          });
          break;
        case 4:
          indicators.push({
            ...base,
            type: 'percent',
            unit: '%',
            rule: {
              op: 'lte',
              byClass: Object.fromEntries(REGIONS.map((r, k) => [r, 14 + k * 2])),
            },
          });
          break;
        default:
          indicators.push({
            ...base,
            type: 'percent',
            unit: '%',
            rule: { op: 'gte', byClass: { TDMNPB: 50, DBSH: 70 } },
            noThreshold: 'judgement',
          });
      }
    }
    criteria.push({ code: String(c), name: `Tiêu chí ${c}`, indicators });
  }
  return {
    code: 'bench-60',
    name: 'Bộ tổng hợp để đo hiệu năng',
    issuer: 'central',
    basis: 'bench',
    level: 'commune',
    kind: 'standard',
    validFrom: '2023-01-01',
    validTo: '2025-12-31',
    classification: 'region',
    classes: REGIONS,
    classInfo: {},
    extends: null,
    revocation: {
      critical: ['10', '15'],
      notMetShare: 50,
      criticalNotMetShare: 30,
      verified: false,
    },
    notes: [],
    criteria,
  };
}

/** One input per unit: a region, a year and a value per indicator (97 % meeting it, 1 % missing). */
function syntheticUnits(set: CriteriaSet, count: number): EvaluationInput[] {
  const next = random(20240101);
  const compiled = compileCriteriaSet(set);
  const inputs: EvaluationInput[] = [];
  for (let u = 0; u < count; u++) {
    const unitClass = REGIONS[Math.floor(next() * REGIONS.length)] ?? 'DBSH';
    const year = 2023 + Math.floor(next() * 3);
    const applied = compiled.thresholds(unitClass, year);
    const values: Record<string, IndicatorValue | null> = {};
    for (const item of compiled.indicators) {
      const roll = next();
      if (roll < 0.01) {
        values[item.code] = null; // 1 % missing
        continue;
      }
      const meets = roll < 0.97; // most indicators met, so some units meet every criterion
      const threshold = applied[item.index];
      if (!threshold || threshold.op === null || typeof threshold.value !== 'number') {
        values[item.code] = meets;
        continue;
      }
      const upward = threshold.op === 'gte' || threshold.op === 'gt';
      const room =
        item.type === 'percent' ? (upward ? 100 - threshold.value : threshold.value) : 20;
      const offset = Math.round(next() * room * 10) / 10;
      const value = (upward ? 1 : -1) * (meets ? offset : -(offset + 0.1)) + threshold.value;
      values[item.code] = item.type === 'percent' ? Math.min(100, Math.max(0, value)) : value;
    }
    inputs.push({ unit: String(u).padStart(5, '0'), class: unitClass, year, values });
  }
  return inputs;
}

function toCsv(inputs: EvaluationInput[]): string {
  const lines = ['unit_code,class,year,indicator_code,value'];
  for (const input of inputs) {
    for (const [code, value] of Object.entries(
      input.values as Record<string, IndicatorValue | null>,
    )) {
      lines.push(
        `${input.unit},${input.class ?? ''},${input.year},${code},${value === null ? '' : String(value)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const round = (value: number, digits = 1): number =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The evaluation engine alone, in one process: 10,000 synthetic units × 60 indicators (every
 * threshold shape, deterministic values), timed after a warm-up; plus parsing the shipped commune
 * set and reading the same values as a CSV (the `ntm evaluate` path).
 */
const scenario: BenchScenario = {
  name: 'evaluate-engine',
  description: 'bộ máy đánh giá: 10.000 đơn vị × 60 chỉ tiêu (dữ liệu tổng hợp, cố định)',
  run({ quick }) {
    const set = syntheticSet();
    const compileStart = performance.now();
    const compiled = compileCriteriaSet(set);
    const compileMs = performance.now() - compileStart;
    const inputs = syntheticUnits(set, UNITS);

    const runs = quick ? 3 : 7;
    const times: number[] = [];
    let met = 0;
    // Warm-up run, then timed runs.
    for (let run = 0; run <= runs; run++) {
      const start = performance.now();
      let runMet = 0;
      for (const input of inputs) if (evaluateUnit(compiled, input).status === 'met') runMet++;
      const elapsed = performance.now() - start;
      if (run > 0) times.push(elapsed);
      met = runMet;
    }
    const engineMs = median(times);

    const yamlText = fs.readFileSync(
      new URL('../../data/criteria/xa-ntm-2021-2025.yaml', import.meta.url),
      'utf8',
    );
    const parseStart = performance.now();
    const parsed = parseCriteriaSet(yamlText, 'xa-ntm-2021-2025.yaml');
    const parseMs = performance.now() - parseStart;
    if (!parsed.ok) throw new Error('the shipped commune set does not parse');

    const csvUnits = quick ? 1_000 : UNITS;
    const csv = toCsv(inputs.slice(0, csvUnits));
    const csvStart = performance.now();
    const fromCsv = parseEvaluationCsv(csv, compiled);
    const csvMs = performance.now() - csvStart;
    if (fromCsv.issues.length > 0) throw new Error('synthetic CSV rejected');
    const rows = csvUnits * compiled.indicators.length;

    return Promise.resolve({
      engine_10k_units_60_ind_ms: round(engineMs),
      engine_units_per_s: Math.round((UNITS / engineMs) * 1000),
      engine_indicators_per_s: Math.round(((UNITS * compiled.indicators.length) / engineMs) * 1000),
      engine_compile_ms: round(compileMs, 2),
      engine_units_met_of_10k: met,
      criteria_set_parse_xa_2021_2025_ms: round(parseMs),
      values_csv_rows_per_s: Math.round((rows / csvMs) * 1000),
    });
  },
};

export default scenario;
