import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from './default-cse-review-template';
import { templateDefinitionSchema } from './template-definition';
import { validateOutcome } from './validate-outcome';

const validOutcome = {
  classification: 'group_based',
  suspect_count: 3,
  vulnerability_indicators: ['looked_after_child', 'missing_episodes'],
  recommendation: 'reinvestigate',
  urgency: 'priority',
  rationale: 'Evidence of linked offending was not pursued.',
  reviewer_confidence: 'high',
};

describe('review templates', () => {
  it('ships a default template that passes its own schema', () => {
    expect(templateDefinitionSchema.safeParse(DEFAULT_CSE_REVIEW_TEMPLATE).success).toBe(true);
  });

  it('rejects definitions with duplicate ids, forward conditions or foreign option values', () => {
    const duplicate = { ...DEFAULT_CSE_REVIEW_TEMPLATE, fields: [...DEFAULT_CSE_REVIEW_TEMPLATE.fields, DEFAULT_CSE_REVIEW_TEMPLATE.fields[0]] };
    expect(templateDefinitionSchema.safeParse(duplicate).success).toBe(false);
    const forward = {
      templateId: 't',
      title: 'T',
      fields: [
        { id: 'a', type: 'text', label: 'A', showWhen: { field: 'b' } },
        { id: 'b', type: 'text', label: 'B' },
      ],
    };
    expect(templateDefinitionSchema.safeParse(forward).success).toBe(false);
    const foreign = {
      templateId: 't',
      title: 'T',
      fields: [
        { id: 'a', type: 'single_choice', label: 'A', options: [{ value: 'x', label: 'X' }] },
        { id: 'b', type: 'text', label: 'B', requireWhen: { field: 'a', anyOf: ['y'] } },
      ],
    };
    expect(templateDefinitionSchema.safeParse(foreign).success).toBe(false);
    expect(templateDefinitionSchema.safeParse({ ...DEFAULT_CSE_REVIEW_TEMPLATE, extra: 1 }).success).toBe(false);
  });

  it('accepts a complete outcome', () => {
    expect(validateOutcome(DEFAULT_CSE_REVIEW_TEMPLATE, validOutcome)).toEqual([]);
  });

  it('requires a rationale unless the recommendation is no further action', () => {
    const { rationale: _omitted, ...withoutRationale } = validOutcome;
    expect(validateOutcome(DEFAULT_CSE_REVIEW_TEMPLATE, withoutRationale)).toEqual([{ fieldId: 'rationale', code: 'required' }]);
    expect(validateOutcome(DEFAULT_CSE_REVIEW_TEMPLATE, { ...withoutRationale, recommendation: 'no_further_action' })).toEqual([]);
  });

  it('names each failing field with a code and never echoes the answer', () => {
    const errors = validateOutcome(DEFAULT_CSE_REVIEW_TEMPLATE, {
      ...validOutcome,
      classification: 'secret-answer',
      suspect_count: 2.5,
      vulnerability_indicators: ['looked_after_child', 'looked_after_child'],
      urgency: 7,
      surprise: 'x',
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { fieldId: 'surprise', code: 'unknown_field' },
        { fieldId: 'classification', code: 'not_an_option' },
        { fieldId: 'suspect_count', code: 'not_an_integer' },
        { fieldId: 'vulnerability_indicators', code: 'duplicate_choice' },
        { fieldId: 'urgency', code: 'wrong_type' },
      ]),
    );
    expect(JSON.stringify(errors)).not.toContain('secret-answer');
  });

  it('rejects answers to fields whose show condition is not met, and checks dates', () => {
    const template = templateDefinitionSchema.parse({
      templateId: 't',
      title: 'T',
      fields: [
        { id: 'kind', type: 'single_choice', label: 'Kind', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
        { id: 'when', type: 'date', label: 'When', showWhen: { field: 'kind', anyOf: ['b'] }, requireWhen: { field: 'kind', anyOf: ['b'] } },
      ],
    });
    expect(validateOutcome(template, { kind: 'a', when: '2020-01-01' })).toEqual([{ fieldId: 'when', code: 'not_shown' }]);
    expect(validateOutcome(template, { kind: 'b' })).toEqual([{ fieldId: 'when', code: 'required' }]);
    expect(validateOutcome(template, { kind: 'b', when: '2021-02-30' })).toEqual([{ fieldId: 'when', code: 'invalid_date' }]);
    expect(validateOutcome(template, { kind: 'b', when: '2024-02-29' })).toEqual([]);
  });
});
