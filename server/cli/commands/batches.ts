import { isoDateSchema } from '../../../shared/domain/case-file';
import { checkId, CommandFailed, optionalString, parseOptions, requiredString, UsageError, withStorage, type CliIo } from '../cli-io';

export const BATCHES_USAGE =
  'batches create BATCH_ID --assignee USER --lead USER (--cases ID,ID,… | --borough NAME --count N | --count N) [--name TEXT] [--template ID] [--template-version N] [--due YYYY-MM-DD]' +
  ' | batches reassign BATCH_ID --assignee USER | batches list';

export async function runBatches(args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') {
    const { values } = parseOptions(rest, {}, { min: 0, max: 0, names: '' });
    await withStorage(values, async (storage) => {
      const batches = await storage.listBatches();
      if (batches.length === 0) io.out('No batches.');
      for (const batch of batches) {
        io.out(`${batch.batchId}  assignee ${batch.assigneeId}  lead ${batch.leadId}  ${batch.caseIds.length} cases  ${batch.templateId} v${batch.templateVersion}  due ${batch.dueDate ?? '-'}`);
      }
    });
    return;
  }
  if (action === 'reassign') {
    const { values, positionals } = parseOptions(rest, { assignee: { type: 'string' } }, { min: 1, max: 1, names: 'a batch id' });
    const batchId = checkId(positionals[0]!, 'the batch id');
    const assigneeId = checkId(requiredString(values, 'assignee'), '--assignee');
    await withStorage(values, async (storage) => {
      await storage.reassignBatch(batchId, assigneeId, new Date().toISOString());
      io.out(`Batch ${batchId} now assigned to ${assigneeId}; the previous assignee's devices will purge it`);
    });
    return;
  }
  if (action !== 'create') throw new UsageError('expected "batches create", "batches reassign" or "batches list"');
  const { values, positionals } = parseOptions(
    rest,
    {
      assignee: { type: 'string' },
      lead: { type: 'string' },
      cases: { type: 'string' },
      borough: { type: 'string' },
      count: { type: 'string' },
      name: { type: 'string' },
      template: { type: 'string' },
      'template-version': { type: 'string' },
      due: { type: 'string' },
    },
    { min: 1, max: 1, names: 'a batch id' },
  );
  const batchId = checkId(positionals[0]!, 'the batch id');
  const assigneeId = checkId(requiredString(values, 'assignee'), '--assignee');
  const leadId = checkId(requiredString(values, 'lead'), '--lead');
  const due = optionalString(values, 'due');
  if (due !== undefined && !isoDateSchema.safeParse(due).success) throw new UsageError('--due must be a date as YYYY-MM-DD');
  const versionText = optionalString(values, 'template-version');
  if (versionText !== undefined && !/^[1-9]\d{0,5}$/.test(versionText)) throw new UsageError('--template-version must be a positive whole number');
  const listed = optionalString(values, 'cases');
  const countText = optionalString(values, 'count');
  const borough = optionalString(values, 'borough');
  if (listed !== undefined && (countText !== undefined || borough !== undefined)) throw new UsageError('give --cases, or a filter (--borough, --count), not both');
  if (listed === undefined && countText === undefined) throw new UsageError('give --cases ID,ID,… or --count N (optionally with --borough)');
  if (countText !== undefined && !/^[1-9]\d{0,4}$/.test(countText)) throw new UsageError('--count must be a whole number from 1 to 99999');
  await withStorage(values, async (storage) => {
    const caseIds = listed !== undefined
      ? listed.split(',').map((caseId) => checkId(caseId.trim(), 'each case id'))
      : await storage.findUnbatchedCases({ ...(borough !== undefined ? { borough } : {}), limit: Number(countText) });
    if (caseIds.length === 0) throw new CommandFailed('no unbatched cases match the filter');
    const batch = await storage.createBatch(
      {
        batchId,
        name: optionalString(values, 'name') ?? batchId,
        caseIds,
        assigneeId,
        leadId,
        templateId: optionalString(values, 'template') ?? 'cse-review',
        ...(versionText !== undefined ? { templateVersion: Number(versionText) } : {}),
        dueDate: due ?? null,
      },
      new Date().toISOString(),
    );
    io.out(`Batch ${batch.batchId} created with ${batch.caseIds.length} cases for ${batch.assigneeId} (lead ${batch.leadId}, ${batch.templateId} v${batch.templateVersion})`);
  });
}
