import type { Language } from './i18n';

/**
 * Zod's issues in the language of the answer: a validation error is one sentence in Vietnamese
 * (or English), never Vietnamese around zod's English. Used only by the error handler.
 */

export interface ValidationIssue {
  keyword: string;
  message?: string | undefined;
  params?: Record<string, unknown> | undefined;
}

type Words = Record<string, string>;

const typeNames: Record<Language, Words> = {
  vi: {
    string: 'Cần một chuỗi ký tự',
    number: 'Cần một số',
    int: 'Cần một số nguyên',
    boolean: 'Cần giá trị true hoặc false',
    object: 'Cần một đối tượng JSON',
    array: 'Cần một danh sách',
    date: 'Cần một ngày',
    null: 'Cần giá trị null',
  },
  en: {
    string: 'expected a string',
    number: 'expected a number',
    int: 'expected a whole number',
    boolean: 'expected true or false',
    object: 'expected a JSON object',
    array: 'expected a list',
    date: 'expected a date',
    null: 'expected null',
  },
};

const sentences: Record<Language, Words> = {
  vi: {
    required: 'Thiếu giá trị bắt buộc',
    wrongType: 'Sai kiểu dữ liệu (cần {expected})',
    minString: 'Cần ít nhất {n} ký tự',
    maxString: 'Tối đa {n} ký tự',
    minArray: 'Cần ít nhất {n} phần tử',
    maxArray: 'Tối đa {n} phần tử',
    minNumber: 'Số phải lớn hơn hoặc bằng {n}',
    minNumberExclusive: 'Số phải lớn hơn {n}',
    maxNumber: 'Số phải nhỏ hơn hoặc bằng {n}',
    maxNumberExclusive: 'Số phải nhỏ hơn {n}',
    format: 'Không đúng định dạng',
    formatDate: 'Cần một ngày dạng YYYY-MM-DD',
    formatEmail: 'Cần một địa chỉ thư điện tử',
    oneOf: 'Cần một trong các giá trị: {values}',
    unknownKeys: 'Trường không được hỗ trợ: {keys}',
    multipleOf: 'Cần là bội số của {n}',
    invalid: 'Giá trị không hợp lệ',
    dateRange: 'Cần một ngày có thật dạng YYYY-MM-DD, từ 01/01/1900 đến 31/12/2100',
  },
  en: {
    required: 'a value is required',
    wrongType: 'wrong type (expected {expected})',
    minString: 'at least {n} characters',
    maxString: 'at most {n} characters',
    minArray: 'at least {n} items',
    maxArray: 'at most {n} items',
    minNumber: 'must be at least {n}',
    minNumberExclusive: 'must be greater than {n}',
    maxNumber: 'must be at most {n}',
    maxNumberExclusive: 'must be less than {n}',
    format: 'wrong format',
    formatDate: 'expected a date written YYYY-MM-DD',
    formatEmail: 'expected an e-mail address',
    oneOf: 'expected one of: {values}',
    unknownKeys: 'unsupported fields: {keys}',
    multipleOf: 'must be a multiple of {n}',
    invalid: 'invalid value',
    dateRange: 'expected a real date written YYYY-MM-DD, from 1900-01-01 to 2100-12-31',
  },
};

/** The marker our own refinements use, so that their message can be translated too. */
export const DATE_RANGE_ISSUE = 'date_range';

function fill(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : text(values[name]),
  );
}

/** A parameter of an issue as text (numbers, strings; anything else as JSON). */
function text(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? '';
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.map(text).join(', ') : text(value);
}

/** One issue in words, without the field name. */
export function describeIssue(issue: ValidationIssue, language: Language): string {
  const words = sentences[language];
  const params = issue.params ?? {};
  const say = (key: string, values: Record<string, unknown> = {}) => fill(words[key]!, values);
  switch (issue.keyword) {
    case 'invalid_type': {
      if (/received undefined/.test(issue.message ?? '')) return say('required');
      const expected = text(params.expected ?? '');
      return typeNames[language][expected] ?? say('wrongType', { expected });
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.keyword === 'too_small';
      const n = small ? params.minimum : params.maximum;
      const origin = text(params.origin ?? '');
      if (origin === 'string') return say(small ? 'minString' : 'maxString', { n });
      if (origin === 'array' || origin === 'set')
        return say(small ? 'minArray' : 'maxArray', { n });
      const exclusive = params.inclusive === false;
      const key = small ? 'minNumber' : 'maxNumber';
      return say(exclusive ? `${key}Exclusive` : key, { n });
    }
    case 'invalid_format':
      if (params.format === 'date') return say('formatDate');
      if (params.format === 'email') return say('formatEmail');
      return say('format');
    case 'invalid_value':
      return say('oneOf', { values: list(params.values) });
    case 'unrecognized_keys':
      return say('unknownKeys', { keys: list(params.keys) });
    case 'not_multiple_of':
      return say('multipleOf', { n: params.divisor });
    case 'custom': {
      const marker = (params.params as Record<string, unknown> | undefined)?.issue;
      if (marker === DATE_RANGE_ISSUE) return say('dateRange');
      return say('invalid');
    }
    default:
      return say('invalid');
  }
}
