import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { validateOutcome } from '../../../shared/review-template/validate-outcome';
import { answersToFormValues, formValuesToAnswers, type FormValues } from './review-answers';
import { templateFormResolver } from './template-form-resolver';

const template = DEFAULT_CSE_REVIEW_TEMPLATE;
const resolve = (values: FormValues) =>
  templateFormResolver(template)(values, undefined, { fields: {}, shouldUseNativeValidation: undefined }) as {
    values: Record<string, unknown>;
    errors: Record<string, { type: string; message: string }>;
  };

/** What a reviewer has ticked and typed, as the form holds it (strings and check-box arrays). */
function typed(overrides: FormValues): FormValues {
  return {
    ...answersToFormValues(template, {}),
    classification: 'group_based',
    suspect_count: '3',
    urgency: 'priority',
    reviewer_confidence: 'medium',
    ...overrides,
  };
}

describe('the review form’s resolver (the template’s schema, as the endpoint applies it)', () => {
  it('refuses a missing rationale once a recommendation other than "no further action" is chosen, and only then', () => {
    const missing = resolve(typed({ recommendation: 'reinvestigate', rationale: '' }));
    expect(Object.keys(missing.errors)).toEqual(['rationale']);
    expect(missing.errors.rationale).toMatchObject({ type: 'required', message: 'required' });

    const notNeeded = resolve(typed({ recommendation: 'no_further_action', rationale: '' }));
    expect(notNeeded.errors).toEqual({});
    expect(notNeeded.values).toEqual({ classification: 'group_based', suspect_count: 3, recommendation: 'no_further_action', urgency: 'priority', reviewer_confidence: 'medium' });
  });

  it('gives every field the error the endpoint would give the same answers', () => {
    const samples: FormValues[] = [
      typed({ recommendation: 'reinvestigate', rationale: '' }),
      typed({ recommendation: 'reinvestigate', rationale: 'Reasons.' }),
      typed({ suspect_count: 'three', recommendation: '' }),
      typed({ suspect_count: '2.5', classification: '' }),
      answersToFormValues(template, {}),
    ];
    for (const values of samples) {
      const fromForm = Object.entries(resolve(values).errors).map(([fieldId, error]) => ({ fieldId, code: error.type }));
      const fromEndpoint = validateOutcome(template, formValuesToAnswers(template, values));
      expect(fromForm).toEqual(fromEndpoint);
    }
  });

  it('hands valid values on as the outcome’s answers', () => {
    const result = resolve(typed({ recommendation: 'reinvestigate', rationale: 'Linked offending.', vulnerability_indicators: ['missing_episodes'] }));
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ suspect_count: 3, rationale: 'Linked offending.', vulnerability_indicators: ['missing_episodes'] });
  });
});
