import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { formatCriteriaSetIssue } from '../../../domain/criteria/parse';
import type { Tx } from '../../db/client';
import type { ProgressReporter, SeedStep } from '../../db/seed';
import { systemContext } from '../../auth/actor';
import { CriteriaSetInvalid, loadCriteriaSetText, type LoadOutcome } from './service';

/** The criteria sets shipped with the product (`data/criteria/*.yaml`). */
export const SHIPPED_CRITERIA_DIR = fileURLToPath(
  new URL('../../../../data/criteria/', import.meta.url),
);

export interface SetFile {
  file: string;
  text: string;
  code: string | null;
  extends: string | null;
}

/** The YAML files of a directory, parents before the sets that extend them. */
export function readSetFiles(directory: string): SetFile[] {
  const files = fs
    .readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = path.join(directory, name);
      const text = fs.readFileSync(file, 'utf8');
      const doc = parseDocument(text);
      const field = (key: string): string | null => {
        const value: unknown = doc.get(key);
        return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
      };
      return { file, text, code: field('code'), extends: field('extends') };
    });
  const ordered: SetFile[] = [];
  const placed = new Set<string>();
  let pending = files;
  while (pending.length > 0) {
    const ready = pending.filter(
      (set) =>
        !set.extends || placed.has(set.extends) || !files.some((f) => f.code === set.extends),
    );
    // A cycle: load the rest as they are, and let validation report the unresolved parents.
    const next = ready.length > 0 ? ready : pending;
    for (const set of next) {
      ordered.push(set);
      if (set.code) placed.add(set.code);
    }
    pending = pending.filter((set) => !next.includes(set));
  }
  return ordered;
}

/**
 * Loads and publishes every shipped set. A set already published with the same text is left as it
 * is; one published with another text (an earlier text of the shipped file) is kept as published
 * and reported as `kept`: a published set never changes, and data entered against it stays valid.
 */
export async function loadShippedCriteriaSets(
  tx: Tx,
  progress: ProgressReporter,
  directory: string = SHIPPED_CRITERIA_DIR,
): Promise<Record<string, unknown>> {
  const files = readSetFiles(directory);
  const task = 'Bộ tiêu chí (criteria sets)';
  const outcomes: LoadOutcome[] = [];
  progress({ task, done: 0, total: files.length });
  for (const [index, set] of files.entries()) {
    try {
      outcomes.push(
        await loadCriteriaSetText(tx, systemContext('seed'), {
          text: set.text,
          fileName: path.relative(process.cwd(), set.file),
          publish: true,
          by: 'seed',
          keepPublished: true,
        }),
      );
    } catch (error) {
      if (error instanceof CriteriaSetInvalid) {
        throw new Error(error.issues.map(formatCriteriaSetIssue).join('\n'), { cause: error });
      }
      throw error;
    }
    progress({ task, done: index + 1, total: files.length });
  }
  return {
    sets: outcomes.map((outcome) => ({
      code: outcome.code,
      action: outcome.action,
      criteria: outcome.criteriaCount,
      indicators: outcome.indicatorCount,
      unverified: outcome.unverifiedCount,
    })),
  };
}

/**
 * The official criteria sets shipped in `data/criteria/` (commune, advanced commune, model commune,
 * district and advanced district 2021–2025; commune 2026–2030), published. Not demo data: runs in
 * production too. The step was `criteria-sets-shipped` before the advanced and model sets were
 * added; the new name makes databases seeded before load the new files (sets they published
 * already are kept as published).
 */
export const criteriaSeedStep: SeedStep = {
  name: 'criteria-sets-shipped-2',
  demoOnly: false,
  description: {
    vi: 'Các bộ tiêu chí có sẵn (data/criteria): xã NTM, xã NTM nâng cao, xã NTM kiểu mẫu, huyện NTM, huyện NTM nâng cao 2021–2025; xã NTM 2026–2030',
    en: 'Shipped criteria sets (data/criteria): commune NTM, advanced commune, model commune, district NTM, advanced district 2021–2025; commune NTM 2026–2030',
  },
  run: (tx, progress) => loadShippedCriteriaSets(tx, progress),
};
