import type { StatusTone } from '../../components/StatusBadge';
import { formatNumber } from '../../lib/format';
import type { Me } from '../auth/types';
import type { Target, TargetStatus } from './types';

/**
 * Status colours of targets: Đạt green, Đúng tiến độ blue, Chậm red, Chưa có số liệu and Chưa có
 * nguồn số liệu grey.
 */
export const STATUS_TONE: Record<TargetStatus, StatusTone> = {
  met: 'success',
  on_track: 'info',
  behind: 'danger',
  no_data: 'neutral',
  no_source: 'neutral',
};

/** The units a target counts, for "Còn 3 xã" / "Còn 2 huyện". */
export function unitWordKey(target: Pick<Target, 'metric'>): 'communes' | 'districts' {
  return target.metric.unitLevel === 'district' ? 'districts' : 'communes';
}

/** A target's measure with its unit: "62,9%", "3 xã". */
export function formatMeasure(value: number, unit: string): string {
  return unit === '%' ? `${formatNumber(value, 1)}%` : `${formatNumber(value, 1)} ${unit}`;
}

/** The target as written in the decision: "≥ 80%", "≤ 0 xã". */
export function formatGoal(target: Pick<Target, 'op' | 'value' | 'unit'>): string {
  return `${target.op === 'gte' ? '≥' : '≤'} ${formatMeasure(target.value, target.unit)}`;
}

/**
 * Where the bar of a share target stands (0–100) and where its goal lies; null for a count target
 * (communes under N criteria), which has no natural scale.
 */
export function progressBar(target: Target): { value: number; goal: number } | null {
  if (target.unit !== '%' || target.progress.current === null) return null;
  const clamp = (value: number) => Math.max(0, Math.min(100, value));
  return { value: clamp(target.progress.current), goal: clamp(target.value) };
}

/** Province offices manage their own province's targets; administrators any province's. */
export function canManageTargets(me: Me | null | undefined, province: string | undefined): boolean {
  if (!me || !province) return false;
  return me.roles.some(
    (assignment) =>
      assignment.role === 'admin' ||
      (assignment.role === 'province' && assignment.unit?.code === province),
  );
}

/**
 * Programme targets, then the province's own; in each, the targets the platform measures first
 * (those still without a source of data — "chưa có nguồn số liệu" — last), otherwise in the order
 * given.
 */
export function groupTargets(items: readonly Target[]): { programme: Target[]; own: Target[] } {
  const measuredFirst = (list: Target[]) =>
    list
      .map((item, index) => ({ item, index }))
      .sort(
        (a, b) =>
          Number(a.item.noSource !== null) - Number(b.item.noSource !== null) || a.index - b.index,
      )
      .map(({ item }) => item);
  return {
    programme: measuredFirst(items.filter((item) => item.source === 'file')),
    own: measuredFirst(items.filter((item) => item.source === 'user')),
  };
}
