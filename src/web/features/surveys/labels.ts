import type { TFunction } from 'i18next';
import type { SurveyRule } from './types';

/** A rule in words: "Tỷ lệ hộ được lấy ý kiến (toàn xã)". */
export function ruleText(t: TFunction, kind: SurveyRule['kind']): string {
  return t(`surveys.ruleKind.${kind}`);
}

export interface ManagedUnit {
  code: string;
  name: string;
  level: 'commune' | 'district';
}

/** The user's own communes and districts a campaign can be opened for (Front, commune, district). */
export function manageableUnits(
  me:
    | {
        roles: readonly {
          role: string;
          unit?: { code: string; name: string; level: string } | null;
        }[];
      }
    | null
    | undefined,
): ManagedUnit[] {
  const units = new Map<string, ManagedUnit>();
  for (const assignment of me?.roles ?? []) {
    const unit = assignment.unit;
    if (!unit || !['front', 'commune', 'district'].includes(assignment.role)) continue;
    if (unit.level === 'commune' || unit.level === 'district') {
      units.set(unit.code, { code: unit.code, name: unit.name, level: unit.level });
    }
  }
  return [...units.values()];
}
