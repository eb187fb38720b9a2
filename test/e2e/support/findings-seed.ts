import { callApi, TEST_PUBLIC_KEY } from '../../../server/test-support/api-test-server';
import type { CaseFile } from '../../../shared/domain/case-file';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import type { OutcomeAnswers } from '../../../shared/review-template/validate-outcome';
import { MAX_MUTATIONS_PER_PUSH } from '../../../shared/sync-protocol/push';
import { createUuidV7 } from '../../../shared/sync-protocol/uuid-v7';
import { SeededRandom } from '../../../shared/synthetic-cases/seeded-random';
import type { SyncEndpoint } from './sync-endpoint';

/**
 * Outcomes for the findings proofs: reviewers and a lead's second device
 * push them over the real HTTP API (as plain clients), so the lead's app
 * receives them by its ordinary pull. Every outcome is kept here with its
 * case's borough and period, so a test can count the truth itself.
 */

/** Version 2 of the template: urgency gains an option and the confidence question is relabelled. */
export const TEMPLATE_V2: TemplateDefinition = {
  ...DEFAULT_CSE_REVIEW_TEMPLATE,
  fields: DEFAULT_CSE_REVIEW_TEMPLATE.fields.map((field) => {
    if (field.id === 'urgency' && field.type === 'single_choice') return { ...field, options: [...field.options, { value: 'within_24h', label: 'Within 24 hours' }] };
    if (field.id === 'reviewer_confidence') return { ...field, label: 'Confidence in the finding' };
    return field;
  }),
};
export const CHANGED_IN_V2 = ['urgency', 'reviewer_confidence'] as const;

export interface SeededOutcome {
  readonly caseId: string;
  readonly batchId: string;
  readonly batchName: string;
  readonly borough: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly reviewerId: string;
  readonly status: 'submitted' | 'approved' | 'returned';
  readonly templateVersion: number;
  readonly answers: OutcomeAnswers;
}

/** Valid answers of the given version, drawn from a seeded generator; optional questions sometimes left out. */
function drawAnswers(random: SeededRandom, template: TemplateDefinition): OutcomeAnswers {
  const answers: Record<string, OutcomeAnswers[string]> = {};
  for (const field of template.fields) {
    if (field.type === 'single_choice') answers[field.id] = random.pick(field.options).value;
    if (field.type === 'multiple_choice') {
      const chosen = field.options.filter(() => random.next() < 0.4).map((option) => option.value);
      if (chosen.length > 0) answers[field.id] = chosen;
    }
    if (field.type === 'number') answers[field.id] = random.integer(0, 14);
  }
  if (answers.recommendation !== 'no_further_action' || random.next() < 0.5) answers.rationale = 'Seeded rationale for a fictional case.';
  return answers;
}

async function plainDevice(endpoint: SyncEndpoint, userId: string): Promise<{ push(mutations: unknown[]): Promise<void> }> {
  const code = await endpoint.issueCode(userId);
  const enrolled = await callApi(endpoint.url, '/api/v1/enrol', { body: { code, deviceName: `${userId} second device`, publicKey: TEST_PUBLIC_KEY } });
  if (enrolled.status !== 201) throw new Error(`enrolment of ${userId} answered ${enrolled.status}`);
  const { token } = enrolled.json as { token: string };
  return {
    async push(mutations) {
      for (let start = 0; start < mutations.length; start += MAX_MUTATIONS_PER_PUSH) {
        const reply = await callApi(endpoint.url, '/api/v1/push', { token, body: { mutations: mutations.slice(start, start + MAX_MUTATIONS_PER_PUSH) } });
        const results = (reply.json as { results?: { status: string }[] }).results ?? [];
        if (reply.status !== 200 || results.some((result) => result.status !== 'applied')) throw new Error(`push by ${userId} was not applied in full (${reply.status})`);
      }
    },
  };
}

/**
 * Each reviewer submits an outcome for every case of their batch; then the
 * lead approves some and returns one per batch. `decisions` maps a case's
 * index in its batch to the lead's decision.
 */
export async function pushSeededOutcomes(
  endpoint: SyncEndpoint,
  batches: readonly { batchId: string; batchName: string; reviewerId: string; cases: readonly CaseFile[]; templateVersion: number; template: TemplateDefinition; decisions: Record<number, 'approve' | 'return'> }[],
  seed: number,
): Promise<SeededOutcome[]> {
  const random = new SeededRandom(seed);
  const lead = await plainDevice(endpoint, 'lead');
  const seeded: SeededOutcome[] = [];
  for (const batch of batches) {
    const reviewer = await plainDevice(endpoint, batch.reviewerId);
    const drawn = batch.cases.map((file) => ({ file, answers: drawAnswers(random, batch.template) }));
    await reviewer.push(
      drawn.map(({ file, answers }) => ({
        mutationId: createUuidV7(),
        type: 'review.submit',
        caseId: file.caseId,
        baseVersion: 0,
        payload: { templateId: batch.template.templateId, templateVersion: batch.templateVersion, answers },
      })),
    );
    await lead.push(
      Object.entries(batch.decisions).map(([index, decision]) => ({
        mutationId: createUuidV7(),
        type: 'qc.decide',
        caseId: batch.cases[Number(index)]!.caseId,
        baseVersion: 1,
        payload: decision === 'return' ? { decision, comment: 'Please check the classification.' } : { decision },
      })),
    );
    drawn.forEach(({ file, answers }, index) => {
      const decision = batch.decisions[index];
      seeded.push({
        caseId: file.caseId,
        batchId: batch.batchId,
        batchName: batch.batchName,
        borough: file.borough,
        periodStart: file.periodStart,
        periodEnd: file.periodEnd,
        reviewerId: batch.reviewerId,
        status: decision === 'approve' ? 'approved' : decision === 'return' ? 'returned' : 'submitted',
        templateVersion: batch.templateVersion,
        answers,
      });
    });
  }
  return seeded;
}
