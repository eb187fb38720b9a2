import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from './default-cse-review-template';
import { outcomeEscalates } from './escalation';
import { templateDefinitionSchema } from './template-definition';

describe('escalation rule', () => {
  it('escalates urgency = immediate or a safeguarding referral under the default template, nothing else', () => {
    expect(outcomeEscalates(DEFAULT_CSE_REVIEW_TEMPLATE, { urgency: 'immediate', recommendation: 'reinvestigate' })).toBe(true);
    expect(outcomeEscalates(DEFAULT_CSE_REVIEW_TEMPLATE, { urgency: 'routine', recommendation: 'safeguarding_referral' })).toBe(true);
    expect(outcomeEscalates(DEFAULT_CSE_REVIEW_TEMPLATE, { urgency: 'priority', recommendation: 'reinvestigate' })).toBe(false);
    expect(outcomeEscalates({ ...DEFAULT_CSE_REVIEW_TEMPLATE, escalation: undefined }, { urgency: 'immediate' })).toBe(false);
  });

  it('is part of the template schema: the default passes; a rule naming an unknown field or option is refused', () => {
    expect(templateDefinitionSchema.safeParse(DEFAULT_CSE_REVIEW_TEMPLATE).success).toBe(true);
    const unknownField = { ...DEFAULT_CSE_REVIEW_TEMPLATE, escalation: { anyOf: [{ field: 'no_such_field', anyOf: ['x'] }] } };
    const unknownOption = { ...DEFAULT_CSE_REVIEW_TEMPLATE, escalation: { anyOf: [{ field: 'urgency', anyOf: ['tomorrow'] }] } };
    expect(templateDefinitionSchema.safeParse(unknownField).success).toBe(false);
    expect(templateDefinitionSchema.safeParse(unknownOption).success).toBe(false);
  });
});
