import type { TemplateDefinition, TemplateField } from '../../../shared/review-template/template-definition';
import { conditionMet, type AnswerValue, type OutcomeAnswers } from '../../../shared/review-template/validate-outcome';

/** What the form holds per field: strings from inputs, string arrays from check boxes. */
export type FormValues = Record<string, string | string[] | boolean | undefined>;

/**
 * Turns the form's raw values into the outcome's answers, top to bottom so a
 * hidden field (its `showWhen` not met by the answers above it) is left out,
 * as the endpoint requires. Unanswered fields are omitted; a number that does
 * not parse is kept as text, so validation reports it instead of losing it.
 */
export function formValuesToAnswers(template: TemplateDefinition, values: FormValues): OutcomeAnswers {
  const answers: Record<string, AnswerValue> = {};
  for (const field of template.fields) {
    if (field.showWhen && !conditionMet(field.showWhen, answers)) continue;
    const value = answerOf(field, values[field.id]);
    if (value !== undefined) answers[field.id] = value;
  }
  return answers;
}

function answerOf(field: TemplateField, raw: FormValues[string]): AnswerValue | undefined {
  switch (field.type) {
    case 'multiple_choice': {
      const chosen = Array.isArray(raw) ? raw : typeof raw === 'string' && raw ? [raw] : [];
      return chosen.length > 0 ? chosen : undefined;
    }
    case 'number': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (!text) return undefined;
      const parsed = Number(text);
      return Number.isFinite(parsed) ? parsed : text;
    }
    default: {
      const text = typeof raw === 'string' ? raw : '';
      return text.trim() ? text : undefined;
    }
  }
}

/** The form values that show a stored outcome or draft again. */
export function answersToFormValues(template: TemplateDefinition, answers: Readonly<Record<string, AnswerValue>>): FormValues {
  const values: FormValues = {};
  for (const field of template.fields) {
    const value = answers[field.id];
    if (value === undefined) values[field.id] = field.type === 'multiple_choice' ? [] : '';
    else values[field.id] = Array.isArray(value) ? [...value] : String(value);
  }
  return values;
}

/** An answer as words for the conflict view: option labels, not codes. */
export function describeAnswer(field: TemplateField, value: AnswerValue | undefined): string {
  if (value === undefined) return '—';
  if (field.type === 'single_choice' || field.type === 'multiple_choice') {
    const chosen = Array.isArray(value) ? value : [String(value)];
    return chosen.map((item) => field.options.find((option) => option.value === item)?.label ?? item).join('; ');
  }
  return String(value);
}
