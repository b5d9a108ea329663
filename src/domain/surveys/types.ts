/**
 * The citizens' satisfaction survey (lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông
 * thôn mới), run by the Fatherland Front (90/HD-MTTW-BTT for 2021–2025; a province's own guide).
 * Pure types: the guidance with its rules, the questionnaire, a household's answers, the tally.
 */

/** The states of a campaign: planned → open → closed → tallied → posted → reported; or void. */
export const CAMPAIGN_STATES = [
  'planned',
  'open',
  'closed',
  'tallied',
  'posted',
  'reported',
  'void',
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** The level of the unit surveyed: a commune (its villages) or a district (its communes). */
export type SurveyLevel = 'commune' | 'district';

/**
 * How a household's answer reaches the platform: its one-time code on its own phone (`code`), an
 * officer entering its paper form (`paper`), an officer door to door on a phone (`door`).
 */
export const ANSWER_CHANNELS = ['code', 'paper', 'door'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

/** The channels that collect the answer through an online application (924/QĐ-TTg). */
export const ONLINE_CHANNELS: readonly AnswerChannel[] = ['code', 'door'];

/** One answer to one question: satisfied, not satisfied, or left blank (null). */
export type AnswerValue = 'satisfied' | 'dissatisfied';
export type Answers = Record<string, AnswerValue | null>;

/** The kinds of rule a guidance sets (percentages 0–100, compared with ≥). */
export const RULE_KINDS = [
  'coverage_total',
  'coverage_each_village',
  'overall_satisfaction',
  'question_satisfaction_each',
  'commune_question_satisfaction_each',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface SurveyRule {
  code: string;
  kind: RuleKind;
  /** The least share, in percent. */
  min: number;
  verified: boolean;
  source: string;
}

/** Whether a blank answer counts in a share's denominator (a parameter of the guidance). */
export interface BlankPolicy {
  /** Per question: "hài lòng" ÷ valid answers to it (blanks out) by default. */
  question: 'exclude' | 'include';
  /** Overall: "hài lòng" on the overall question ÷ households asked (blanks in) by default. */
  overall: 'exclude' | 'include';
  verified: boolean;
}

export interface Question {
  id: string;
  number: number;
  /** The criterion of the set the question asks about (null for a content outside the set). */
  criterion: string | null;
  content: string;
  text: string;
}

export interface ScaleOption {
  value: AnswerValue;
  label: string;
}

export interface Questionnaire {
  code: string;
  version: number;
  name: string;
  level: SurveyLevel;
  source: string;
  verified: boolean;
  scale: { options: ScaleOption[]; verified: boolean };
  questions: Question[];
  overall: { id: string; text: string };
}

export interface LevelGuidance {
  questionnaire: string;
  rules: SurveyRule[];
}

export interface SurveyGuidance {
  code: string;
  version: number;
  name: string;
  issuer: string;
  issuedOn: string;
  validFrom: string;
  validTo: string | null;
  /** Null for the national guidance; a province's code for its own guide. */
  province: string | null;
  source: string;
  verified: boolean;
  blanks: BlankPolicy;
  duration: { minWorkingDays: number; maxWorkingDays: number; verified: boolean };
  posting: { days: number; verified: boolean };
  levels: Partial<Record<SurveyLevel, LevelGuidance>>;
}

/** The counts a tally is made of (aggregated in SQL: never one row per household). */
export interface TallyCounts {
  /** One row per village of the roll: its households and how many answered. */
  roll: { commune: number; village: string; households: number; answered: number }[];
  /** One row per commune and question (the overall question included). */
  answers: {
    commune: number;
    question: string;
    satisfied: number;
    dissatisfied: number;
    blank: number;
  }[];
}

export interface Share {
  satisfied: number;
  dissatisfied: number;
  blank: number;
  /** The share satisfied in percent, or null when nobody answered. */
  share: number | null;
}

export interface RuleResult {
  code: string;
  kind: RuleKind;
  min: number;
  verified: boolean;
  source: string;
  /** The figure compared (the least one for an "each" rule), or null when there is none. */
  value: number | null;
  passed: boolean;
  /** For an "each" rule: what falls short (village, question, commune), at most 50. */
  failing: { commune?: number; village?: string; question?: string; value: number | null }[];
}

export interface Tally {
  households: number;
  answered: number;
  coverage: number | null;
  villages: {
    commune: number;
    village: string;
    households: number;
    answered: number;
    coverage: number | null;
  }[];
  communes: {
    commune: number;
    households: number;
    answered: number;
    coverage: number | null;
    questions: (Share & { id: string })[];
  }[];
  questions: (Share & { id: string; number: number; content: string })[];
  overall: Share;
  rules: RuleResult[];
  passed: boolean;
}
