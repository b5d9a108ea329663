import { questionIds } from './schema';
import type { Answers, Questionnaire } from './types';

/** What is wrong with a household's answers, as message keys with parameters; empty when valid. */
export type AnswerProblem =
  | { key: 'unknown_question'; question: string }
  | { key: 'bad_value'; question: string }
  | { key: 'blank_form' };

/**
 * A form is valid when it names only the questionnaire's questions with a value of its scale (a
 * question left out is blank) and answers at least one question: an empty form is not a form.
 */
export function answerProblems(questionnaire: Questionnaire, answers: Answers): AnswerProblem[] {
  const ids = new Set(questionIds(questionnaire));
  const values = new Set(questionnaire.scale.options.map((option) => option.value));
  const problems: AnswerProblem[] = [];
  let answered = 0;
  for (const [question, value] of Object.entries(answers)) {
    if (!ids.has(question)) problems.push({ key: 'unknown_question', question });
    else if (value !== null && !values.has(value)) problems.push({ key: 'bad_value', question });
    else if (value !== null) answered += 1;
  }
  if (problems.length === 0 && answered === 0) problems.push({ key: 'blank_form' });
  return problems;
}

/** Every question of the questionnaire with its value or null, in the questionnaire's order. */
export function completeAnswers(questionnaire: Questionnaire, answers: Answers): Answers {
  return Object.fromEntries(questionIds(questionnaire).map((id) => [id, answers[id] ?? null]));
}

/** One canonical text of a form (the same answers give the same text whatever their order). */
export function canonicalAnswers(questionnaire: Questionnaire, answers: Answers): string {
  return questionIds(questionnaire)
    .map((id) => `${id}=${answers[id] ?? ''}`)
    .join('&');
}
