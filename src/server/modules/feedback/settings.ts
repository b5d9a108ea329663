import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { parse } from 'yaml';
import type { RequestContext } from '../../auth/actor';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import { assertUnitAccess } from '../units/access';
import { getUnit } from '../units/service';
import { todayInVietnam } from '../units/model';
import type { SettingKey, SettingsBody, SettingsResponse } from './api';
import { settingRoles } from './policy';
import { feedbackSettings } from './tables';

/**
 * The figures of the module that are data: the answer deadline in working days, the rate limits
 * per address and per device, the duplicate window. Shipped defaults in
 * `data/feedback/settings.yaml` (`verified: false`: the reference is silent); a province's own
 * figure, set by its office or the administrator, in `feedback_setting`.
 */

export const SETTINGS_FILE = fileURLToPath(
  new URL('../../../../data/feedback/settings.yaml', import.meta.url),
);

export const settingKeys: readonly SettingKey[] = [
  'answer_working_days',
  'per_address_per_day',
  'per_device_per_day',
  'duplicate_window_days',
];

export type FeedbackSettings = Record<SettingKey, number>;

interface ShippedSettings {
  verified: boolean;
  settings: FeedbackSettings;
}

let shipped: ShippedSettings | null = null;

/** The shipped defaults (read once per process); a broken file is an error naming it. */
export function shippedSettings(): ShippedSettings {
  if (shipped) return shipped;
  const raw = parse(fs.readFileSync(SETTINGS_FILE, 'utf8')) as {
    verified?: unknown;
    settings?: Record<string, unknown>;
  };
  const settings = {} as FeedbackSettings;
  for (const key of settingKeys) {
    const value = raw.settings?.[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
      throw new Error(`data/feedback/settings.yaml: settings.${key} must be a whole number 1–1000`);
    }
    settings[key] = value;
  }
  shipped = { verified: raw.verified === true, settings };
  return shipped;
}

/** The figures in force in a province: its own where set, the shipped default otherwise. */
export async function settingsOf(
  executor: Executor,
  provinceCode: string,
): Promise<FeedbackSettings> {
  const result = { ...shippedSettings().settings };
  const rows = await executor
    .select({ key: feedbackSettings.key, value: feedbackSettings.value })
    .from(feedbackSettings)
    .where(eq(feedbackSettings.provinceCode, provinceCode));
  for (const row of rows) {
    if ((settingKeys as readonly string[]).includes(row.key)) {
      result[row.key as SettingKey] = row.value;
    }
  }
  return result;
}

async function provinceUnit(executor: Executor, code: string) {
  const unit = await getUnit(executor, code, todayInVietnam());
  if (unit.level !== 'province') throw new AppError('units.not_found', 404, { code });
  return unit;
}

/** `GET /community-reports/settings`: a province's figures (any signed-in office in scope). */
export async function readSettings(
  executor: Executor,
  context: RequestContext,
  provinceCode: string,
): Promise<SettingsResponse> {
  const unit = await provinceUnit(executor, provinceCode);
  await assertUnitAccess(executor, context, unit.id, 'read');
  const defaults = shippedSettings();
  const rows = await executor
    .select()
    .from(feedbackSettings)
    .where(eq(feedbackSettings.provinceCode, provinceCode));
  return {
    province: provinceCode,
    verified: defaults.verified,
    items: settingKeys.map((key) => {
      const own = rows.find((row) => row.key === key);
      return {
        key,
        value: own?.value ?? defaults.settings[key],
        default: defaults.settings[key],
        own: !!own,
        version: own?.version ?? null,
      };
    }),
  };
}

/** `PUT /community-reports/settings`: the province office (or the administrator) sets a figure. */
export async function saveSetting(
  tx: Tx,
  context: RequestContext,
  input: SettingsBody,
): Promise<SettingsResponse> {
  const unit = await provinceUnit(tx, input.province);
  const actor = await assertUnitAccess(tx, context, unit.id, 'write', settingRoles);
  const [existing] = await tx
    .select()
    .from(feedbackSettings)
    .where(
      and(eq(feedbackSettings.provinceCode, input.province), eq(feedbackSettings.key, input.key)),
    )
    .for('update');
  if ((existing?.version ?? null) !== input.version) {
    throw new AppError('feedback.setting_conflict', 409, { key: input.key }).withBody({
      current: await readSettings(tx, context, input.province),
    });
  }
  if (existing) {
    await tx
      .update(feedbackSettings)
      .set({
        value: input.value,
        note: input.note ?? null,
        version: existing.version + 1,
        updatedAt: new Date(),
        updatedByName: actor.displayName,
      })
      .where(eq(feedbackSettings.id, existing.id));
  } else {
    await tx.insert(feedbackSettings).values({
      provinceCode: input.province,
      key: input.key,
      value: input.value,
      note: input.note ?? null,
      updatedByName: actor.displayName,
    });
  }
  await recordAudit(tx, context, {
    action: 'feedback.setting.save',
    entityType: 'feedback_setting',
    entityId: `${input.province}:${input.key}`,
    provinceCode: input.province,
    before: existing ? { value: existing.value } : null,
    after: { value: input.value, note: input.note ?? null },
  });
  return readSettings(tx, context, input.province);
}
