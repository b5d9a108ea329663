import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { questionnaireSchema, surveyGuidanceSchema } from '../../../domain/surveys/schema';
import type { Questionnaire, SurveyGuidance } from '../../../domain/surveys/types';

/**
 * The survey guidance and questionnaires shipped as data (`data/surveys/huong-dan/*.yaml`,
 * `data/surveys/phieu/*.yaml`), checked when read; read once per process. A province's own guide
 * is another file with its `province` code. A campaign copies what it uses when it is created.
 */

export const SHIPPED_SURVEYS_DIR = fileURLToPath(
  new URL('../../../../data/surveys/', import.meta.url),
);

function readYamlFiles<T>(directory: string, read: (value: unknown, name: string) => T): T[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => read(parse(fs.readFileSync(path.join(directory, name), 'utf8')), name));
}

function checked<T>(
  schema: {
    safeParse: (v: unknown) => {
      success: boolean;
      data?: T;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  folder: string,
) {
  return (value: unknown, name: string): T => {
    const outcome = schema.safeParse(value);
    if (!outcome.success) {
      const issues = outcome.error!.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      );
      throw new Error(`data/surveys/${folder}/${name}: ${issues.join('; ')}`);
    }
    return outcome.data!;
  };
}

interface ShippedSurveys {
  guidances: SurveyGuidance[];
  questionnaires: Questionnaire[];
}

let cache: ShippedSurveys | null = null;

/** Every shipped guidance and questionnaire; a broken file throws with its errors. */
export function shippedSurveys(directory = SHIPPED_SURVEYS_DIR): ShippedSurveys {
  if (cache && directory === SHIPPED_SURVEYS_DIR) return cache;
  const guidances = readYamlFiles(
    path.join(directory, 'huong-dan'),
    checked<SurveyGuidance>(surveyGuidanceSchema, 'huong-dan'),
  );
  const questionnaires = readYamlFiles(
    path.join(directory, 'phieu'),
    checked<Questionnaire>(questionnaireSchema, 'phieu'),
  );
  for (const guidance of guidances) {
    for (const [level, entry] of Object.entries(guidance.levels)) {
      const found = questionnaires.find((q) => q.code === entry?.questionnaire);
      if (!found) {
        throw new Error(
          `data/surveys: ${guidance.code}.${level} names questionnaire ${entry?.questionnaire}, not shipped`,
        );
      }
      if (found.level !== level) {
        throw new Error(
          `data/surveys: ${guidance.code}.${level} uses a ${found.level} questionnaire`,
        );
      }
    }
  }
  const loaded = { guidances, questionnaires };
  if (directory === SHIPPED_SURVEYS_DIR) cache = loaded;
  return loaded;
}

/** The newest version of a questionnaire by code. */
export function questionnaireByCode(code: string): Questionnaire | null {
  const matching = shippedSurveys().questionnaires.filter((q) => q.code === code);
  return matching.sort((a, b) => b.version - a.version)[0] ?? null;
}
