import type { Language } from './types';

type Params = Record<string, string | number>;
type Template = (p: Params) => string;

const q = (value: unknown): string => `«${String(value)}»`;

/** Messages of criteria-set validation, in Vietnamese (default) and English. */
const catalog = {
  yaml_syntax: {
    vi: (p) => `YAML không hợp lệ: ${p.detail}`,
    en: (p) => `invalid YAML: ${p.detail}`,
  },
  yaml_empty: {
    vi: () => 'tệp rỗng: cần một bảng khóa–giá trị mô tả bộ tiêu chí',
    en: () => 'empty file: a mapping describing the criteria set is expected',
  },
  missing_field: {
    vi: (p) => `thiếu trường bắt buộc ${q(p.field)}`,
    en: (p) => `missing required field ${q(p.field)}`,
  },
  wrong_type: {
    vi: (p) => `cần ${p.expected}, nhận được ${p.received}`,
    en: (p) => `expected ${p.expected}, got ${p.received}`,
  },
  unknown_key: {
    vi: (p) => `khóa không hợp lệ ${q(p.key)}`,
    en: (p) => `unknown key ${q(p.key)}`,
  },
  not_one_of: {
    vi: (p) => `giá trị không hợp lệ: phải là một trong ${p.options}`,
    en: (p) => `invalid value: must be one of ${p.options}`,
  },
  empty: {
    vi: () => 'không được để trống',
    en: () => 'must not be empty',
  },
  too_small: {
    vi: (p) => `phải ≥ ${p.minimum}`,
    en: (p) => `must be ≥ ${p.minimum}`,
  },
  too_big: {
    vi: (p) => `phải ≤ ${p.maximum}`,
    en: (p) => `must be ≤ ${p.maximum}`,
  },
  invalid: {
    vi: () => 'giá trị không hợp lệ',
    en: () => 'invalid value',
  },
  number_or_boolean: {
    vi: () => 'cần một số hoặc true/false',
    en: () => 'expected a number or true/false',
  },
  threshold_entry: {
    vi: () => 'ngưỡng của một lớp phải là một số hoặc bảng theo năm (ví dụ "2024": 60)',
    en: () => 'a class threshold must be a number or a per-year map (e.g. "2024": 60)',
  },
  set_code: {
    vi: () =>
      'mã bộ tiêu chí chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch nối (ví dụ xa-ntm-2021-2025)',
    en: () =>
      'a set code uses lower-case ASCII letters, digits, dots and hyphens (e.g. xa-ntm-2021-2025)',
  },
  issuer: {
    vi: () => 'cơ quan ban hành là "central" hoặc mã tỉnh 2 chữ số trong dấu nháy (ví dụ "01")',
    en: () => 'the issuer is "central" or a quoted two-digit province code (e.g. "01")',
  },
  date: {
    vi: () => 'ngày phải theo dạng yyyy-mm-dd và có thật',
    en: () => 'a date must be a real date written yyyy-mm-dd',
  },
  date_order: {
    vi: (p) => `validTo (${p.to}) phải sau validFrom (${p.from})`,
    en: (p) => `validTo (${p.to}) must not be before validFrom (${p.from})`,
  },
  amendment_in_place: {
    vi: (p) =>
      `văn bản sửa đổi ${p.decision} không được sửa trực tiếp bộ ${q(p.code)}: phiên bản sửa đổi phải mang mã mới (ví dụ ${p.code}-v2) và "amends" là mã của phiên bản được sửa đổi`,
    en: (p) =>
      `the amending decision ${p.decision} cannot change set ${q(p.code)} in place: the amended version needs a new code (e.g. ${p.code}-v2), with "amends" naming the version it amends`,
  },
  amendment_before_date: {
    vi: (p) =>
      `phiên bản sửa đổi theo ${p.decision} không thể áp dụng từ ${p.from}, trước ngày của văn bản sửa đổi (${p.date})`,
    en: (p) =>
      `the version amended by ${p.decision} cannot apply from ${p.from}, before the amending decision's date (${p.date})`,
  },
  classes_required: {
    vi: (p) => `phân loại ${q(p.classification)} cần danh sách lớp "classes" không rỗng`,
    en: (p) => `classification ${q(p.classification)} needs a non-empty "classes" list`,
  },
  classes_forbidden: {
    vi: () => 'phân loại "none" không có lớp: bỏ "classes" hoặc để danh sách rỗng',
    en: () => 'classification "none" has no classes: remove "classes" or leave it empty',
  },
  class_reserved: {
    vi: () => '"default" là tên dành riêng cho lớp dự phòng, không dùng làm lớp',
    en: () => '"default" is reserved for the fallback class and cannot be a class',
  },
  duplicate_class: {
    vi: (p) => `lớp ${q(p.code)} bị lặp`,
    en: (p) => `class ${q(p.code)} is listed twice`,
  },
  unknown_class: {
    vi: (p) => `lớp ${q(p.code)} không có trong "classes" (${p.classes})`,
    en: (p) => `class ${q(p.code)} is not in "classes" (${p.classes})`,
  },
  only_default_class: {
    vi: () => 'bộ tiêu chí không phân loại: byClass chỉ được dùng khóa "default"',
    en: () => 'the set has no classification: byClass may only use the key "default"',
  },
  duplicate_criterion: {
    vi: (p) => `mã tiêu chí ${q(p.code)} bị lặp (đã có ở dòng ${p.line})`,
    en: (p) => `criterion code ${q(p.code)} is used twice (first at line ${p.line})`,
  },
  duplicate_indicator: {
    vi: (p) => `mã chỉ tiêu ${q(p.code)} bị lặp (đã có ở dòng ${p.line})`,
    en: (p) => `indicator code ${q(p.code)} is used twice (first at line ${p.line})`,
  },
  source_required: {
    vi: () => 'chỉ tiêu đã xác minh (verified: true) phải ghi nguồn trong "source"',
    en: () => 'a verified indicator (verified: true) must name its source in "source"',
  },
  percent_unit: {
    vi: () => 'chỉ tiêu kiểu percent có đơn vị "%"',
    en: () => 'a percent indicator has the unit "%"',
  },
  judgement_numeric_only: {
    vi: () => 'noThreshold: judgement chỉ dùng cho chỉ tiêu kiểu number hoặc percent',
    en: () => 'noThreshold: judgement only applies to number or percent indicators',
  },
  value_xor_byclass: {
    vi: () =>
      'quy tắc cần đúng một trong hai: "value" (một ngưỡng chung) hoặc "byClass" (theo lớp)',
    en: () => 'a rule needs exactly one of "value" (one threshold) or "byClass" (per class)',
  },
  boolean_rule: {
    vi: () => 'chỉ tiêu kiểu boolean dùng quy tắc { op: eq, value: true } (hoặc false)',
    en: () => 'a boolean indicator uses the rule { op: eq, value: true } (or false)',
  },
  numeric_threshold: {
    vi: () => 'chỉ tiêu kiểu số cần ngưỡng là một số',
    en: () => 'a numeric indicator needs a numeric threshold',
  },
  percent_range: {
    vi: (p) => `ngưỡng phần trăm phải nằm trong 0–100 (nhận được ${p.value})`,
    en: (p) => `a percent threshold must lie in 0–100 (got ${p.value})`,
  },
  empty_byclass: {
    vi: () => 'byClass không được rỗng',
    en: () => 'byClass must not be empty',
  },
  year_key: {
    vi: (p) => `năm ${q(p.key)} không hợp lệ: dùng năm 4 chữ số, ví dụ "2024"`,
    en: (p) => `year ${q(p.key)} is invalid: use a four-digit year such as "2024"`,
  },
  empty_years: {
    vi: () => 'bảng ngưỡng theo năm không được rỗng',
    en: () => 'a per-year threshold map must not be empty',
  },
  unknown_criterion: {
    vi: (p) => `không có tiêu chí mã ${q(p.code)} trong bộ`,
    en: (p) => `no criterion with code ${q(p.code)} in the set`,
  },
  duplicate_code: {
    vi: (p) => `mã ${q(p.code)} bị lặp`,
    en: (p) => `code ${q(p.code)} is listed twice`,
  },
  shares_order: {
    vi: () => 'criticalNotMetShare không được lớn hơn notMetShare',
    en: () => 'criticalNotMetShare must not exceed notMetShare',
  },
  extends_unresolved: {
    vi: (p) => `không tìm thấy bộ tiêu chí gốc ${q(p.code)} để kế thừa`,
    en: (p) => `the parent criteria set ${q(p.code)} was not found`,
  },
  extends_self: {
    vi: () => 'bộ tiêu chí không thể kế thừa chính nó',
    en: () => 'a criteria set cannot extend itself',
  },
  extends_same_code: {
    vi: (p) => `bộ kế thừa phải có mã khác bộ gốc ${q(p.code)}`,
    en: (p) => `an extending set needs a code different from its parent ${q(p.code)}`,
  },
  extends_fixed: {
    vi: (p) => `${q(p.field)} phải giống bộ gốc (${p.parent})`,
    en: (p) => `${q(p.field)} must equal the parent's (${p.parent})`,
  },
  extends_new_criterion: {
    vi: (p) =>
      `bộ gốc không có tiêu chí ${q(p.code)}: bộ kế thừa giữ nguyên các tiêu chí của bộ gốc (chỉ được thêm chỉ tiêu vào tiêu chí có sẵn)`,
    en: (p) =>
      `the parent has no criterion ${q(p.code)}: an extending set keeps the parent's criteria (it may add indicators to them)`,
  },
  extends_new_indicator_field: {
    vi: (p) => `chỉ tiêu mới ${q(p.code)} cần trường ${q(p.field)}`,
    en: (p) => `the new indicator ${q(p.code)} needs the field ${q(p.field)}`,
  },
  extends_indicator_elsewhere: {
    vi: (p) => `chỉ tiêu ${q(p.code)} thuộc tiêu chí ${q(p.criterion)} của bộ gốc`,
    en: (p) => `indicator ${q(p.code)} belongs to criterion ${q(p.criterion)} in the parent`,
  },
  extends_type_change: {
    vi: (p) => `không được đổi ${q(p.field)} của chỉ tiêu ${q(p.code)} (bộ gốc: ${p.parent})`,
    en: (p) => `${q(p.field)} of indicator ${q(p.code)} cannot change (parent: ${p.parent})`,
  },
  extends_loosened: {
    vi: (p) =>
      `nới lỏng ngưỡng không được phép: chỉ tiêu ${q(p.code)}, ${p.scope}: ${p.child} lỏng hơn bộ gốc ${p.parent}`,
    en: (p) =>
      `loosening is not allowed: indicator ${q(p.code)}, ${p.scope}: ${p.child} is looser than the parent's ${p.parent}`,
  },
  extends_removed: {
    vi: (p) =>
      `không được bỏ ngưỡng của bộ gốc: chỉ tiêu ${q(p.code)}, ${p.scope}: bộ gốc ${p.parent}, bộ kế thừa không có ngưỡng`,
    en: (p) =>
      `a parent threshold cannot be removed: indicator ${q(p.code)}, ${p.scope}: parent ${p.parent}, no threshold here`,
  },
  extends_to_judgement: {
    vi: (p) =>
      `không được thay ngưỡng số của bộ gốc bằng đánh giá Đạt/Không đạt: chỉ tiêu ${q(p.code)}, ${p.scope}: bộ gốc ${p.parent}`,
    en: (p) =>
      `a parent's numeric threshold cannot become a yes/no judgement: indicator ${q(p.code)}, ${p.scope}: parent ${p.parent}`,
  },
  extends_critical_removed: {
    vi: (p) => `không được bỏ tiêu chí quan trọng ${q(p.code)} của bộ gốc khi xét thu hồi`,
    en: (p) => `the parent's critical criterion ${q(p.code)} cannot be dropped from revocation`,
  },
  extends_share_loosened: {
    vi: (p) => `${q(p.field)} = ${p.child} lỏng hơn bộ gốc (${p.parent}): chỉ được giảm`,
    en: (p) =>
      `${q(p.field)} = ${p.child} is looser than the parent's (${p.parent}): it may only decrease`,
  },
  extends_revocation_removed: {
    vi: () => 'bộ gốc có quy định thu hồi: bộ kế thừa không được bỏ',
    en: () => 'the parent defines revocation: an extending set cannot remove it',
  },
} satisfies Record<string, Record<Language, Template>>;

export type SetMessageKey = keyof typeof catalog;

export function setMessage(language: Language, key: SetMessageKey, params: Params = {}): string {
  const entry: Record<Language, Template> = catalog[key];
  return entry[language](params);
}

const typeNames: Record<string, Record<Language, string>> = {
  string: { vi: 'chuỗi văn bản', en: 'a string' },
  number: { vi: 'số', en: 'a number' },
  boolean: { vi: 'true/false', en: 'true/false' },
  array: { vi: 'danh sách', en: 'a list' },
  object: { vi: 'bảng khóa–giá trị', en: 'a mapping' },
  null: { vi: 'null', en: 'null' },
  undefined: { vi: 'không có giá trị', en: 'nothing' },
  date: { vi: 'chuỗi văn bản', en: 'a string' },
};

/** Human name of a JSON/YAML type in the chosen language. */
export function typeName(language: Language, type: string): string {
  return typeNames[type]?.[language] ?? type;
}

/** The JSON-ish type of a parsed YAML value. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
