import type { z } from 'zod';
import type {
  applicationActionBody,
  applicationListResponse,
  applicationView,
  createApplicationBody,
  createdResponse,
  createProducerBody,
  createProductBody,
  createRoundBody,
  mySheetsResponse,
  producerView,
  productView,
  roundListResponse,
  roundView,
  scoreSheetView,
  scoresResponse,
  updateApplicationBody,
  catalogueProductResponse,
  catalogueResponse,
  certificateView,
  sheetView,
} from '../../../server/modules/ocop/api';
import type {
  ApplicationKind,
  OcopRuleVersion,
  ScoreSheet,
  SheetChoices,
  SheetScore,
  Stars,
} from '../../../domain/ocop/types';

/* The shapes the OCOP API answers (docs/ocop.md): the server's zod contracts. */

export type { ApplicationKind, OcopRuleVersion, ScoreSheet, SheetChoices, SheetScore, Stars };

export interface RulesResponse {
  items: OcopRuleVersion[];
}

export type SheetSummary = z.infer<typeof sheetView>;
/** A sheet with its tree (the server sends `body` as the stored ScoreSheet). */
export type SheetDetail = Omit<SheetSummary, 'body'> & { body: ScoreSheet };

export type Producer = z.infer<typeof producerView>;
export type ProducerKind = Producer['kind'];
export const PRODUCER_KINDS: readonly ProducerKind[] = [
  'cooperative',
  'cooperative_group',
  'company',
  'household',
];
export type OfficeProduct = z.infer<typeof productView>;
export type ProductLink = OfficeProduct['ecommerceLinks'][number];
export type CreateProducerBody = z.input<typeof createProducerBody>;
export type CreateProductBody = z.input<typeof createProductBody>;
export type CreateApplicationBody = z.input<typeof createApplicationBody>;
export type UpdateApplicationBody = z.input<typeof updateApplicationBody>;
export type ApplicationActionBody = z.input<typeof applicationActionBody>;
export type CreateRoundBody = z.input<typeof createRoundBody>;
export type ApplicationDetail = z.infer<typeof applicationView>;
export type ApplicationSummary = ApplicationDetail;
export type ApplicationState = ApplicationDetail['state'];
export type RegistrationForm = ApplicationDetail['registration'];
export type Preassessment = NonNullable<ApplicationDetail['preassessment']>;
export type ApplicationList = z.infer<typeof applicationListResponse>;
export type RoundDetail = z.infer<typeof roundView>;
export type RoundSummary = RoundDetail;
export type RoundList = z.infer<typeof roundListResponse>;
export type CouncilMember = RoundDetail['council'][number];
export type CouncilPosition = CouncilMember['position'];
export const COUNCIL_POSITIONS: readonly CouncilPosition[] = ['chair', 'member', 'secretary'];
export type ScoreSheetView = z.infer<typeof scoreSheetView>;
export type ScoresView = z.infer<typeof scoresResponse>;
export type ScoresAttempt = ScoresView['attempts'][number];
export type MySheets = z.infer<typeof mySheetsResponse>;
export type MySheetItem = MySheets['items'][number];
export type Created = z.infer<typeof createdResponse>;

export const APPLICATION_STATES: readonly ApplicationState[] = [
  'draft',
  'submitted',
  'preassessed',
  'forwarded',
  'scoring',
  'scored',
  'decided',
  'returned',
  'rejected',
  'withdrawn',
];

export type CatalogueList = z.infer<typeof catalogueResponse>;
export type CatalogueItem = CatalogueList['items'][number];
export type CatalogueProduct = z.infer<typeof catalogueProductResponse>;
export type CertificateView = z.infer<typeof certificateView>;
