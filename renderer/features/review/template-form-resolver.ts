import type { FieldErrors, Resolver } from 'react-hook-form';
import { z } from 'zod';
import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import { outcomeFieldErrors, templateOutcomeSchema, type OutcomeAnswers } from '../../../shared/review-template/validate-outcome';
import { formValuesToAnswers, type FormValues } from './review-answers';

/**
 * The review form's zod schema: the form's raw values become the outcome's
 * answers, which must then pass the template's outcome schema — the very
 * schema the endpoint validates a pushed outcome with (shared/review-template).
 */
export function templateFormSchema(template: TemplateDefinition): z.ZodType<OutcomeAnswers, FormValues> {
  return z
    .custom<FormValues>((values) => typeof values === 'object' && values !== null && !Array.isArray(values))
    .transform((values) => formValuesToAnswers(template, values))
    .pipe(templateOutcomeSchema(template));
}

/**
 * react-hook-form's resolver over that schema (a few lines, in place of the
 * @hookform/resolvers dependency): valid values come out as the answers to
 * submit; each failing field gets its error code as `type` and `message`,
 * which the form words for the reviewer.
 */
export function templateFormResolver(template: TemplateDefinition): Resolver<FormValues, unknown, OutcomeAnswers> {
  const schema = templateFormSchema(template);
  return (values) => {
    const result = schema.safeParse(values);
    if (result.success) return { values: result.data, errors: {} };
    const errors: FieldErrors<FormValues> = {};
    for (const { fieldId, code } of outcomeFieldErrors(result.error)) errors[fieldId] = { type: code, message: code };
    return { values: {}, errors };
  };
}
