import type {
  BlankPolicy,
  Questionnaire,
  RuleResult,
  Share,
  SurveyRule,
  Tally,
  TallyCounts,
} from './types';

/**
 * The tally of a campaign (90/HD-MTTW-BTT, `procedures.md` §2): coverage = valid forms ÷
 * households on the roll (per village, per commune, in total); per question = "hài lòng" ÷ the
 * answers to it; overall = "hài lòng" on the overall question ÷ the households asked; whether
 * blanks count is the guidance's parameter. Each rule passes or fails with the figure and what
 * falls short. Shares are exact fractions compared as integers (no rounding decides a verdict).
 */

const MAX_FAILING = 50;

/** `part ÷ whole` in percent, or null for an empty whole. */
function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? (part * 100) / whole : null;
}

/** part ÷ whole ≥ min %, decided on integers scaled by 1,000 (mins have at most 3 decimals). */
function atLeast(part: number, whole: number, min: number): boolean {
  if (whole <= 0) return false;
  return part * 100_000 >= Math.round(min * 1000) * whole;
}

interface Fraction {
  part: number;
  whole: number;
}

function shareOf(
  counts: { satisfied: number; dissatisfied: number; blank: number },
  blanks: 'exclude' | 'include',
): Share & Fraction {
  const whole = counts.satisfied + counts.dissatisfied + (blanks === 'include' ? counts.blank : 0);
  return {
    satisfied: counts.satisfied,
    dissatisfied: counts.dissatisfied,
    blank: counts.blank,
    share: percentOf(counts.satisfied, whole),
    part: counts.satisfied,
    whole,
  };
}

const noAnswers = { satisfied: 0, dissatisfied: 0, blank: 0 };

function add(
  into: { satisfied: number; dissatisfied: number; blank: number },
  row: { satisfied: number; dissatisfied: number; blank: number },
) {
  into.satisfied += row.satisfied;
  into.dissatisfied += row.dissatisfied;
  into.blank += row.blank;
}

function strip<T extends Fraction>(value: T): Omit<T, 'part' | 'whole'> {
  const { part: _part, whole: _whole, ...rest } = value;
  return rest;
}

export function tallySurvey(
  questionnaire: Questionnaire,
  rules: SurveyRule[],
  blanks: BlankPolicy,
  counts: TallyCounts,
): Tally {
  const overallId = questionnaire.overall.id;
  const policyOf = (question: string) =>
    question === overallId ? blanks.overall : blanks.question;

  // Counts per commune and question; a form answered with the overall question left blank still
  // counts as asked: the overall blank count is completed from the forms answered.
  const communeIds = [...new Set(counts.roll.map((row) => row.commune))].sort((a, b) => a - b);
  const perCommune = new Map<
    number,
    Map<string, { satisfied: number; dissatisfied: number; blank: number }>
  >();
  for (const commune of communeIds) perCommune.set(commune, new Map());
  for (const row of counts.answers) {
    let questions = perCommune.get(row.commune);
    if (!questions) {
      questions = new Map();
      perCommune.set(row.commune, questions);
    }
    const into = questions.get(row.question) ?? { ...noAnswers };
    add(into, row);
    questions.set(row.question, into);
  }

  const villages = counts.roll.map((row) => ({
    commune: row.commune,
    village: row.village,
    households: row.households,
    answered: row.answered,
    coverage: percentOf(row.answered, row.households),
  }));
  const households = counts.roll.reduce((sum, row) => sum + row.households, 0);
  const answered = counts.roll.reduce((sum, row) => sum + row.answered, 0);

  const ids = [...questionnaire.questions.map((question) => question.id), overallId];
  const communes = communeIds.map((commune) => {
    const rows = counts.roll.filter((row) => row.commune === commune);
    const communeHouseholds = rows.reduce((sum, row) => sum + row.households, 0);
    const communeAnswered = rows.reduce((sum, row) => sum + row.answered, 0);
    const questions = perCommune.get(commune)!;
    return {
      commune,
      households: communeHouseholds,
      answered: communeAnswered,
      coverage: percentOf(communeAnswered, communeHouseholds),
      shares: ids.map((id) => ({
        id,
        ...shareOf(questions.get(id) ?? noAnswers, policyOf(id)),
      })),
    };
  });

  const totalOf = (id: string) => {
    const into = { ...noAnswers };
    for (const questions of perCommune.values()) add(into, questions.get(id) ?? noAnswers);
    return shareOf(into, policyOf(id));
  };
  const questionShares = questionnaire.questions.map((question) => ({
    id: question.id,
    number: question.number,
    content: question.content,
    ...totalOf(question.id),
  }));
  const overall = totalOf(overallId);

  const results: RuleResult[] = rules.map((rule) => {
    const base = {
      code: rule.code,
      kind: rule.kind,
      min: rule.min,
      verified: rule.verified,
      source: rule.source,
    };
    switch (rule.kind) {
      case 'coverage_total':
        return {
          ...base,
          value: percentOf(answered, households),
          passed: atLeast(answered, households, rule.min),
          failing: [],
        };
      case 'overall_satisfaction':
        return {
          ...base,
          value: overall.share,
          passed: atLeast(overall.part, overall.whole, rule.min),
          failing: [],
        };
      case 'coverage_each_village': {
        const failing = villages
          .filter((village) => !atLeast(village.answered, village.households, rule.min))
          .map((village) => ({
            commune: village.commune,
            village: village.village,
            value: village.coverage,
          }));
        return {
          ...base,
          ...least(
            villages.map((v) => v.coverage),
            failing,
          ),
        };
      }
      case 'question_satisfaction_each': {
        const failing = questionShares
          .filter((question) => !atLeast(question.part, question.whole, rule.min))
          .map((question) => ({ question: question.id, value: question.share }));
        return {
          ...base,
          ...least(
            questionShares.map((q) => q.share),
            failing,
          ),
        };
      }
      case 'commune_question_satisfaction_each': {
        const all = communes.flatMap((commune) =>
          commune.shares
            .filter((share) => share.id !== overallId)
            .map((share) => ({ commune: commune.commune, ...share })),
        );
        const failing = all
          .filter((share) => !atLeast(share.part, share.whole, rule.min))
          .map((share) => ({ commune: share.commune, question: share.id, value: share.share }));
        return {
          ...base,
          ...least(
            all.map((share) => share.share),
            failing,
          ),
        };
      }
    }
  });

  return {
    households,
    answered,
    coverage: percentOf(answered, households),
    villages,
    communes: communes.map(({ shares, ...commune }) => ({
      ...commune,
      questions: shares.map(strip),
    })),
    questions: questionShares.map(strip),
    overall: strip(overall),
    rules: results,
    passed: results.length > 0 && results.every((result) => result.passed),
  };
}

/** The least known figure of an "each" rule and what falls short (an unanswered one fails). */
function least(
  values: (number | null)[],
  failing: RuleResult['failing'],
): Pick<RuleResult, 'value' | 'passed' | 'failing'> {
  const known = values.filter((value): value is number => value !== null);
  return {
    value: known.length > 0 ? Math.min(...known) : null,
    passed: values.length > 0 && failing.length === 0,
    failing: failing.slice(0, MAX_FAILING),
  };
}
