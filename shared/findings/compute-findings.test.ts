import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../review-template/default-cse-review-template';
import type { TemplateDefinition, VersionedTemplate } from '../review-template/template-definition';
import { computeFindings, findingsFilterChoices, NO_FINDINGS_FILTER, type ChoiceReport, type FindingsFilter, type FindingsOutcome, type NumberReport } from './compute-findings';

const V1: VersionedTemplate = { templateId: 'cse-review', version: 1, definition: DEFAULT_CSE_REVIEW_TEMPLATE };
/** Version 2: urgency gains an option, the confidence question is relabelled, help text of classification reworded, a question added. */
const V2_DEFINITION: TemplateDefinition = {
  ...DEFAULT_CSE_REVIEW_TEMPLATE,
  fields: [
    ...DEFAULT_CSE_REVIEW_TEMPLATE.fields.map((field) => {
      if (field.id === 'urgency' && field.type === 'single_choice') return { ...field, options: [...field.options, { value: 'within_24h', label: 'Within 24 hours' }] };
      if (field.id === 'reviewer_confidence') return { ...field, label: 'Confidence in the finding' };
      if (field.id === 'classification') return { ...field, help: 'Reworded help only.' };
      return field;
    }),
    { id: 'victim_age_at_first_report', type: 'number', label: 'Victim age at first report', integer: true, min: 0, max: 25 },
  ],
};
const V2: VersionedTemplate = { templateId: 'cse-review', version: 2, definition: V2_DEFINITION };

let caseCounter = 0;
function outcome(overrides: Partial<FindingsOutcome> & { answers?: FindingsOutcome['answers'] } = {}): FindingsOutcome {
  caseCounter++;
  return {
    caseId: `case-${caseCounter}`,
    batchId: 'batch-a',
    borough: 'Northam',
    periodStart: '2010-01-01',
    periodEnd: '2011-06-30',
    reviewerId: 'alice',
    status: 'submitted',
    templateId: 'cse-review',
    templateVersion: 1,
    answers: { classification: 'group_based', suspect_count: 2, recommendation: 'reinvestigate', urgency: 'priority', reviewer_confidence: 'medium' },
    ...overrides,
  };
}

function report<Report>(findings: ReturnType<typeof computeFindings>, key: string): Report {
  const found = findings.templates.flatMap((template) => template.fields).find((field) => field.key === key);
  if (!found) throw new Error(`no report ${key}`);
  return found as Report;
}

describe('computeFindings: choices', () => {
  it('counts each option of a single choice, with its share of the outcomes in scope (unanswered included in the base)', () => {
    const outcomes = [
      outcome(),
      outcome({ answers: { classification: 'online' } }),
      outcome({ answers: { classification: 'group_based' } }),
      outcome({ answers: {} }),
    ];
    const classification = report<ChoiceReport>(computeFindings(outcomes, [V1], NO_FINDINGS_FILTER), 'cse-review:classification:v1');
    expect(classification).toMatchObject({ type: 'single_choice', label: 'Classification', outcomes: 4, answered: 3, versions: [1], changedAcrossVersions: false });
    expect(classification.options.map(({ value, count, share }) => [value, count, share])).toEqual([
      ['group_based', 2, 0.5],
      ['intra_familial', 0, 0],
      ['peer_on_peer', 0, 0],
      ['institutional', 0, 0],
      ['online', 1, 0.25],
      ['other', 0, 0],
    ]);
  });

  it('counts a multiple choice once per outcome per option; shares are of all outcomes in scope and may add past 100%', () => {
    const outcomes = [
      outcome({ answers: { recording_failures: ['crime_not_recorded', 'suspect_ethnicity_not_recorded'] } }),
      outcome({ answers: { recording_failures: ['crime_not_recorded'] } }),
      outcome({ answers: { recording_failures: [] } }),
      outcome({ answers: {} }),
    ];
    const failures = report<ChoiceReport>(computeFindings(outcomes, [V1], NO_FINDINGS_FILTER), 'cse-review:recording_failures:v1');
    expect(failures).toMatchObject({ type: 'multiple_choice', outcomes: 4, answered: 2 });
    expect(failures.options.map(({ value, count, share }) => [value, count, share])).toEqual([
      ['crime_not_recorded', 2, 0.5],
      ['suspect_ethnicity_not_recorded', 1, 0.25],
      ['outcome_code_wrong', 0, 0],
    ]);
  });

  it('keeps an answered value the template does not list, marked, rather than dropping it', () => {
    const failures = report<ChoiceReport>(computeFindings([outcome({ answers: { urgency: 'yesterday' } })], [V1], NO_FINDINGS_FILTER), 'cse-review:urgency:v1');
    expect(failures.options.at(-1)).toEqual({ value: 'yesterday', label: 'yesterday (not an option of this version)', count: 1, share: 1 });
  });
});

describe('computeFindings: numbers, text and dates', () => {
  it('describes a number field: quartiles, extremes and a histogram of the answered values', () => {
    const outcomes = [1, 2, 3, 4, 10].map((suspects) => outcome({ answers: { suspect_count: suspects } }));
    outcomes.push(outcome({ answers: {} }));
    const suspects = report<NumberReport>(computeFindings(outcomes, [V1], NO_FINDINGS_FILTER), 'cse-review:suspect_count:v1');
    expect(suspects).toMatchObject({ outcomes: 6, answered: 5, distribution: { count: 5, min: 1, q1: 2, median: 3, q3: 4, max: 10 } });
    expect(suspects.distribution!.buckets.map((bucket) => bucket.count)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('never quotes free text: a text field reports only how many answered it', () => {
    const findings = computeFindings([outcome({ answers: { rationale: 'CANARY text' } }), outcome({ answers: {} })], [V1], NO_FINDINGS_FILTER);
    expect(report(findings, 'cse-review:rationale:v1')).toEqual(expect.objectContaining({ type: 'text', outcomes: 2, answered: 1, earliest: null, latest: null }));
    expect(JSON.stringify(findings)).not.toContain('CANARY');
  });
});

describe('computeFindings: template versions', () => {
  const outcomes = [
    outcome({ answers: { urgency: 'immediate', reviewer_confidence: 'high', classification: 'online' } }),
    outcome({ answers: { urgency: 'routine', reviewer_confidence: 'high', classification: 'online' } }),
    outcome({ templateVersion: 2, answers: { urgency: 'within_24h', reviewer_confidence: 'low', classification: 'online', victim_age_at_first_report: 13 } }),
  ];
  const findings = computeFindings(outcomes, [V1, V2], NO_FINDINGS_FILTER);
  const keys = findings.templates[0]!.fields.map((field) => field.key);

  it('reports a field whose options or label changed once per version, never merged', () => {
    expect(keys).toContain('cse-review:urgency:v1');
    expect(keys).toContain('cse-review:urgency:v2');
    expect(keys).not.toContain('cse-review:urgency:v1+2');
    const [urgencyV1, urgencyV2] = ['cse-review:urgency:v1', 'cse-review:urgency:v2'].map((key) => report<ChoiceReport>(findings, key));
    expect(urgencyV1).toMatchObject({ versions: [1], changedAcrossVersions: true, outcomes: 2 });
    expect(urgencyV1!.options.map((option) => option.value)).toEqual(['routine', 'priority', 'immediate']);
    expect(urgencyV2).toMatchObject({ versions: [2], changedAcrossVersions: true, outcomes: 1 });
    expect(urgencyV2!.options.find((option) => option.value === 'within_24h')).toMatchObject({ count: 1, share: 1 });
    expect(report(findings, 'cse-review:reviewer_confidence:v1')).toMatchObject({ label: 'Reviewer confidence', outcomes: 2 });
    expect(report(findings, 'cse-review:reviewer_confidence:v2')).toMatchObject({ label: 'Confidence in the finding', outcomes: 1 });
  });

  it('reports an unchanged field (help text aside) once across the versions, naming them', () => {
    expect(report<ChoiceReport>(findings, 'cse-review:classification:v1+2')).toMatchObject({ versions: [1, 2], changedAcrossVersions: false, outcomes: 3, answered: 3 });
    expect(keys.filter((key) => key.startsWith('cse-review:classification:'))).toHaveLength(1);
  });

  it('counts a field only in the versions that have it', () => {
    expect(report(findings, 'cse-review:victim_age_at_first_report:v2')).toMatchObject({ versions: [2], outcomes: 1, answered: 1 });
  });

  it('keeps the same reports under a filter that leaves one version out', () => {
    const filtered = computeFindings(outcomes, [V1, V2], { ...NO_FINDINGS_FILTER, batchIds: ['no-such-batch'] });
    expect(filtered.templates[0]!.fields.map((field) => field.key)).toEqual(keys);
    expect(filtered.outcomesInScope).toBe(0);
    expect(report(filtered, 'cse-review:urgency:v2')).toMatchObject({ outcomes: 0, answered: 0 });
  });

  it('counts outcomes of a version the device does not hold, in no field', () => {
    const orphan = computeFindings([...outcomes, outcome({ templateVersion: 9 })], [V1, V2], NO_FINDINGS_FILTER);
    expect(orphan).toMatchObject({ outcomesInScope: 4, withoutTemplate: 1 });
    expect(report(orphan, 'cse-review:classification:v1+2')).toMatchObject({ outcomes: 3 });
  });
});

describe('computeFindings: filters', () => {
  const arbitraryOutcome = fc.record({
    batchId: fc.constantFrom('batch-a', 'batch-b', 'batch-c'),
    borough: fc.constantFrom('Northam', 'Southby', 'Eastwick'),
    reviewerId: fc.constantFrom('alice', 'bob'),
    status: fc.constantFrom('submitted' as const, 'approved' as const),
    startYear: fc.integer({ min: 2005, max: 2019 }),
    years: fc.integer({ min: 0, max: 2 }),
    classification: fc.option(fc.constantFrom('group_based', 'online', 'other'), { nil: undefined }),
    failures: fc.subarray(['crime_not_recorded', 'suspect_ethnicity_not_recorded', 'outcome_code_wrong']),
    suspects: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  });
  const arbitraryFilter = fc.record({
    batchIds: fc.subarray(['batch-a', 'batch-b', 'batch-c']),
    boroughs: fc.subarray(['Northam', 'Southby', 'Eastwick']),
    reviewerIds: fc.subarray(['alice', 'bob']),
    statuses: fc.subarray(['submitted' as const, 'approved' as const]),
    periodFrom: fc.option(fc.integer({ min: 2004, max: 2021 }).map((year) => `${year}-01-01`), { nil: null }),
    periodTo: fc.option(fc.integer({ min: 2004, max: 2021 }).map((year) => `${year}-12-31`), { nil: null }),
  });

  it('matches counts taken by hand, outcome by outcome, under any combination of filters', () => {
    fc.assert(
      fc.property(fc.array(arbitraryOutcome, { maxLength: 60 }), arbitraryFilter, (drawn, filter: FindingsFilter) => {
        const outcomes = drawn.map((draw) =>
          outcome({
            batchId: draw.batchId,
            borough: draw.borough,
            reviewerId: draw.reviewerId,
            status: draw.status,
            periodStart: `${draw.startYear}-03-01`,
            periodEnd: `${draw.startYear + draw.years}-09-30`,
            answers: {
              ...(draw.classification === undefined ? {} : { classification: draw.classification }),
              recording_failures: draw.failures,
              ...(draw.suspects === undefined ? {} : { suspect_count: draw.suspects }),
            },
          }),
        );
        // The expectation, counted plainly: an outcome is in when every chosen restriction admits it.
        const kept = drawn.filter((draw) => {
          const admits = (chosen: readonly string[], value: string) => chosen.length === 0 || chosen.includes(value);
          const startYear = draw.startYear;
          const endYear = draw.startYear + draw.years;
          const fromYear = filter.periodFrom === null ? -Infinity : Number(filter.periodFrom.slice(0, 4));
          const toYear = filter.periodTo === null ? Infinity : Number(filter.periodTo.slice(0, 4));
          return admits(filter.batchIds, draw.batchId) && admits(filter.boroughs, draw.borough) && admits(filter.reviewerIds, draw.reviewerId) && admits(filter.statuses, draw.status) && endYear >= fromYear && startYear <= toYear;
        });
        const findings = computeFindings(outcomes, [V1], filter);
        expect(findings.outcomesInScope).toBe(kept.length);
        if (outcomes.length === 0) {
          expect(findings.templates).toEqual([]);
          return;
        }
        const classification = report<ChoiceReport>(findings, 'cse-review:classification:v1');
        for (const option of classification.options) {
          const count = kept.filter((draw) => draw.classification === option.value).length;
          expect(option.count).toBe(count);
          expect(option.share).toBe(kept.length === 0 ? 0 : count / kept.length);
        }
        const failures = report<ChoiceReport>(findings, 'cse-review:recording_failures:v1');
        for (const option of failures.options) expect(option.count).toBe(kept.filter((draw) => draw.failures.includes(option.value)).length);
        expect(failures.answered).toBe(kept.filter((draw) => draw.failures.length > 0).length);
        const suspects = report<NumberReport>(findings, 'cse-review:suspect_count:v1');
        const values = kept.flatMap((draw) => (draw.suspects === undefined ? [] : [draw.suspects]));
        expect(suspects.answered).toBe(values.length);
        expect(suspects.distribution?.min ?? null).toBe(values.length === 0 ? null : Math.min(...values));
        expect(suspects.distribution?.max ?? null).toBe(values.length === 0 ? null : Math.max(...values));
      }),
      { numRuns: 200 },
    );
  });

  it('lists the distinct batches, boroughs and reviewers for the filter controls', () => {
    const outcomes = [outcome({ batchId: 'b2', borough: 'Southby', reviewerId: 'bob' }), outcome({ batchId: 'b1' }), outcome({ batchId: 'b2' })];
    expect(findingsFilterChoices(outcomes)).toEqual({ batchIds: ['b1', 'b2'], boroughs: ['Northam', 'Southby'], reviewerIds: ['alice', 'bob'] });
  });
});
