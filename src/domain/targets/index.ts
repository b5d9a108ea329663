/** Programme targets: what they measure, progress against a deadline, and the gap in units. */
export { targetProgress, targetGap } from './progress';
export type {
  TargetDefinition,
  TargetOp,
  TargetProgress,
  TargetReading,
  TargetStatus,
} from './progress';
export {
  metricCapability,
  metricCounts,
  metricUnitLevel,
  RECOGNITION_CAPABILITY,
  REFERENCE_TARGETS,
} from './metrics';
export type {
  ReferenceTarget,
  TargetCapability,
  TargetCounts,
  TargetMetric,
  TargetMetricKind,
  TargetSetKind,
  TargetSetLevel,
  TargetSetRef,
} from './metrics';
