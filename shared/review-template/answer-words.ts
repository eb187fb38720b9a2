import type { TemplateField } from './template-definition';
import type { AnswerValue } from './validate-outcome';

/**
 * An answer as a person reads it: choices by their labels (several joined by
 * "; "), numbers as numbers, text and dates as written; '' when unanswered or
 * of the wrong kind. Used by the export's table and the lead's review view.
 */
export function answerForReading(field: TemplateField, answer: AnswerValue | undefined): string | number {
  if (answer === undefined) return '';
  switch (field.type) {
    case 'single_choice':
      return typeof answer === 'string' ? optionLabel(field.options, answer) : '';
    case 'multiple_choice':
      return Array.isArray(answer) ? answer.map((value) => optionLabel(field.options, value)).join('; ') : '';
    case 'number':
      return typeof answer === 'number' ? answer : '';
    case 'text':
    case 'date':
      return typeof answer === 'string' ? answer : '';
  }
}

function optionLabel(options: readonly { readonly value: string; readonly label: string }[], value: string): string {
  // The endpoint validated the answer against this template; an unknown value is shown as it is rather than dropped.
  return options.find((option) => option.value === value)?.label ?? value;
}
