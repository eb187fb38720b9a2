import type { TemplateDefinition } from './template-definition';

/** The review template CaseDesk ships for historical child-sexual-exploitation case reviews. */
export const DEFAULT_CSE_REVIEW_TEMPLATE: TemplateDefinition = {
  templateId: 'cse-review',
  title: 'Child sexual exploitation case review',
  fields: [
    {
      id: 'classification',
      type: 'single_choice',
      label: 'Classification',
      help: 'The exploitation model that best describes the case.',
      required: true,
      options: [
        { value: 'group_based', label: 'Group-based' },
        { value: 'intra_familial', label: 'Intra-familial' },
        { value: 'peer_on_peer', label: 'Peer-on-peer' },
        { value: 'institutional', label: 'Institutional' },
        { value: 'online', label: 'Online' },
        { value: 'other', label: 'Other' },
      ],
    },
    { id: 'suspect_count', type: 'number', label: 'Number of suspects', required: true, integer: true, min: 0, max: 500 },
    {
      id: 'vulnerability_indicators',
      type: 'multiple_choice',
      label: 'Victim vulnerability indicators',
      options: [
        { value: 'looked_after_child', label: 'Looked-after child' },
        { value: 'missing_episodes', label: 'Missing episodes' },
        { value: 'substance_exploitation', label: 'Substance exploitation' },
        { value: 'trafficked_between_areas', label: 'Trafficked between areas' },
      ],
    },
    {
      id: 'recording_failures',
      type: 'multiple_choice',
      label: 'Recording failures',
      options: [
        { value: 'crime_not_recorded', label: 'Crime not recorded' },
        { value: 'suspect_ethnicity_not_recorded', label: 'Suspect ethnicity not recorded' },
        { value: 'outcome_code_wrong', label: 'Outcome code wrong' },
      ],
    },
    { id: 'missed_opportunities', type: 'text', label: 'Missed opportunities', maxLength: 10_000 },
    {
      id: 'recommendation',
      type: 'single_choice',
      label: 'Recommendation',
      required: true,
      options: [
        { value: 'no_further_action', label: 'No further action' },
        { value: 'reinvestigate', label: 'Reinvestigate' },
        { value: 'safeguarding_referral', label: 'Safeguarding referral' },
        { value: 'refer_to_professional_standards', label: 'Refer to professional standards' },
      ],
    },
    {
      id: 'urgency',
      type: 'single_choice',
      label: 'Urgency',
      required: true,
      options: [
        { value: 'routine', label: 'Routine' },
        { value: 'priority', label: 'Priority' },
        { value: 'immediate', label: 'Immediate' },
      ],
    },
    {
      id: 'rationale',
      type: 'text',
      label: 'Rationale',
      help: 'Required unless the recommendation is no further action.',
      maxLength: 10_000,
      requireWhen: { field: 'recommendation', noneOf: ['no_further_action'] },
    },
    {
      id: 'reviewer_confidence',
      type: 'single_choice',
      label: 'Reviewer confidence',
      required: true,
      options: [
        { value: 'low', label: 'Low' },
        { value: 'medium', label: 'Medium' },
        { value: 'high', label: 'High' },
      ],
    },
  ],
  // A case that points to a child at risk today is escalated at once, not held with its batch.
  escalation: {
    anyOf: [
      { field: 'urgency', anyOf: ['immediate'] },
      { field: 'recommendation', anyOf: ['safeguarding_referral'] },
    ],
  },
};
