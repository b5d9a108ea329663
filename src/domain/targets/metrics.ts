/**
 * What a programme target measures, and the reference list of the targets of 263/QĐ-TTg and
 * 924/QĐ-TTg (domain-facts §6) that the shipped targets file must encode. Pure.
 *
 * Computed is not recognised: a commune "đạt chuẩn nông thôn mới" is one recognised by a decision
 * (18/2022/QĐ-TTg). The platform computes from the data whether a commune meets every criterion of
 * a set ("đạt đủ 19 tiêu chí (theo số liệu)"); it does not recognise. A target therefore says which
 * one it counts: `computed` (stored evaluations) or `recognised` (recognition decisions, which the
 * recognition module will record: until then such a target has no source of data).
 */

/** The kind of criteria set a target reads (as in `CriteriaSet.kind`). */
export type TargetSetKind = 'standard' | 'advanced' | 'model';
/** The level of the units the set judges, and that the target counts. */
export type TargetSetLevel = 'commune' | 'district';

/** A criteria set by kind and level: the central set of that kind valid in the year read. */
export interface TargetSetRef {
  kind: TargetSetKind;
  level: TargetSetLevel;
}

/** A capability of the platform (existing or to come) that will feed a target. */
export interface TargetCapability {
  /** Stable code, e.g. `recognition`, `surveys`, `ocop`. */
  code: string;
  /** Vietnamese name shown with "chưa có nguồn số liệu", e.g. "Hồ sơ công nhận (module công nhận)". */
  name: string;
}

export type TargetMetric =
  /** Share of the units meeting every criterion of the set, by the data (computed). */
  | { kind: 'communes_met_share'; set: TargetSetRef }
  /** Units meeting fewer than `criteria` criteria of the set (computed; unknown ones reported apart). */
  | { kind: 'communes_below_criteria'; set: TargetSetRef; criteria: number }
  /** Share of the units meeting an indicator of the set (computed). */
  | { kind: 'indicator_met_share'; set: TargetSetRef; indicator: string }
  /** Share of the units meeting a criterion of the set (computed). */
  | { kind: 'criterion_met_share'; set: TargetSetRef; criterion: string }
  /** Share of the units recognised by decision for the set's standard (recognition module). */
  | { kind: 'recognised'; set: TargetSetRef; capability: TargetCapability }
  /**
   * Share of the units that take citizens' satisfaction online and answer community reports on
   * the platform (924/QĐ-TTg; surveys and feedback modules).
   */
  | { kind: 'online_services'; set: TargetSetRef }
  /** Nothing in the platform measures it yet. */
  | { kind: 'none'; capability: TargetCapability };

export type TargetMetricKind = TargetMetric['kind'];

/** Which result a target counts: computed from the data, recognised by decision, or neither. */
export type TargetCounts = 'computed' | 'recognised' | 'platform' | 'none';

export function metricCounts(metric: TargetMetric): TargetCounts {
  if (metric.kind === 'recognised') return 'recognised';
  if (metric.kind === 'online_services') return 'platform';
  if (metric.kind === 'none') return 'none';
  return 'computed';
}

/** The capability a metric waits for, when the platform has no source for it at all. */
export function metricCapability(metric: TargetMetric): TargetCapability | null {
  // Recognitions are measured since the recognition module (decisions published in the register).
  return metric.kind === 'none' ? metric.capability : null;
}

/** The units a metric counts ("xã" or "huyện"). */
export function metricUnitLevel(metric: TargetMetric): TargetSetLevel | null {
  return metric.kind === 'none' ? null : metric.set.level;
}

/** The capability that will record recognitions (18/2022/QĐ-TTg). */
export const RECOGNITION_CAPABILITY: TargetCapability = {
  code: 'recognition',
  name: 'Hồ sơ, quyết định công nhận (module công nhận)',
};

/** A target every shipped targets file must carry (domain-facts §6). */
export interface ReferenceTarget {
  code: string;
  /** The decision it comes from. */
  decision: '263/QĐ-TTg' | '924/QĐ-TTg';
  kind: TargetMetricKind;
  op: 'gte' | 'lte';
  value: number;
  set?: TargetSetRef;
  indicator?: string;
}

const COMMUNE: TargetSetRef = { kind: 'standard', level: 'commune' };
const ADVANCED_COMMUNE: TargetSetRef = { kind: 'advanced', level: 'commune' };
const MODEL_COMMUNE: TargetSetRef = { kind: 'model', level: 'commune' };
const DISTRICT: TargetSetRef = { kind: 'standard', level: 'district' };
const ADVANCED_DISTRICT: TargetSetRef = { kind: 'advanced', level: 'district' };

/**
 * The targets of 263/QĐ-TTg (programme 2021–2025) and 924/QĐ-TTg (digital transformation in NTM,
 * for 2025), as domain-facts §6 states them. Those the platform cannot measure yet are `none` or
 * `recognised`.
 */
export const REFERENCE_TARGETS: readonly ReferenceTarget[] = [
  // 263/QĐ-TTg: whole programme 2021–2025.
  {
    code: '263.xa-ntm',
    decision: '263/QĐ-TTg',
    kind: 'recognised',
    op: 'gte',
    value: 80,
    set: COMMUNE,
  },
  {
    code: '263.xa-nang-cao',
    decision: '263/QĐ-TTg',
    kind: 'recognised',
    op: 'gte',
    value: 40,
    set: ADVANCED_COMMUNE,
  },
  {
    code: '263.xa-kieu-mau',
    decision: '263/QĐ-TTg',
    kind: 'recognised',
    op: 'gte',
    value: 10,
    set: MODEL_COMMUNE,
  },
  {
    code: '263.xa-duoi-15',
    decision: '263/QĐ-TTg',
    kind: 'communes_below_criteria',
    op: 'lte',
    value: 0,
    set: COMMUNE,
  },
  { code: '263.thu-nhap', decision: '263/QĐ-TTg', kind: 'none', op: 'gte', value: 1.5 },
  // 924/QĐ-TTg: work dossiers handled online.
  { code: '924.ho-so-tw-tinh', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 90 },
  { code: '924.ho-so-huyen', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 80 },
  { code: '924.ho-so-xa', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 60 },
  // Indicators of the criteria sets.
  {
    code: '924.chi-tieu-8.4',
    decision: '924/QĐ-TTg',
    kind: 'indicator_met_share',
    op: 'gte',
    value: 97,
    set: COMMUNE,
    indicator: '8.4',
  },
  {
    code: '924.nang-cao-8.4',
    decision: '924/QĐ-TTg',
    kind: 'indicator_met_share',
    op: 'gte',
    value: 50,
    set: ADVANCED_COMMUNE,
    indicator: '8.4',
  },
  {
    code: '924.nang-cao-15.2',
    decision: '924/QĐ-TTg',
    kind: 'indicator_met_share',
    op: 'gte',
    value: 50,
    set: ADVANCED_COMMUNE,
    indicator: '15.2',
  },
  {
    code: '924.huyen-9.5',
    decision: '924/QĐ-TTg',
    kind: 'indicator_met_share',
    op: 'gte',
    value: 60,
    set: DISTRICT,
    indicator: '9.5',
  },
  {
    code: '924.huyen-6.5',
    decision: '924/QĐ-TTg',
    kind: 'indicator_met_share',
    op: 'gte',
    value: 25,
    set: DISTRICT,
    indicator: '6.5',
  },
  {
    code: '924.huyen-nang-cao-9.2',
    decision: '924/QĐ-TTg',
    kind: 'indicator_met_share',
    op: 'gte',
    value: 25,
    set: ADVANCED_DISTRICT,
    indicator: '9.2',
  },
  // People, production, services, pilots.
  { code: '924.can-bo-tap-huan', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 100 },
  { code: '924.xa-htx', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 70 },
  { code: '924.huyen-lien-ket', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 70 },
  { code: '924.lien-ket-so', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 50 },
  {
    code: '924.dich-vu-truc-tuyen',
    decision: '924/QĐ-TTg',
    kind: 'online_services',
    op: 'gte',
    value: 40,
    set: COMMUNE,
  },
  { code: '924.xa-thong-minh', decision: '924/QĐ-TTg', kind: 'none', op: 'gte', value: 1 },
];
