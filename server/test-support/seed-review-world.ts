import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import type { Storage } from '../storage/storage';

export const NOW = '2026-01-15T10:00:00.000Z';

/**
 * A small world for tests: a lead (`lead`) leading team `north` with reviewers
 * `alice` and `bob`; `carol` is a reviewer in no team with lead `lena`.
 * Each reviewer has one batch of the default template.
 */
export async function seedReviewWorld(storage: Storage, casesPerBatch = 4): Promise<{ batches: Record<string, string[]> }> {
  await storage.addUser({ userId: 'lead', displayName: 'Lead', role: 'lead' }, NOW);
  await storage.addTeam({ teamId: 'north', name: 'North', leadId: 'lead' }, NOW);
  await storage.addUser({ userId: 'alice', displayName: 'Alice', role: 'reviewer', teamId: 'north' }, NOW);
  await storage.addUser({ userId: 'bob', displayName: 'Bob', role: 'reviewer', teamId: 'north' }, NOW);
  await storage.addUser({ userId: 'lena', displayName: 'Lena', role: 'lead' }, NOW);
  await storage.addUser({ userId: 'carol', displayName: 'Carol', role: 'reviewer' }, NOW);
  await storage.setTemplate(DEFAULT_CSE_REVIEW_TEMPLATE, NOW);
  const reviewers = [
    ['alice', 'lead'],
    ['bob', 'lead'],
    ['carol', 'lena'],
  ] as const;
  const cases = generateSyntheticCases({ seed: 11, count: casesPerBatch * reviewers.length });
  await storage.importCases(cases, NOW);
  const batches: Record<string, string[]> = {};
  for (const [index, [assigneeId, leadId]] of reviewers.entries()) {
    const caseIds = cases.slice(index * casesPerBatch, (index + 1) * casesPerBatch).map((file) => file.caseId);
    await storage.createBatch(
      { batchId: `batch-${assigneeId}`, name: `Batch of ${assigneeId}`, caseIds, assigneeId, leadId, templateId: 'cse-review', dueDate: '2026-03-01' },
      NOW,
    );
    batches[assigneeId] = caseIds;
  }
  return { batches };
}

export const VALID_ANSWERS = {
  classification: 'group_based',
  suspect_count: 2,
  recommendation: 'reinvestigate',
  urgency: 'priority',
  rationale: 'Linked offending was not pursued.',
  reviewer_confidence: 'medium',
};
