/**
 * Statuses that change the class a commune is judged at (pure: shared by the server, the web app
 * and the CLI). Điều 1 of 318/QĐ-TTg: extremely difficult communes (xã đặc biệt khó khăn) and
 * safe-zone communes of poor districts (xã an toàn khu) are judged at the TDMNPB level of the
 * 2021–2025 sets. Island communes are recorded, but no shipped set has an island class yet. The
 * 2026–2030 commune groups (1–3) are assigned per commune.
 */

export const classOverrideKinds = ['dbkk', 'atk', 'island', 'commune_group'] as const;
export type ClassOverrideKind = (typeof classOverrideKinds)[number];

/** The classification of criteria sets each status applies to. */
export const classificationOfKind: Record<ClassOverrideKind, 'region' | 'group'> = {
  dbkk: 'region',
  atk: 'region',
  island: 'region',
  commune_group: 'group',
};

/** The class a status implies when it is fixed by law (null: given per record, or none). */
export const fixedClassOfKind: Record<ClassOverrideKind, string | null> = {
  dbkk: 'TDMNPB',
  atk: 'TDMNPB',
  island: null,
  commune_group: null,
};

/** Classes a record of the kind may carry. */
export const allowedClassesOfKind: Record<ClassOverrideKind, readonly string[]> = {
  dbkk: ['TDMNPB'],
  atk: ['TDMNPB'],
  island: [],
  commune_group: ['1', '2', '3'],
};

/** Short Vietnamese names, as in official language. */
export const classOverrideKindNames: Record<ClassOverrideKind, string> = {
  dbkk: 'xã ĐBKK',
  atk: 'xã an toàn khu',
  island: 'xã đảo',
  commune_group: 'nhóm xã',
};

/** Long Vietnamese names (labels of forms and templates). */
export const classOverrideKindLongNames: Record<ClassOverrideKind, string> = {
  dbkk: 'Xã đặc biệt khó khăn (ĐBKK)',
  atk: 'Xã an toàn khu của huyện nghèo (ATK)',
  island: 'Xã đảo',
  commune_group: 'Nhóm xã (bộ tiêu chí 2026–2030)',
};

/** Why a unit has the class it is evaluated at. */
export interface UnitClassReason {
  /** The class used (null: none found, or the set has no classes). */
  class: string | null;
  /**
   * `override`: a recorded status (ĐBKK, ATK, commune group); `attribute`: the unit's (or its
   * province's) region or commune-group attribute; `lineage`: the class its predecessors had;
   * `none`: no class.
   */
  source: 'override' | 'attribute' | 'lineage' | 'none';
  /** For an override: its kind, id and basis ("QĐ 123/QĐ-UBND ngày 01/02/2023"). */
  kind: ClassOverrideKind | null;
  overrideId: number | null;
  basis: string | null;
  /** Statuses recorded for the unit on the date that no class of the set follows (island). */
  notApplied: Array<{ kind: ClassOverrideKind; basis: string }>;
}

/** "QĐ 123/QĐ-UBND ngày 01/02/2023" from a decision number and an ISO date. */
export function basisText(number: string, isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  const trimmed = number.trim();
  const prefix = /^(qđ|quyết định|qd|nq|nghị quyết|tt|thông tư|cv|công văn)\b/i.test(trimmed)
    ? ''
    : 'QĐ ';
  return `${prefix}${trimmed} ngày ${day}/${month}/${year}`;
}

/**
 * The Vietnamese explanation shown beside a class: "đánh giá theo mức vùng TDMNPB: xã ĐBKK theo
 * QĐ 123/QĐ-UBND ngày 01/02/2023". Null when the class is not an override and nothing is noted.
 */
export function classReasonText(
  reason: UnitClassReason | null | undefined,
  classLabel: (value: string) => string = (value) => value,
): string | null {
  if (!reason) return null;
  const parts: string[] = [];
  if (reason.source === 'override' && reason.class !== null && reason.kind) {
    const level =
      reason.kind === 'commune_group'
        ? `đánh giá theo nhóm xã ${classLabel(reason.class)}`
        : `đánh giá theo mức vùng ${classLabel(reason.class)}`;
    parts.push(`${level}: ${classOverrideKindNames[reason.kind]} theo ${reason.basis ?? '…'}`);
  }
  for (const noted of reason.notApplied) {
    parts.push(
      `${classOverrideKindNames[noted.kind]} theo ${noted.basis} (chưa áp dụng: bộ tiêu chí chưa có mức riêng)`,
    );
  }
  return parts.length > 0 ? parts.join('; ') : null;
}
