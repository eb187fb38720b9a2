import type { TemplateField } from '../../../shared/review-template/template-definition';
import type { FormValues } from './review-answers';

/**
 * Number keys answer the focused question: on a single-choice question, 1
 * chooses the first option, 2 the second…; on a multiple-choice question the
 * key ticks or unticks that option. Returns the field's new form value, or
 * undefined when the key means nothing for this field (no such option, or a
 * question typed as text).
 */
export function valueForOptionKey(field: TemplateField, key: string, current: FormValues[string]): FormValues[string] | undefined {
  if (!/^[1-9]$/.test(key)) return undefined;
  if (field.type !== 'single_choice' && field.type !== 'multiple_choice') return undefined;
  const option = field.options[Number(key) - 1];
  if (!option) return undefined;
  if (field.type === 'single_choice') return option.value;
  const chosen = Array.isArray(current) ? current : typeof current === 'string' && current ? [current] : [];
  return chosen.includes(option.value) ? chosen.filter((value) => value !== option.value) : [...chosen, option.value];
}
