import { officialDateLine } from '../../files/pdf';
import { formatNumber, formatQuantity } from '../../../domain/criteria';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import type { RequestContext } from '../../auth/actor';
import type { TargetView } from '../targets/api';
import { listTargets } from '../targets/service';
import { displayDate, todayInVietnam } from '../units/model';
import { getUnit } from '../units/service';
import { loadPublishedSet } from '../criteria/sets';
import type { StatsQuery, StatsSummaryResponse } from '../evaluation/api';
import { getStatsSummary } from '../evaluation/service';

/**
 * What the statistics reports (xlsx and PDF) say, computed once: the summary of the statistics API
 * (same access rules: guests and readers outside the scope get approved data only), the legal basis
 * of the set, the targets and the lines of an official document's head (title, unit, set, map,
 * data, place and date). The builders only lay this out.
 */

type Totals = StatsSummaryResponse['totals'];
type Child = StatsSummaryResponse['children'][number];

export type FigureKind = 'count' | 'percent' | 'decimal';

/** One line of the summary table: the year's figure, the previous year's and the change. */
export interface FigureRow {
  label: string;
  kind: FigureKind;
  /** Percent figures are 0–100. */
  value: number | null;
  previous: number | null;
  change: number | null;
  note: string;
}

export interface BandRow {
  label: string;
  communes: number;
  share: number | null;
  previousCommunes: number | null;
  previousShare: number | null;
}

export interface ChildRow {
  code: string;
  name: string;
  communes: number;
  evaluated: number;
  met: number;
  /** % of the child's communes that are met (0–100), null without communes. */
  share: number | null;
  averageCriteriaMet: number | null;
  bands: number[];
  unclassified: number;
  withMissing: number;
  missingCells: number;
  /** A commune's own result (the children of a province after 2025 are communes). */
  result: ChildResult;
  resultWord: string;
}

export type ChildResult = 'met' | 'not_met' | 'unclassified' | 'unevaluated';

export const RESULT_WORDS: Record<ChildResult, string> = {
  met: 'Đạt',
  not_met: 'Không đạt',
  unclassified: 'Chưa xếp vùng/nhóm',
  unevaluated: 'Chưa có kết quả',
};

function resultOf(child: Child): ChildResult {
  if (child.evaluated === 0) return 'unevaluated';
  if (child.met === child.evaluated) return 'met';
  if (child.unclassified === child.evaluated) return 'unclassified';
  return 'not_met';
}

export interface CriterionRow {
  code: string;
  name: string;
  met: number;
  /** Communes where a value of the criterion fails. */
  notMet: number;
  /** Communes where the criterion waits for a value or a threshold (not counted as not met). */
  missing: number;
  share: number | null;
}

export interface IndicatorRow {
  code: string;
  name: string;
  criterion: string;
  met: number;
  missing: number;
  share: number | null;
}

export interface TargetRow {
  code: string;
  name: string;
  basis: string;
  /** "≥ 80%", "≤ 0 xã". */
  targetText: string;
  unit: string;
  op: 'gte' | 'lte';
  value: number;
  current: number | null;
  currentText: string;
  year: number | null;
  expected: number | null;
  status: TargetView['progress']['status'];
  statusWord: string;
  gap: number | null;
  /** "còn 16 xã", "—" when met, "" without data. */
  gapText: string;
  deadline: string;
  deadlineText: string;
  /**
   * What it counts and where its data will come from: "Tính theo số liệu (chưa phải công nhận)",
   * "Chưa có nguồn số liệu: Hồ sơ, quyết định công nhận (module công nhận)".
   */
  sourceText: string;
  note: string;
}

export interface ReportData {
  summary: StatsSummaryResponse;
  basis: string;
  /** "BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2025". */
  title: string;
  /** "Tỉnh Lào Cai" or "Cả nước". */
  unitName: string;
  /** The issuing line under the platform's name: "TỈNH LÀO CAI", "TOÀN QUỐC". */
  issuer: string;
  setLine: string;
  mapLine: string;
  dataLine: string;
  /** "Lào Cai, ngày 23 tháng 11 năm 2026". */
  dateLine: string;
  sourceLine: string;
  figures: FigureRow[];
  bands: BandRow[];
  children: ChildRow[];
  /** Children left out of the tables: wards and other units without communes. */
  childrenWithoutCommunes: number;
  /** Level of the children (commune: one row per commune, no chart). */
  childLevel: string | null;
  criteria: CriterionRow[];
  indicators: IndicatorRow[];
  targets: TargetRow[];
  /** Why there are no targets (a unit that is not a province of today's map). */
  targetsNote: string | null;
  /** `bao-cao-ntm-15-2025` (ASCII) and `Báo cáo NTM 2025 - Tỉnh Lào Cai` (UTF-8), no extension. */
  fileBase: string;
  displayBase: string;
  generatedAt: Date;
}

export const STATUS_WORDS: Record<TargetView['progress']['status'], string> = {
  met: 'Đạt',
  on_track: 'Đúng tiến độ',
  behind: 'Chậm',
  no_data: 'Chưa có số liệu',
  no_source: 'Chưa có nguồn số liệu',
};

/**
 * A commune meeting every criterion of a set by the data: "đạt đủ 19 tiêu chí (theo số liệu)".
 * "Đạt chuẩn" is kept for units recognised by decision (the recognition module, to come).
 */
export function computedMetLabel(criteriaTotal: number): string {
  return `đạt đủ ${criteriaTotal} tiêu chí (theo số liệu)`;
}

/** `a / b` in percent (0–100), null when b is 0. */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** `1.234,5`: fixed decimals, Vietnamese marks (a comma for decimals, dots between thousands). */
export function formatFixed(value: number, digits = 1): string {
  const [int = '0', frac] = Math.abs(value).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const negative = value < 0 && Number(Math.abs(value).toFixed(digits)) !== 0;
  return `${negative ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** `62,9%`, `54,0%` (one decimal, as statistics reports write them); `—` for no value. */
export function formatPercent(value: number | null, digits = 1): string {
  return value === null ? '—' : `${formatFixed(value, digits)}%`;
}

/** `1.234`, `18,4`; `—` for no value. */
export function formatFigure(value: number | null, kind: FigureKind): string {
  if (value === null) return '—';
  if (kind === 'percent') return formatPercent(value);
  if (kind === 'decimal') return formatFixed(value);
  return formatNumber(value);
}

/** `+8,9 điểm %`, `-3`, `0`; `—` for no value. */
export function formatChange(value: number | null, kind: FigureKind): string {
  if (value === null) return '—';
  const text = kind === 'count' ? formatNumber(value) : formatFixed(value);
  const sign = /^[1-9]|^0,0*[1-9]/.test(text) ? '+' : '';
  return `${sign}${text}${kind === 'percent' ? ' điểm %' : ''}`;
}

/**
 * The date line of an official document: "Lào Cai, ngày 23 tháng 11 năm 2026" (Nghị định
 * 30/2020/NĐ-CP: a day below 10 and the months 1 and 2 are written with a leading zero).
 */
const KIND_PREFIX = /^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+/i;

/** The place of the date line: the unit's name without its kind ("Lào Cai"), or "Hà Nội". */
export function placeOf(unitName: string | null): string {
  return unitName ? unitName.replace(KIND_PREFIX, '') : 'Hà Nội';
}

function clockTime(date: Date): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

function figureRows(summary: StatsSummaryResponse): FigureRow[] {
  const now = summary.totals;
  const before = summary.previousYear?.totals ?? null;
  const classified = (totals: Totals) => totals.evaluated - totals.unclassified;
  const rows: Array<Omit<FigureRow, 'change'> & { change?: number | null }> = [];
  const add = (
    label: string,
    kind: FigureKind,
    pick: (totals: Totals) => number | null,
    note = '',
  ) => rows.push({ label, kind, value: pick(now), previous: before ? pick(before) : null, note });
  add('Tổng số xã', 'count', (t) => t.communes, 'Xã (không gồm phường, thị trấn) trên địa giới');
  add('Số xã đã có kết quả đánh giá', 'count', (t) => t.evaluated);
  add('Tỷ lệ xã đã có kết quả đánh giá', 'percent', (t) => shareOf(t.evaluated, t.communes));
  // Computed, not recognised: "đạt chuẩn" is a recognition decision (18/2022/QĐ-TTg).
  const allCriteria = computedMetLabel(summary.set.criteriaTotal);
  add(
    `Số xã ${allCriteria}`,
    'count',
    (t) => t.met,
    'Đạt tất cả các tiêu chí theo số liệu; chưa phải quyết định công nhận đạt chuẩn',
  );
  add(
    `Tỷ lệ xã ${allCriteria}, trên tổng số xã`,
    'percent',
    (t) => shareOf(t.met, t.communes),
    'Cách tính của mục tiêu Chương trình',
  );
  add(`Tỷ lệ xã ${allCriteria}, trên số xã đã đánh giá`, 'percent', (t) =>
    shareOf(t.met, classified(t)),
  );
  add('Số tiêu chí đạt bình quân mỗi xã', 'decimal', (t) => t.averageCriteriaMet);
  add('Số xã chưa được xếp vùng/nhóm', 'count', (t) => t.unclassified, 'Chưa đánh giá được');
  add('Số xã còn thiếu số liệu', 'count', (t) => t.withMissing, 'Thiếu ít nhất một chỉ tiêu');
  add('Số chỉ tiêu còn thiếu số liệu', 'count', (t) => t.missingCells, 'Cộng của các xã');
  if (summary.map === 'current' || now.unmapped > 0) {
    add(
      'Số xã không quy được về địa giới đã chọn',
      'count',
      (t) => t.unmapped,
      'Không có trong các số trên',
    );
  }
  return rows.map((row) => ({
    ...row,
    change: row.value !== null && row.previous !== null ? row.value - row.previous : null,
  }));
}

function bandRows(summary: StatsSummaryResponse): BandRow[] {
  const now = summary.totals;
  const before = summary.previousYear?.totals ?? null;
  const classified = (totals: Totals) => totals.evaluated - totals.unclassified;
  return summary.bands.map((band) => {
    const communes = now.bands[band.key] ?? 0;
    const previousCommunes = before ? (before.bands[band.key] ?? 0) : null;
    return {
      label: band.label,
      communes,
      share: shareOf(communes, classified(now)),
      previousCommunes,
      previousShare:
        before && previousCommunes !== null ? shareOf(previousCommunes, classified(before)) : null,
    };
  });
}

function childRows(summary: StatsSummaryResponse, children: Child[]): ChildRow[] {
  return children.map((child) => ({
    result: resultOf(child),
    resultWord: RESULT_WORDS[resultOf(child)],
    code: child.code,
    name: child.name,
    communes: child.communes,
    evaluated: child.evaluated,
    met: child.met,
    share: shareOf(child.met, child.communes),
    averageCriteriaMet: child.averageCriteriaMet,
    bands: summary.bands.map((band) => child.bands[band.key] ?? 0),
    unclassified: child.unclassified,
    withMissing: child.withMissing,
    missingCells: child.missingCells,
  }));
}

/** "còn 37 xã", "còn 3 xã (gồm 2 xã chưa có số liệu)", "còn 4 huyện". */
function gapText(target: TargetView): string {
  const { gap, unknown } = target.progress;
  if (gap === null) return '';
  if (gap <= 0) return '—';
  const word = target.metric.unitLevel === 'district' ? 'huyện' : 'xã';
  const withoutData =
    unknown !== null && unknown > 0 ? ` (gồm ${formatNumber(unknown)} xã chưa có số liệu)` : '';
  return `còn ${formatNumber(gap)} ${word}${withoutData}`;
}

function targetRow(target: TargetView): TargetRow {
  const { progress } = target;
  const symbol = target.op === 'gte' ? '≥' : '≤';
  return {
    code: target.code,
    name: target.name,
    basis: target.basis,
    targetText: `${symbol} ${formatQuantity(target.value, target.unit)}`,
    unit: target.unit,
    op: target.op,
    value: target.value,
    current: progress.current,
    currentText: progress.current === null ? '—' : formatQuantity(progress.current, target.unit),
    year: progress.year,
    expected: progress.expected,
    status: progress.status,
    statusWord: STATUS_WORDS[progress.status],
    gap: progress.gap,
    gapText: gapText(target),
    deadline: target.deadline,
    deadlineText: displayDate(target.deadline),
    sourceText: [
      target.counts === 'recognised'
        ? 'Đếm đơn vị được công nhận đạt chuẩn bằng quyết định.'
        : target.counts === 'computed'
          ? 'Tính theo số liệu đã nhập (chưa phải công nhận).'
          : '',
      target.noSource ? `Chưa có nguồn số liệu: ${target.noSource.capability.name}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    note: target.note ?? '',
  };
}

/** The targets of the report's scope, read with the same approval rule as the summary. */
async function reportTargets(
  executor: Executor,
  context: RequestContext,
  query: StatsQuery,
  summary: StatsSummaryResponse,
): Promise<{ targets: TargetRow[]; note: string | null }> {
  const { unit } = summary;
  if (unit) {
    const notProvince = {
      targets: [],
      note:
        'Mục tiêu và tiến độ được tính cho cả nước và cho từng tỉnh theo địa giới hiện nay; ' +
        `không áp dụng cho ${unit.name} trên địa giới của báo cáo.`,
    };
    if (unit.level !== 'province') return notProvince;
    try {
      const current = await getUnit(executor, unit.code, todayInVietnam());
      if (current.name !== unit.name || current.level !== 'province') return notProvince;
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return notProvince;
      throw error;
    }
  }
  // A reader who asked for approved data only gets targets read the same way (as a guest would).
  const readAs = summary.approvedOnly ? { ...context, actor: null } : context;
  const list = await listTargets(executor, readAs, { unit: query.unit, year: query.year });
  return { targets: list.items.map(targetRow), note: null };
}

/** Everything the reports show, from the statistics summary of `query` as `context` may read it. */
export async function loadReportData(
  executor: Executor,
  context: RequestContext,
  query: StatsQuery,
  now: Date = new Date(),
): Promise<ReportData> {
  const summary = await getStatsSummary(executor, context, query);
  const set = await loadPublishedSet(executor, summary.set.code);
  const { targets, note: targetsNote } = await reportTargets(executor, context, query, summary);
  const today = todayInVietnam(now);
  const unitName = summary.unit?.name ?? 'Cả nước';
  const forcedApproved = summary.approvedOnly && query.approved !== 'true';
  const dataLine = summary.approvedOnly
    ? 'Chỉ gồm số liệu đã duyệt' +
      (forcedApproved
        ? ' (khách và người xem ngoài phạm vi quản lý của mình chỉ xem được số liệu đã duyệt).'
        : '.')
    : 'Gồm cả số liệu chưa duyệt (đang nhập, đã gửi, bị trả lại) trong phạm vi của người lập.';
  const mapLine =
    summary.map === 'year'
      ? `Tổng hợp theo địa giới ngày ${displayDate(summary.reportingDate)}.`
      : `Tổng hợp quy về địa giới hiện nay (ngày ${displayDate(summary.reportingDate)}) qua ` +
        'lịch sử sắp xếp đơn vị hành chính.';
  const withCommunes = summary.children.filter((child) => child.communes > 0);
  const fileScope = summary.unit ? summary.unit.code : 'ca-nuoc';
  const mapSuffix = summary.map === 'current' ? '-dia-gioi-hien-nay' : '';
  return {
    summary,
    basis: set.basis,
    title: `BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM ${summary.year}`,
    unitName,
    issuer: summary.unit ? summary.unit.name.toLocaleUpperCase('vi') : 'TOÀN QUỐC',
    setLine: `Bộ tiêu chí: ${summary.set.name} (căn cứ: ${set.basis}).`,
    mapLine,
    dataLine,
    dateLine: officialDateLine(placeOf(summary.unit?.name ?? null), today),
    sourceLine:
      'Nguồn: kết quả đánh giá đã lưu trên Nền tảng số Nông thôn mới; lập lúc ' +
      `${clockTime(now)} ngày ${displayDate(today)}.`,
    figures: figureRows(summary),
    bands: bandRows(summary),
    children: childRows(summary, withCommunes),
    childrenWithoutCommunes: summary.children.length - withCommunes.length,
    childLevel: summary.children[0]?.level ?? null,
    criteria: summary.criteria.map((criterion) => {
      const classified = summary.totals.evaluated - summary.totals.unclassified;
      return {
        code: criterion.code,
        name: criterion.name,
        met: criterion.met,
        notMet: criterion.notMet,
        missing: criterion.missing,
        share: shareOf(criterion.met, classified),
      };
    }),
    indicators: summary.indicators.map((indicator) => {
      const compiled = set.compiled.indicatorByCode.get(indicator.code);
      const criterion = compiled ? set.compiled.criteria[compiled.criterionIndex] : undefined;
      return {
        code: indicator.code,
        name: indicator.name,
        criterion: criterion ? `${criterion.code}. ${criterion.name}` : '',
        met: indicator.met,
        missing: indicator.missing,
        share: shareOf(indicator.met, summary.totals.evaluated),
      };
    }),
    targets,
    targetsNote,
    fileBase: `bao-cao-ntm-${fileScope}-${summary.year}${mapSuffix}`,
    displayBase:
      `Báo cáo NTM ${summary.year} - ${unitName}` +
      (summary.map === 'current' ? ' (địa giới hiện nay)' : ''),
    generatedAt: now,
  };
}

export { officialDateLine };
