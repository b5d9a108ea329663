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
} from '../../../server/modules/ocop/api-office';
import type {
  ApplicationKind,
  OcopRuleVersion,
  ScoreSheet,
  SheetChoices,
  SheetScore,
  Stars,
} from '../../../domain/ocop/types';

/*
 * The shapes the OCOP API answers (docs/ocop.md). Written from the contract while the server's
 * zod schemas are being written; each field the pages read is optional where the contract leaves
 * it open, so a missing one shows nothing rather than breaking the page.
 */

export type { ApplicationKind, OcopRuleVersion, ScoreSheet, SheetChoices, SheetScore, Stars };

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface RulesResponse {
  items: OcopRuleVersion[];
}

export interface SheetSummary {
  id: string;
  code: string;
  version: number;
  ruleVersion: string;
  setCode: string;
  name: string;
  state: string;
  verified: boolean;
}
export interface SheetDetail extends SheetSummary {
  body: ScoreSheet;
}

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

interface ProductLinkShape {
  label: string;
  url: string;
}

export interface CatalogueItem {
  code: string;
  name: string;
  stars: number;
  setCode: string;
  setName?: string;
  producer: { name: string; address?: string | null };
  province?: { code: string; name: string } | null;
  photo?: string | null;
  validTo?: string | null;
}

export interface CatalogueList {
  items: CatalogueItem[];
  total: number;
}

export interface CatalogueProduct extends CatalogueItem {
  description: string | null;
  standards?: string[];
  certifications?: string[];
  ecommerceLinks?: ProductLinkShape[];
  photos?: string[];
  certificate?: {
    number: string;
    validFrom: string;
    validTo: string;
    decisionNumber?: string;
    pdfUrl?: string;
  } | null;
}
