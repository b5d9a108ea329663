import { z } from 'zod';

/** A path written as in the files: `steps[2].returnTo`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(gốc)' : out;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  boolean: 'true hoặc false',
  object: 'một bảng khoá–giá trị',
  array: 'một danh sách',
  null: 'null',
};

/** A zod issue, in Vietnamese. */
function message(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'thiếu trường bắt buộc'
        : `phải là ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'unrecognized_keys':
      return `khoá không được phép: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `phải là một trong: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'không được để trống';
      if (issue.origin === 'array') return `phải có ít nhất ${String(issue.minimum)} phần tử`;
      return issue.inclusive
        ? `phải lớn hơn hoặc bằng ${String(issue.minimum)}`
        : `phải lớn hơn ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `dài quá ${String(issue.maximum)} ký tự`;
      return issue.inclusive
        ? `phải nhỏ hơn hoặc bằng ${String(issue.maximum)}`
        : `phải nhỏ hơn ${String(issue.maximum)}`;
    case 'invalid_format':
      return 'sai định dạng';
    case 'not_multiple_of':
      return 'phải là số nguyên';
    case 'invalid_union':
      return 'giá trị không hợp lệ';
    case 'custom':
      return issue.message;
    default:
      return 'giá trị không hợp lệ';
  }
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${message(issue)}`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO date `YYYY-MM-DD` that exists in the calendar. */
export const isoDateSchema = z.string().refine(
  (v) => {
    if (!ISO_DATE.test(v)) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  },
  { message: 'phải là ngày dạng YYYY-MM-DD (ví dụ 2025-07-01)' },
);
