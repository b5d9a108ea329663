import type {
  CurrentValueView,
  EvaluationView,
  EvidenceItem,
  PermissionsView,
  PutValueBody,
  PutValueResponse,
  SubmissionAction,
  SubmissionStatus,
  SubmissionView,
  UnitValuesResponse,
  ValueItem,
} from '../../../server/modules/values/api';

export type {
  CurrentValueView,
  EvaluationView,
  EvidenceItem,
  PermissionsView,
  PutValueBody,
  PutValueResponse,
  SubmissionAction,
  SubmissionStatus,
  SubmissionView,
  UnitValuesResponse,
  ValueItem,
};

/** A value as the form holds it: a number, a yes/no judgement, or nothing yet. */
export type EntryValue = number | boolean | null;

/** The body of a 409 answer to a PUT: the value someone else saved meanwhile. */
export interface ConflictBody {
  error: { code: string; message: string };
  current: CurrentValueView;
}
