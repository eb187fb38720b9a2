import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import { CommandFailed, parseOptions, withStorage, type CliIo } from '../cli-io';
import { issueEnrolmentCode } from './enrol';

export const DEMO_USAGE =
  'demo [--db …] [--json]   seed a demo review: default template, a lead, two reviewers, four batches of synthetic cases; prints enrolment codes (--json: one JSON object)';

/** `demo --json`: what a launcher reads to prefill the app (one line on stdout). */
export interface DemoSeededJson {
  readonly cases: number;
  readonly batches: number;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly codes: ReadonlyArray<{ readonly userId: string; readonly role: 'reviewer' | 'lead'; readonly code: string; readonly expiresAt: string }>;
}

const CASES_PER_BATCH = 6;

export async function runDemo(args: string[], io: CliIo): Promise<void> {
  const { values } = parseOptions(args, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  await withStorage(values, async (storage) => {
    if (await storage.getUser('demo-lead')) throw new CommandFailed('demo data is already present in this database');
    const now = new Date().toISOString();
    const template = await storage.setTemplate(DEFAULT_CSE_REVIEW_TEMPLATE, now);
    await storage.addUser({ userId: 'demo-lead', displayName: 'Demo Lead', role: 'lead' }, now);
    await storage.addTeam({ teamId: 'demo-team', name: 'Demo review team', leadId: 'demo-lead' }, now);
    await storage.addUser({ userId: 'demo-reviewer-1', displayName: 'Demo Reviewer One', role: 'reviewer', teamId: 'demo-team' }, now);
    await storage.addUser({ userId: 'demo-reviewer-2', displayName: 'Demo Reviewer Two', role: 'reviewer', teamId: 'demo-team' }, now);
    const cases = generateSyntheticCases({ seed: 2026, count: CASES_PER_BATCH * 4, firstCaseNumber: 9001 });
    await storage.importCases(cases, now);
    const due = new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 10);
    const plan = [
      ['demo-batch-1', 'demo-reviewer-1'],
      ['demo-batch-2', 'demo-reviewer-1'],
      ['demo-batch-3', 'demo-reviewer-2'],
      ['demo-batch-4', 'demo-reviewer-2'],
    ] as const;
    for (const [index, [batchId, assigneeId]] of plan.entries()) {
      const caseIds = cases.slice(index * CASES_PER_BATCH, (index + 1) * CASES_PER_BATCH).map((file) => file.caseId);
      await storage.createBatch(
        { batchId, name: `Demo batch ${index + 1}`, caseIds, assigneeId, leadId: 'demo-lead', templateId: DEFAULT_CSE_REVIEW_TEMPLATE.templateId, templateVersion: template.version, dueDate: due },
        now,
      );
    }
    const codes: Array<DemoSeededJson['codes'][number]> = [];
    for (const [userId, role] of [['demo-reviewer-1', 'reviewer'], ['demo-reviewer-2', 'reviewer'], ['demo-lead', 'lead']] as const) {
      codes.push({ userId, role, ...(await issueEnrolmentCode(storage, userId)) });
    }
    if (values.json === true) {
      const seeded: DemoSeededJson = { cases: cases.length, batches: plan.length, templateId: DEFAULT_CSE_REVIEW_TEMPLATE.templateId, templateVersion: template.version, codes };
      io.out(JSON.stringify(seeded));
      return;
    }
    io.out(`Demo seeded: ${cases.length} synthetic cases in ${plan.length} batches, template ${DEFAULT_CSE_REVIEW_TEMPLATE.templateId} v${template.version}`);
    for (const { userId, code, expiresAt } of codes) io.out(`Enrolment code for ${userId}: ${code} (expires ${expiresAt})`);
  }, { createKey: true });
}
