import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, asc, eq } from 'drizzle-orm';
import { parseHolidayCalendar, type WorkingCalendar } from '../../../domain/recognition/calendar';
import { parseProcedureTemplate } from '../../../domain/recognition/template';
import { templateFor } from '../../../domain/recognition/select';
import type {
  DossierKind,
  DossierPurpose,
  ProcedureStep,
  ProcedureTemplate,
} from '../../../domain/recognition/types';
import type { Executor, Tx } from '../../db/client';
import { afterCommit, databaseKey } from '../../db/commit-hooks';
import type { SeedStep } from '../../db/seed';
import { AppError } from '../../errors';
import { procedureStepSettings, procedureTemplates } from './tables';

/**
 * Procedure templates (versioned data: `data/recognition/*.yaml` shipped, new versions saved by an
 * administrator) and the working-day calendar (`data/calendar/ngay-nghi-le.yaml`). Stored versions
 * are immutable; a dossier keeps the version it was opened (or rerouted) with.
 */

export const SHIPPED_TEMPLATES_DIR = fileURLToPath(
  new URL('../../../../data/recognition/', import.meta.url),
);
export const HOLIDAY_CALENDAR_FILE = fileURLToPath(
  new URL('../../../../data/calendar/ngay-nghi-le.yaml', import.meta.url),
);

/** Reads and checks every shipped template file; a broken file stops the seed with its errors. */
export function readShippedTemplates(directory = SHIPPED_TEMPLATES_DIR): ProcedureTemplate[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const outcome = parseProcedureTemplate(fs.readFileSync(path.join(directory, name), 'utf8'));
      if ('errors' in outcome) {
        throw new Error(`data/recognition/${name}: ${outcome.errors.join('; ')}`);
      }
      return outcome.template;
    });
}

let calendarCache: WorkingCalendar | null = null;
/** The holiday calendar shipped with the product (read once per process). */
export function workingCalendar(): WorkingCalendar {
  if (!calendarCache) {
    const outcome = parseHolidayCalendar(fs.readFileSync(HOLIDAY_CALENDAR_FILE, 'utf8'));
    if ('errors' in outcome) {
      throw new Error(`data/calendar/ngay-nghi-le.yaml: ${outcome.errors.join('; ')}`);
    }
    calendarCache = outcome.calendar;
  }
  return calendarCache;
}

/** Stores a template version unless the same code and version is stored (then it must match). */
export async function storeTemplate(
  tx: Tx,
  template: ProcedureTemplate,
  source: 'file' | 'admin',
  byName: string,
): Promise<'stored' | 'unchanged'> {
  const [existing] = await tx
    .select({ definition: procedureTemplates.definition })
    .from(procedureTemplates)
    .where(
      and(
        eq(procedureTemplates.code, template.code),
        eq(procedureTemplates.version, template.version),
      ),
    );
  if (existing) {
    if (JSON.stringify(existing.definition) === JSON.stringify(template)) return 'unchanged';
    throw new AppError('recognition.template_version_exists', 409, {
      code: template.code,
      version: template.version,
    });
  }
  await tx.insert(procedureTemplates).values({
    code: template.code,
    version: template.version,
    purpose: template.purpose,
    validFrom: template.validFrom,
    validTo: template.validTo,
    definition: template,
    source,
    createdByName: byName,
  });
  const key = databaseKey(tx);
  afterCommit(() => templatesCache.delete(key));
  return 'stored';
}

export const recognitionTemplatesSeedStep: SeedStep = {
  name: 'recognition-templates',
  demoOnly: false,
  description: {
    vi: 'Quy trình xét, công nhận và thu hồi (18/2022/QĐ-TTg, 131/2025/NĐ-CP) dạng dữ liệu',
    en: 'Recognition and revocation procedures (18/2022/QĐ-TTg, 131/2025/NĐ-CP) as data',
  },
  async run(tx, progress) {
    const templates = readShippedTemplates();
    let stored = 0;
    for (const [index, template] of templates.entries()) {
      if ((await storeTemplate(tx, template, 'file', 'Dữ liệu kèm phần mềm')) === 'stored') {
        stored++;
      }
      progress({ task: 'Quy trình công nhận', done: index + 1, total: templates.length });
    }
    return { templates: templates.length, stored };
  },
};

const templatesCache = new Map<string, Promise<ProcedureTemplate[]>>();

/** Every stored template version (cached per database until a new version is stored). */
export function loadTemplates(executor: Executor): Promise<ProcedureTemplate[]> {
  const key = databaseKey(executor);
  let cached = templatesCache.get(key);
  if (!cached) {
    cached = executor
      .select({ definition: procedureTemplates.definition })
      .from(procedureTemplates)
      .orderBy(asc(procedureTemplates.code), asc(procedureTemplates.version))
      .then((rows) => rows.map((row) => row.definition));
    cached.catch(() => templatesCache.delete(key));
    templatesCache.set(key, cached);
  }
  return cached;
}

export async function templateVersion(
  executor: Executor,
  code: string,
  version: number,
): Promise<ProcedureTemplate> {
  const found = (await loadTemplates(executor)).find(
    (template) => template.code === code && template.version === version,
  );
  if (!found) throw new AppError('recognition.template_missing', 500, { code, version });
  return found;
}

/** The template that applies to a dossier of `kind` opened on `date`, or 422. */
export async function templateOnDate(
  executor: Executor,
  kind: DossierKind,
  purpose: DossierPurpose,
  date: string,
): Promise<ProcedureTemplate> {
  const template = templateFor(await loadTemplates(executor), kind, purpose, date);
  if (!template) {
    throw new AppError('recognition.no_template', 422, {
      kind: `@recognition.kinds.${kind}`,
      date: date.split('-').reverse().join('/'),
    });
  }
  return template;
}

/**
 * The template with the province's own durations applied (procedure_step_setting): a province may
 * set the working days of a step where the reference gives none (or a province rule differs).
 */
export async function templateForProvince(
  executor: Executor,
  template: ProcedureTemplate,
  provinceCode: string,
): Promise<ProcedureTemplate> {
  const settings = await executor
    .select()
    .from(procedureStepSettings)
    .where(
      and(
        eq(procedureStepSettings.provinceCode, provinceCode),
        eq(procedureStepSettings.templateCode, template.code),
      ),
    );
  if (settings.length === 0) return template;
  const byStep = new Map(settings.map((setting) => [setting.stepCode, setting]));
  return {
    ...template,
    steps: template.steps.map((step): ProcedureStep => {
      const setting = byStep.get(step.code);
      if (!setting) return step;
      return {
        ...step,
        duration: {
          amount: setting.amount,
          unit: setting.unit as 'working_days' | 'days',
          verified: step.duration?.verified ?? false,
          source: `Cấu hình của tỉnh (${setting.updatedByName})`,
        },
      };
    }),
  };
}
