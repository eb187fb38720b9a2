import { z } from 'zod';
import type { FieldCondition, TemplateDefinition, TemplateField } from './template-definition';

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

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Whether a condition holds for the answers given (see FieldCondition). */
export function conditionMet(condition: FieldCondition, answers: Readonly<Record<string, AnswerValue>>): boolean {
  const value = answers[condition.field];
  if (value === undefined || !isAnswered(value)) return false;
  const chosen = Array.isArray(value) ? value : [String(value)];
  if (condition.anyOf && !chosen.some((item) => condition.anyOf!.includes(item))) return false;
  if (condition.noneOf && chosen.some((item) => condition.noneOf!.includes(item))) return false;
  return true;
}

function isRealDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function valueError(field: TemplateField, value: AnswerValue): OutcomeErrorCode | null {
  switch (field.type) {
    case 'single_choice':
      if (typeof value !== 'string') return 'wrong_type';
      return field.options.some((option) => option.value === value) ? null : 'not_an_option';
    case 'multiple_choice':
      if (!Array.isArray(value)) return 'wrong_type';
      if (new Set(value).size !== value.length) return 'duplicate_choice';
      return value.every((item) => field.options.some((option) => option.value === item)) ? null : 'not_an_option';
    case 'text':
      if (typeof value !== 'string') return 'wrong_type';
      return value.length > (field.maxLength ?? 20_000) ? 'too_long' : null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'wrong_type';
      if (field.integer && !Number.isInteger(value)) return 'not_an_integer';
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) return 'out_of_range';
      return null;
    case 'date':
      if (typeof value !== 'string') return 'wrong_type';
      return isRealDate(value) ? null : 'invalid_date';
  }
}

/**
 * Checks an outcome against its template. Returns one error per failing field
 * (empty when valid). Errors name the field and a code, never the answer.
 */
export function validateOutcome(template: TemplateDefinition, answers: Readonly<Record<string, AnswerValue>>): OutcomeFieldError[] {
  const errors: OutcomeFieldError[] = [];
  const fieldsById = new Map(template.fields.map((field) => [field.id, field]));
  for (const fieldId of Object.keys(answers)) {
    if (!fieldsById.has(fieldId)) errors.push({ fieldId, code: 'unknown_field' });
  }
  for (const field of template.fields) {
    const value = answers[field.id];
    const shown = !field.showWhen || conditionMet(field.showWhen, answers);
    if (!shown) {
      if (isAnswered(value)) errors.push({ fieldId: field.id, code: 'not_shown' });
      continue;
    }
    const required = field.required === true || (field.requireWhen !== undefined && conditionMet(field.requireWhen, answers));
    if (!isAnswered(value)) {
      if (required) errors.push({ fieldId: field.id, code: 'required' });
      else if (value !== undefined) {
        const code = valueError(field, value);
        if (code === 'wrong_type') errors.push({ fieldId: field.id, code });
      }
      continue;
    }
    const code = valueError(field, value!);
    if (code) errors.push({ fieldId: field.id, code });
  }
  return errors;
}
