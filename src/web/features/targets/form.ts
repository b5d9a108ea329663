import { parseVietnameseNumber } from '../../../domain/values/number';
import { formatDate, parseDisplayDate } from '../../lib/format';
import type { NewTarget, Target, TargetChanges } from './types';

/**
 * The form of a province's own target: what is typed (dates dd/mm/yyyy, numbers with a decimal
 * comma), checked here as the server checks it, so mistakes are named beside their field.
 */

export type OwnMeasure = Exclude<Target['measure'], 'none' | 'recognised' | 'online_services'>;
export const OWN_MEASURES: readonly OwnMeasure[] = [
  'communes_met_share',
  'communes_below_criteria',
  'criterion_met_share',
  'indicator_met_share',
];

export interface TargetFormValues {
  code: string;
  name: string;
  basis: string;
  measure: OwnMeasure;
  indicator: string;
  criterion: string;
  criteriaThreshold: string;
  op: 'gte' | 'lte';
  value: string;
  startDate: string;
  deadline: string;
  note: string;
}

export type TargetField = keyof TargetFormValues;
/** What is wrong with a field (its message is `targets.form.errors.<error>`). */
export type TargetFormError =
  | 'code'
  | 'name'
  | 'basis'
  | 'indicator'
  | 'criterion'
  | 'criteriaThreshold'
  | 'value'
  | 'share'
  | 'count'
  | 'date'
  | 'deadline'
  | 'note';
export type TargetFormErrors = Partial<Record<TargetField, TargetFormError>>;

const CODE = /^[a-z0-9][a-z0-9.-]{2,60}$/;
const ITEM_CODE = /^[0-9A-Za-z._-]{1,40}$/;

export function emptyTargetForm(province: string, year: number): TargetFormValues {
  return {
    code: `${province}.`,
    name: '',
    basis: '',
    measure: 'communes_met_share',
    indicator: '',
    criterion: '',
    criteriaThreshold: '15',
    op: 'gte',
    value: '',
    startDate: `01/01/${year}`,
    deadline: `31/12/${year}`,
    note: '',
  };
}

/** The form filled from a target being edited. */
export function targetFormOf(target: Target): TargetFormValues {
  return {
    code: target.code,
    name: target.name,
    basis: target.basis,
    measure:
      target.measure === 'none' ||
      target.measure === 'recognised' ||
      target.measure === 'online_services'
        ? 'communes_met_share'
        : target.measure,
    indicator: target.indicator ?? '',
    criterion: target.criterion ?? '',
    criteriaThreshold: target.criteriaThreshold === null ? '15' : String(target.criteriaThreshold),
    op: target.op,
    value: String(target.value).replace('.', ','),
    startDate: formatDate(target.startDate),
    deadline: formatDate(target.deadline),
    note: target.note ?? '',
  };
}

export type TargetFormResult =
  | { ok: true; body: Omit<NewTarget, 'code' | 'unit'> & { code: string } }
  | { ok: false; errors: TargetFormErrors };

/** Checks the form; the body to send when it is right, else every error by field. */
export function validateTargetForm(
  values: TargetFormValues,
  mode: 'create' | 'edit',
): TargetFormResult {
  const errors: TargetFormErrors = {};
  const code = values.code.trim();
  if (mode === 'create' && !CODE.test(code)) errors.code = 'code';
  const name = values.name.trim();
  if (name.length < 3 || name.length > 300) errors.name = 'name';
  const basis = values.basis.trim();
  if (basis.length < 3 || basis.length > 300) errors.basis = 'basis';
  const indicator = values.indicator.trim();
  const criterion = values.criterion.trim();
  if (values.measure === 'indicator_met_share' && !ITEM_CODE.test(indicator)) {
    errors.indicator = 'indicator';
  }
  if (values.measure === 'criterion_met_share' && !ITEM_CODE.test(criterion)) {
    errors.criterion = 'criterion';
  }
  let criteriaThreshold: number | undefined;
  if (values.measure === 'communes_below_criteria') {
    const parsed = parseVietnameseNumber(values.criteriaThreshold);
    if (!parsed.ok || !Number.isInteger(parsed.value) || parsed.value < 1 || parsed.value > 60) {
      errors.criteriaThreshold = 'criteriaThreshold';
    } else criteriaThreshold = parsed.value;
  }
  const share = values.measure !== 'communes_below_criteria';
  const parsedValue = parseVietnameseNumber(values.value);
  let value = 0;
  if (!parsedValue.ok || parsedValue.value < 0) errors.value = 'value';
  else if (share && parsedValue.value > 100) errors.value = 'share';
  else if (!share && !Number.isInteger(parsedValue.value)) errors.value = 'count';
  else value = parsedValue.value;
  const startDate = parseDisplayDate(values.startDate);
  const deadline = parseDisplayDate(values.deadline);
  if (!startDate) errors.startDate = 'date';
  if (!deadline) errors.deadline = 'date';
  else if (startDate && deadline < startDate) errors.deadline = 'deadline';
  const note = values.note.trim();
  if (note.length > 2000) errors.note = 'note';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      code,
      name,
      basis,
      measure: values.measure,
      ...(values.measure === 'indicator_met_share' ? { indicator } : {}),
      ...(values.measure === 'criterion_met_share' ? { criterion } : {}),
      ...(criteriaThreshold !== undefined ? { criteriaThreshold } : {}),
      op: values.op,
      value,
      startDate: startDate!,
      deadline: deadline!,
      ...(note ? { note } : {}),
    },
  };
}

/** The body of POST /targets. */
export function createBody(
  body: Extract<TargetFormResult, { ok: true }>['body'],
  province: string,
): NewTarget {
  return { ...body, unit: province };
}

/** The body of PUT /targets/{code} (the version read, for the conflict check). */
export function updateBody(
  body: Extract<TargetFormResult, { ok: true }>['body'],
  version: number,
): TargetChanges {
  const { code: _code, ...rest } = body;
  return { ...rest, version };
}
