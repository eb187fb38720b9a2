import { describe, expect, it } from 'vitest';
import type { TemplateField } from '../../../shared/review-template/template-definition';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { valueForOptionKey } from './option-keys';

const fieldOfType = (type: TemplateField['type']) => DEFAULT_CSE_REVIEW_TEMPLATE.fields.find((field) => field.type === type)!;

describe('valueForOptionKey', () => {
  it('chooses the nth option of a single-choice question', () => {
    const field = fieldOfType('single_choice') as Extract<TemplateField, { type: 'single_choice' }>;
    expect(valueForOptionKey(field, '1', undefined)).toBe(field.options[0]!.value);
    expect(valueForOptionKey(field, '2', field.options[0]!.value)).toBe(field.options[1]!.value);
    expect(valueForOptionKey(field, String(field.options.length + 1), undefined)).toBeUndefined();
  });

  it('ticks and unticks the nth option of a multiple-choice question', () => {
    const field = fieldOfType('multiple_choice') as Extract<TemplateField, { type: 'multiple_choice' }>;
    const [first, second] = field.options.map((option) => option.value);
    expect(valueForOptionKey(field, '1', undefined)).toEqual([first]);
    expect(valueForOptionKey(field, '2', [first!])).toEqual([first, second]);
    expect(valueForOptionKey(field, '1', [first!, second!])).toEqual([second]);
  });

  it('ignores other keys and questions without options', () => {
    const choice = fieldOfType('single_choice');
    expect(valueForOptionKey(choice, '0', undefined)).toBeUndefined();
    expect(valueForOptionKey(choice, 'a', undefined)).toBeUndefined();
    expect(valueForOptionKey(fieldOfType('text'), '1', '')).toBeUndefined();
    expect(valueForOptionKey(fieldOfType('number'), '1', '')).toBeUndefined();
  });
});
