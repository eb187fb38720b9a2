import { z } from 'zod';
import type { FieldCondition, TemplateDefinition, TemplateField } from './template-definition';
import { outcomeAnswersSchema, type AnswerValue, type OutcomeAnswers, type OutcomeErrorCode } from './outcome-answers';

/**
 * The zod schema of one template's outcome, built from the template: the one
 * rule set the server applies to a pushed outcome (validateOutcome) and the
 * app's review form applies before it lets the reviewer submit. Every issue
 * names its field in `path` and carries an OutcomeErrorCode as its message,
 * never the answer.
 */
export function templateOutcomeSchema(template: TemplateDefinition): z.ZodType<OutcomeAnswers, OutcomeAnswers> {
  const fields = template.fields.map((field) => ({ field, value: fieldValueSchema(field) }));
  const fieldIds = new Set(template.fields.map((field) => field.id));
  return outcomeAnswersSchema.superRefine((answers, context) => {
    const refuse = (fieldId: string, code: OutcomeErrorCode) => context.addIssue({ code: 'custom', path: [fieldId], message: code });
    for (const fieldId of Object.keys(answers)) {
      if (!fieldIds.has(fieldId)) refuse(fieldId, 'unknown_field');
    }
    for (const { field, value: valueSchema } of fields) {
      const value = answers[field.id];
      if (field.showWhen && !conditionMet(field.showWhen, answers)) {
        if (isAnswered(value)) refuse(field.id, 'not_shown');
        continue;
      }
      const required = field.required === true || (field.requireWhen !== undefined && conditionMet(field.requireWhen, answers));
      if (!isAnswered(value)) {
        if (required) refuse(field.id, 'required');
        // An empty answer of the wrong kind (an empty list for one choice) is still the wrong kind.
        else if (value !== undefined && firstCode(valueSchema, value) === 'wrong_type') refuse(field.id, 'wrong_type');
        continue;
      }
      const code = firstCode(valueSchema, value!);
      if (code) refuse(field.id, code);
    }
  });
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

/** Whether a field must be answered, given the answers above it. */
export function fieldRequired(field: TemplateField, answers: Readonly<Record<string, AnswerValue>>): boolean {
  return field.required === true || (field.requireWhen !== undefined && conditionMet(field.requireWhen, answers));
}

function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** The first problem the field's schema finds with an answer (checks run in the order they are declared). */
function firstCode(schema: z.ZodType, value: AnswerValue): OutcomeErrorCode | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]!.message as OutcomeErrorCode);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One answered field's value, as its template entry allows: type, options, length, range, real dates. */
function fieldValueSchema(field: TemplateField): z.ZodType {
  const wrongType = { error: 'wrong_type' satisfies OutcomeErrorCode };
  switch (field.type) {
    case 'single_choice': {
      const options = new Set(field.options.map((option) => option.value));
      return z.string(wrongType).refine((value) => options.has(value), 'not_an_option' satisfies OutcomeErrorCode);
    }
    case 'multiple_choice': {
      const options = new Set(field.options.map((option) => option.value));
      return z
        .array(z.string(), wrongType)
        .refine((chosen) => new Set(chosen).size === chosen.length, 'duplicate_choice' satisfies OutcomeErrorCode)
        .refine((chosen) => chosen.every((value) => options.has(value)), 'not_an_option' satisfies OutcomeErrorCode);
    }
    case 'text':
      return z.string(wrongType).max(field.maxLength ?? 20_000, 'too_long' satisfies OutcomeErrorCode);
    case 'number': {
      let number = z.number(wrongType);
      if (field.integer) number = number.int('not_an_integer' satisfies OutcomeErrorCode);
      if (field.min !== undefined) number = number.min(field.min, 'out_of_range' satisfies OutcomeErrorCode);
      if (field.max !== undefined) number = number.max(field.max, 'out_of_range' satisfies OutcomeErrorCode);
      return number;
    }
    case 'date':
      return z.string(wrongType).refine(isRealDate, 'invalid_date' satisfies OutcomeErrorCode);
  }
}
