/**
 * Criteria sets and the evaluation engine: pure, synchronous, shared by the server, the CLI and
 * the browser. See docs/criteria-sets.md for the file format and the evaluation rules.
 */
export * from './types';
export { resolveThreshold, compare, isAtLeastAsStrict, ruleYears } from './thresholds';
export type { ThresholdGap, ResolvedThreshold, ThresholdResolution } from './thresholds';
export { parseCriteriaSet, formatCriteriaSetIssue } from './parse';
export type { CriteriaSetIssue, ParseCriteriaSetOptions, ParseCriteriaSetResult } from './parse';
export {
  compileCriteriaSet,
  evaluateUnit,
  evaluateUnits,
  checkValue,
  criterionStatusOf,
  CriteriaInputError,
} from './evaluate';
export type {
  AppliedThreshold,
  CompiledCriteriaSet,
  CompiledCriterion,
  CompiledIndicator,
  CriterionResult,
  CriterionStatus,
  EvaluationInput,
  IndicatorResult,
  IndicatorStatus,
  InputProblem,
  UnitOutcome,
  UnitResult,
  ValueProblem,
  ValueSource,
} from './evaluate';
export { revocationVerdict } from './revocation';
export type { RevocationVerdict, SubunitCounts } from './revocation';
export { formatIndicatorReason, formatRevocation } from './reasons';
export {
  classLabel,
  className,
  formatBoolean,
  formatNumber,
  formatQuantity,
  negatedOpSymbol,
  opSymbol,
  thresholdScope,
  unitScope,
} from './format';
export { parseValueText } from './values';
export type { ParsedValue } from './values';
export { readCsv } from './csv';
export type { CsvField, CsvRecord, CsvSyntaxIssue } from './csv';
export { parseEvaluationCsv, EVALUATION_COLUMNS } from './evaluation-csv';
export type {
  EvaluationCsvIssue,
  EvaluationCsvIssueCode,
  EvaluationCsvResult,
  EvaluationCsvUnit,
} from './evaluation-csv';
export { criteriaSetFileSchema, criteriaSetExtensionSchema } from './schema';
export type { CriteriaSetFile, CriteriaSetExtension } from './schema';
export { criteriaBands, bandOf } from './rollup';
export type { CriteriaBand } from './rollup';
export {
  districtConditions,
  formatDistrictCondition,
  ADVANCED_SHARE,
  SATISFACTION_SHARE,
} from './district-conditions';
export type {
  DistrictCondition,
  DistrictConditionCode,
  DistrictConditionReason,
  DistrictConditionStatus,
  DistrictConditionsInput,
} from './district-conditions';
