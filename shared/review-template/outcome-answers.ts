import { z } from 'zod';

/** One answer: a choice value, several choice values, text, a number or a YYYY-MM-DD date. */
export const answerValueSchema = z.union([
  z.string().max(20_000),
  z.number().finite(),
  z.array(z.string().max(64)).max(50),
]);
export const outcomeAnswersSchema = z.record(z.string().max(64), answerValueSchema);

export type AnswerValue = z.infer<typeof answerValueSchema>;
export type OutcomeAnswers = z.infer<typeof outcomeAnswersSchema>;

export const OUTCOME_ERROR_CODES = [
  'required',
  'unknown_field',
  'not_shown',
  'wrong_type',
  'not_an_option',
  'duplicate_choice',
  'too_long',
  'out_of_range',
  'not_an_integer',
  'invalid_date',
] as const;
export type OutcomeErrorCode = (typeof OUTCOME_ERROR_CODES)[number];

export interface OutcomeFieldError {
  readonly fieldId: string;
  readonly code: OutcomeErrorCode;
}
