import type {
  ListTargetsResponse,
  TargetBody,
  TargetView,
  UpdateTargetBody,
} from '../../../server/modules/targets/api';

export type TargetList = ListTargetsResponse;
export type Target = TargetView;
export type TargetStatus = TargetView['progress']['status'];
export type TargetMeasure = TargetView['measure'];
export type NewTarget = TargetBody;
export type TargetChanges = UpdateTargetBody;
