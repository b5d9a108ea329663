import type { SeedStep } from './seed';
import { unitsSeedStep } from '../modules/units/seed';
import { demoAccountsSeedStep } from '../modules/accounts/demo';
import { criteriaSeedStep } from '../modules/criteria/seed';
import { demoValuesSeedStep } from '../modules/values/demo';
import { targetsSeedStep } from '../modules/targets/seed';
import { recognitionTemplatesSeedStep } from '../modules/recognition/templates';
import { demoRecognitionSeedStep } from '../modules/recognition/demo';
import { demoFeedbackSeedStep } from '../modules/feedback/demo';
import { demoSurveysSeedStep } from '../modules/surveys/demo';
import { ocopSheetsSeedStep } from '../modules/ocop/sheets';
import { demoOcopSeedStep } from '../modules/ocop/demo';

/**
 * The initial-data steps, in the order they run. Capabilities add theirs here
 * (administrative units, criteria sets, demo accounts and demo data).
 */
export const seedStepRegistry: readonly SeedStep[] = [
  unitsSeedStep,
  demoAccountsSeedStep,
  criteriaSeedStep,
  recognitionTemplatesSeedStep,
  targetsSeedStep,
  demoValuesSeedStep,
  demoRecognitionSeedStep,
  demoFeedbackSeedStep,
  demoSurveysSeedStep,
  ocopSheetsSeedStep,
  demoOcopSeedStep,
];
