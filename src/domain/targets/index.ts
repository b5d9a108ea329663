/** Programme targets: progress against a deadline, and the gap in units. */
export { targetProgress, targetGap } from './progress';
export type {
  TargetDefinition,
  TargetOp,
  TargetProgress,
  TargetReading,
  TargetStatus,
} from './progress';
