import { callApi, TEST_PUBLIC_KEY } from '../../../server/test-support/api-test-server';
import type { CaseFile } from '../../../shared/domain/case-file';
import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import type { OutcomeAnswers } from '../../../shared/review-template/validate-outcome';
import { MAX_MUTATIONS_PER_PUSH } from '../../../shared/sync-protocol/push';
import { createUuidV7 } from '../../../shared/sync-protocol/uuid-v7';
import { SeededRandom } from '../../../shared/synthetic-cases/seeded-random';
import { drawAnswers } from '../../support/findings-truth';
import type { SyncEndpoint } from './sync-endpoint';

/**
 * Outcomes for the findings proofs: reviewers and a lead's second device
 * push them over the real HTTP API (as plain clients), so the lead's app
 * receives them by its ordinary pull. Every outcome is kept here with its
 * case's borough and period, so a test can count the truth itself.
 */

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
