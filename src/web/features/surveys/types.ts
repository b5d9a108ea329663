import type { z } from 'zod';
import type {
  addHouseholdsBody,
  campaignActionBody,
  campaignDetail,
  campaignListResponse,
  campaignSummary,
  createCampaignBody,
  guidanceResponse,
  guidanceView,
  householdListResponse,
  householdView,
  officerAnswerBody,
  questionnaireView,
  receiptView,
  rollImportResponse,
  surveyRuleView,
  tallyResponse,
  updateCampaignBody,
} from '../../../server/modules/surveys/api';

export type GuidanceResponse = z.infer<typeof guidanceResponse>;
export type Guidance = z.infer<typeof guidanceView>;
export type Questionnaire = z.infer<typeof questionnaireView>;
export type SurveyRule = z.infer<typeof surveyRuleView>;
export type CampaignSummary = z.infer<typeof campaignSummary>;
export type CampaignList = z.infer<typeof campaignListResponse>;
export type CampaignDetail = z.infer<typeof campaignDetail>;
export type CampaignState = CampaignSummary['state'];
export type CampaignAction = CampaignDetail['actions'][number];
export type CampaignVillage = CampaignDetail['villages'][number];
export type CreateCampaignBody = z.input<typeof createCampaignBody>;
export type UpdateCampaignBody = z.input<typeof updateCampaignBody>;
export type CampaignActionBody = z.input<typeof campaignActionBody>;
export type AddHouseholdsBody = z.input<typeof addHouseholdsBody>;
export type HouseholdView = z.infer<typeof householdView>;
export type HouseholdList = z.infer<typeof householdListResponse>;
export type RollImportResponse = z.infer<typeof rollImportResponse>;
export type OfficerAnswerBody = z.input<typeof officerAnswerBody>;
export type Receipt = z.infer<typeof receiptView>;
export type TallyResponse = z.infer<typeof tallyResponse>;
export type Tally = TallyResponse['tally'];
export type RuleResult = Tally['rules'][number];
export type AnswerValue = 'satisfied' | 'dissatisfied' | null;
export type Answers = Record<string, AnswerValue>;
export type OfficerChannel = OfficerAnswerBody['channel'];

export const CAMPAIGN_STATES: readonly CampaignState[] = [
  'planned',
  'open',
  'closed',
  'tallied',
  'posted',
  'reported',
  'void',
];
