import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { validateOutcome } from '../../../shared/review-template/validate-outcome';
import { answersToFormValues, describeAnswer, formValuesToAnswers } from './review-answers';

const template = DEFAULT_CSE_REVIEW_TEMPLATE;

describe('review form values ⇄ outcome answers', () => {
  it('omits unanswered fields, parses numbers and keeps check-box arrays', () => {
    const values = answersToFormValues(template, {});
    values.classification = 'group_based';
    values.suspect_count = ' 3 ';
    values.vulnerability_indicators = ['missing_episodes'];
    const answers = formValuesToAnswers(template, values);
    expect(answers).toMatchObject({ classification: 'group_based', suspect_count: 3 });
    expect(answers).not.toHaveProperty('rationale');
    expect(Array.isArray(answers.vulnerability_indicators)).toBe(true);
  });

  it('keeps an unparsable number as text so validation reports it instead of dropping it', () => {
    const answers = formValuesToAnswers(template, { ...answersToFormValues(template, {}), suspect_count: 'three' });
    expect(answers.suspect_count).toBe('three');
    expect(validateOutcome(template, answers)).toContainEqual({ fieldId: 'suspect_count', code: 'wrong_type' });
  });

  it('round-trips a valid outcome through the form unchanged', () => {
    const outcome = {
      classification: 'group_based',
      suspect_count: 2,
      recommendation: 'reinvestigate',
      urgency: 'priority',
      rationale: 'Linked offending was not pursued.',
      reviewer_confidence: 'medium',
    };
    expect(validateOutcome(template, outcome)).toEqual([]);
    expect(formValuesToAnswers(template, answersToFormValues(template, outcome))).toEqual(outcome);
  });

  it('describes choices by their labels', () => {
    const field = template.fields.find((candidate) => candidate.id === 'classification')!;
    expect(describeAnswer(field, 'group_based')).not.toBe('group_based');
    expect(describeAnswer(field, undefined)).toBe('—');
  });
});
