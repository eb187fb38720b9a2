import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from './default-cse-review-template';
import { templateDefinitionSchema } from './template-definition';
import { templateOutcomeSchema } from './template-outcome-schema';
import { validateOutcome } from './validate-outcome';

const complete = {
  classification: 'group_based',
  suspect_count: 3,
  recommendation: 'reinvestigate',
  urgency: 'priority',
  rationale: 'Linked offending was not pursued.',
  reviewer_confidence: 'high',
};

/** The issues of a parse as `field: code` (the schema's messages are codes). */
function issuesOf(template: Parameters<typeof templateOutcomeSchema>[0], answers: Record<string, unknown>): string[] {
  const result = templateOutcomeSchema(template).safeParse(answers);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the outcome schema built from a template', () => {
  it('requires a field only while the field it names has a value its requireWhen accepts', () => {
    const { rationale: _omitted, ...withoutRationale } = complete;
    expect(issuesOf(DEFAULT_CSE_REVIEW_TEMPLATE, withoutRationale)).toEqual(['rationale: required']);
    expect(issuesOf(DEFAULT_CSE_REVIEW_TEMPLATE, { ...withoutRationale, recommendation: 'no_further_action' })).toEqual([]);
    // No recommendation at all: the rationale is not required, the recommendation is.
    const { recommendation: _none, ...withoutEither } = withoutRationale;
    expect(issuesOf(DEFAULT_CSE_REVIEW_TEMPLATE, withoutEither)).toEqual(['recommendation: required']);
    // Blank text is no answer.
    expect(issuesOf(DEFAULT_CSE_REVIEW_TEMPLATE, { ...complete, rationale: '   ' })).toEqual(['rationale: required']);
  });

  it('is what validateOutcome (the endpoint’s check) applies: the same fields, the same codes', () => {
    const samples = [
      complete,
      { ...complete, rationale: '' },
      { ...complete, recommendation: 'no_further_action', rationale: '' },
      { ...complete, urgency: 'whenever', suspect_count: 1.5, surprise: 'x' },
      { ...complete, suspect_count: 501, vulnerability_indicators: ['missing_episodes', 'missing_episodes'] },
      {},
    ];
    for (const answers of samples) {
      const fromSchema = issuesOf(DEFAULT_CSE_REVIEW_TEMPLATE, answers);
      const fromValidate = validateOutcome(DEFAULT_CSE_REVIEW_TEMPLATE, answers as Record<string, string>).map((error) => `${error.fieldId}: ${error.code}`);
      expect(fromValidate).toEqual(fromSchema);
    }
  });

  it('checks options, ranges, whole numbers, lengths and dates from the template', () => {
    const template = templateDefinitionSchema.parse({
      templateId: 't',
      title: 'T',
      fields: [
        { id: 'kind', type: 'single_choice', label: 'Kind', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
        { id: 'tags', type: 'multiple_choice', label: 'Tags', options: [{ value: 'x', label: 'X' }] },
        { id: 'count', type: 'number', label: 'Count', integer: true, min: 1, max: 9 },
        { id: 'note', type: 'text', label: 'Note', maxLength: 5 },
        { id: 'when', type: 'date', label: 'When', showWhen: { field: 'kind', anyOf: ['b'] }, requireWhen: { field: 'kind', anyOf: ['b'] } },
      ],
    });
    expect(issuesOf(template, { kind: 'c', tags: ['y'], count: 0, note: 'too long' })).toEqual([
      'kind: not_an_option',
      'tags: not_an_option',
      'count: out_of_range',
      'note: too_long',
    ]);
    expect(issuesOf(template, { count: 2.5 })).toEqual(['count: not_an_integer']);
    // showWhen, requireWhen and dates together: validate-outcome.test.ts goes through them one by one.
    expect(issuesOf(template, { kind: 'a', when: '2021-02-30' })).toEqual(['when: not_shown']);
    expect(issuesOf(template, { kind: 'b', when: '2024-02-29', tags: ['x'], count: 9, note: 'short' })).toEqual([]);
  });

  it('never puts an answer in an issue', () => {
    const result = templateOutcomeSchema(DEFAULT_CSE_REVIEW_TEMPLATE).safeParse({ ...complete, classification: 'secret-answer', rationale: 'x'.repeat(10_001) });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).not.toContain('secret-answer');
    expect(JSON.stringify(result.error!.issues)).not.toContain('xxxxxxxx');
  });
});
