import type {
  CriteriaSetDetail,
  CriteriaSetDiffView,
  CriteriaSetIssueView,
  CriteriaSetSourceView,
  CriteriaSetSummary,
  CriterionView,
  IndicatorView,
  InvalidSetResponse,
  ListCriteriaSetsResponse,
  ValidateCriteriaSetResponse,
} from '../../../server/modules/criteria/api';

export type CriteriaSet = CriteriaSetDetail;
export type CriteriaSetDiff = CriteriaSetDiffView;
export type CriteriaSetListItem = CriteriaSetSummary;
export type CriteriaSetList = ListCriteriaSetsResponse;
export type CriteriaSetSource = CriteriaSetSourceView;
export type Criterion = CriterionView;
export type Indicator = IndicatorView;
export type SetIssue = CriteriaSetIssueView;
export type ValidationResult = ValidateCriteriaSetResponse;
export type InvalidSetBody = InvalidSetResponse;
