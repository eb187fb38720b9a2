import type { z } from 'zod';
import type { TemplateDefinition } from './template-definition';
import { OUTCOME_ERROR_CODES, type AnswerValue, type OutcomeErrorCode, type OutcomeFieldError } from './outcome-answers';
import { templateOutcomeSchema } from './template-outcome-schema';

export {
  answerValueSchema,
  outcomeAnswersSchema,
  OUTCOME_ERROR_CODES,
  type AnswerValue,
  type OutcomeAnswers,
  type OutcomeErrorCode,
  type OutcomeFieldError,
} from './outcome-answers';
export { conditionMet, fieldRequired, templateOutcomeSchema } from './template-outcome-schema';

/** Template definitions are never changed in place (a change is a new version), so each one's schema is built once. */
const schemasByTemplate = new WeakMap<TemplateDefinition, ReturnType<typeof templateOutcomeSchema>>();

/**
 * Checks an outcome against its template with the template's schema (the
 * same one the app's form resolves with). Returns one error per failing
 * field (empty when valid). Errors name the field and a code, never the answer.
 */
export function validateOutcome(template: TemplateDefinition, answers: Readonly<Record<string, AnswerValue>>): OutcomeFieldError[] {
  let schema = schemasByTemplate.get(template);
  if (!schema) schemasByTemplate.set(template, (schema = templateOutcomeSchema(template)));
  const result = schema.safeParse(answers);
  return result.success ? [] : outcomeFieldErrors(result.error);
}

/** The schema's issues as one error per field, first issue first; an issue outside the codes reads as `wrong_type`. */
export function outcomeFieldErrors(error: z.ZodError): OutcomeFieldError[] {
  const byField = new Map<string, OutcomeErrorCode>();
  for (const issue of error.issues) {
    const fieldId = String(issue.path[0] ?? '');
    if (byField.has(fieldId)) continue;
    const code = (OUTCOME_ERROR_CODES as readonly string[]).includes(issue.message) ? (issue.message as OutcomeErrorCode) : 'wrong_type';
    byField.set(fieldId, code);
  }
  return [...byField].map(([fieldId, code]) => ({ fieldId, code }));
}
