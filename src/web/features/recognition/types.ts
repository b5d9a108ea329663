import type {
  CommentView,
  DossierDetail,
  DossierSummary,
  InboxItem,
  InboxResponse,
  KpiResponse,
  PublicDossierView,
  RecognitionItem,
  TemplateView,
} from '../../../server/modules/recognition/api';

export type {
  CommentView,
  DossierDetail,
  DossierSummary,
  InboxItem,
  InboxResponse,
  KpiResponse,
  PublicDossierView,
  RecognitionItem,
  TemplateView,
};

export type DossierKind = DossierSummary['kind'];
export type DossierStatus = DossierSummary['status'];
export type DossierPurpose = DossierSummary['purpose'];
export type DossierFlag = DossierSummary['flags'][number];
export type ActionType = DossierDetail['actions'][number]['type'];
export type StepView = TemplateView['steps'][number];
export type DocumentView = DossierDetail['documents'][number];
export type ConditionView = DossierDetail['conditions'][number];
export type DecisionView = NonNullable<DossierDetail['decision']>;
export type Refusal = { code: string; message: string };

export interface DossierListResponse {
  items: DossierSummary[];
  total: number;
}
export interface RecognitionsResponse {
  items: RecognitionItem[];
  total: number;
}
export interface TemplatesResponse {
  items: TemplateView[];
}
