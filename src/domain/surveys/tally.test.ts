import { describe, expect, it } from 'vitest';
import { tallySurvey } from './tally';
import type { BlankPolicy, Questionnaire, SurveyRule, TallyCounts } from './types';

const questionnaire: Questionnaire = {
  code: 'test',
  version: 1,
  name: 'Phiếu thử',
  level: 'commune',
  source: 'test',
  verified: false,
  scale: {
    options: [
      { value: 'satisfied', label: 'Hài lòng' },
      { value: 'dissatisfied', label: 'Không hài lòng' },
    ],
    verified: false,
  },
  questions: [
    { id: 'q1', number: 1, criterion: '1', content: 'Quy hoạch', text: 'Câu hỏi 1?' },
    { id: 'q2', number: 2, criterion: '2', content: 'Giao thông', text: 'Câu hỏi 2?' },
  ],
  overall: { id: 'overall', text: 'Câu hỏi chung?' },
};

const blanks: BlankPolicy = { question: 'exclude', overall: 'include', verified: false };
const rule = (code: string, kind: SurveyRule['kind'], min: number): SurveyRule => ({
  code,
  kind,
  min,
  verified: true,
  source: 'test',
});

function counts(overrides: Partial<TallyCounts> = {}): TallyCounts {
  return {
    roll: [
      { commune: 1, village: 'Thôn 1', households: 60, answered: 45 },
      { commune: 1, village: 'Thôn 2', households: 40, answered: 25 },
    ],
    answers: [
      { commune: 1, question: 'q1', satisfied: 63, dissatisfied: 5, blank: 2 },
      { commune: 1, question: 'q2', satisfied: 60, dissatisfied: 10, blank: 0 },
      { commune: 1, question: 'overall', satisfied: 63, dissatisfied: 4, blank: 3 },
    ],
    ...overrides,
  };
}

describe('tallySurvey', () => {
  it('computes coverage per village and in total, and each share with its blank policy', () => {
    const tally = tallySurvey(questionnaire, [], blanks, counts());
    expect(tally.households).toBe(100);
    expect(tally.answered).toBe(70);
    expect(tally.coverage).toBe(70);
    expect(tally.villages.map((v) => v.coverage)).toEqual([75, 62.5]);
    // q1: 63 ÷ (63 + 5), the two blanks left out of the denominator.
    expect(tally.questions[0]!.share).toBeCloseTo((63 * 100) / 68, 10);
    // Overall: 63 ÷ 70 households asked (blanks in).
    expect(tally.overall.share).toBe(90);
    expect(tally.communes[0]!.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'overall']);
  });

  it('passes a threshold met exactly, without rounding deciding it', () => {
    const tally = tallySurvey(
      questionnaire,
      [rule('cov', 'coverage_total', 70), rule('all', 'overall_satisfaction', 90)],
      blanks,
      counts(),
    );
    expect(tally.rules.map((r) => [r.code, r.passed])).toEqual([
      ['cov', true],
      ['all', true],
    ]);
    expect(tally.passed).toBe(true);
    // 29 of 100 is 29 %: a float product would say 28.999…
    const edge = tallySurvey(questionnaire, [rule('cov', 'coverage_total', 29)], blanks, {
      roll: [{ commune: 1, village: 'A', households: 100, answered: 29 }],
      answers: [],
    });
    expect(edge.rules[0]!.passed).toBe(true);
  });

  it('fails a rule one household short, and says which figure', () => {
    const short = counts({
      roll: [
        { commune: 1, village: 'Thôn 1', households: 60, answered: 45 },
        { commune: 1, village: 'Thôn 2', households: 40, answered: 24 },
      ],
    });
    const tally = tallySurvey(questionnaire, [rule('cov', 'coverage_total', 70)], blanks, short);
    expect(tally.rules[0]).toMatchObject({ passed: false, value: 69 });
    expect(tally.passed).toBe(false);
  });

  it('counts blanks in the overall denominator only when the policy says so', () => {
    const excluded = tallySurvey(
      questionnaire,
      [rule('all', 'overall_satisfaction', 94)],
      { ...blanks, overall: 'exclude' },
      counts(),
    );
    expect(excluded.overall.share).toBeCloseTo((63 * 100) / 67, 10);
    expect(excluded.rules[0]!.passed).toBe(true);
    const included = tallySurvey(
      questionnaire,
      [rule('all', 'overall_satisfaction', 94)],
      blanks,
      counts(),
    );
    expect(included.rules[0]!.passed).toBe(false);
  });

  it('names each village and each commune content that falls short', () => {
    const tally = tallySurvey(
      questionnaire,
      [
        rule('village', 'coverage_each_village', 70),
        rule('each', 'question_satisfaction_each', 90),
        rule('commune', 'commune_question_satisfaction_each', 80),
      ],
      blanks,
      {
        roll: [
          { commune: 1, village: 'Thôn 1', households: 10, answered: 8 },
          { commune: 2, village: 'Thôn A', households: 10, answered: 6 },
        ],
        answers: [
          { commune: 1, question: 'q1', satisfied: 8, dissatisfied: 0, blank: 0 },
          { commune: 1, question: 'q2', satisfied: 8, dissatisfied: 0, blank: 0 },
          { commune: 2, question: 'q1', satisfied: 6, dissatisfied: 0, blank: 0 },
          { commune: 2, question: 'q2', satisfied: 4, dissatisfied: 2, blank: 0 },
        ],
      },
    );
    const [village, each, commune] = tally.rules;
    expect(village).toMatchObject({ passed: false, value: 60 });
    expect(village!.failing).toEqual([{ commune: 2, village: 'Thôn A', value: 60 }]);
    expect(each!.passed).toBe(false);
    expect(each!.failing.map((f) => f.question)).toEqual(['q2']);
    expect(commune!.failing).toEqual([{ commune: 2, question: 'q2', value: (4 * 100) / 6 }]);
  });

  it('fails every rule of a campaign nobody answered, and passes nothing without rules', () => {
    const empty = tallySurvey(
      questionnaire,
      [rule('cov', 'coverage_total', 70), rule('all', 'overall_satisfaction', 90)],
      blanks,
      { roll: [{ commune: 1, village: 'A', households: 5, answered: 0 }], answers: [] },
    );
    expect(empty.rules.map((r) => [r.passed, r.value])).toEqual([
      [false, 0],
      [false, null],
    ]);
    expect(tallySurvey(questionnaire, [], blanks, counts()).passed).toBe(false);
  });
});
