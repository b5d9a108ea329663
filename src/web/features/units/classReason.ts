import type { TFunction } from 'i18next';
import type { UnitClassReasonView } from '../../../server/modules/units/api';

/**
 * Why a unit is evaluated at its class, in the reader's language: "đánh giá theo mức vùng TDMNPB:
 * xã ĐBKK theo QĐ 123/QĐ-UBND ngày 01/02/2023"; island records are noted as not applied. Null when
 * the class is simply the unit's region or group.
 */
export function classReasonLabel(
  reason: UnitClassReasonView | null | undefined,
  t: TFunction,
  classLabel: (value: string) => string = (value) => value,
): string | null {
  if (!reason) return null;
  const parts: string[] = [];
  if (reason.source === 'override' && reason.class !== null && reason.kind) {
    parts.push(
      t(
        reason.kind === 'commune_group'
          ? 'classOverrides.reason.group'
          : 'classOverrides.reason.region',
        {
          class: classLabel(reason.class),
          kind: t(`classOverrides.short.${reason.kind}`),
          basis: reason.basis ?? '…',
        },
      ),
    );
  }
  for (const noted of reason.notApplied) {
    parts.push(
      t('classOverrides.reason.notApplied', {
        kind: t(`classOverrides.short.${noted.kind}`),
        basis: noted.basis,
      }),
    );
  }
  return parts.length > 0 ? parts.join('; ') : null;
}
