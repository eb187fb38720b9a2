import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { validateOutcome } from '../../shared/review-template/validate-outcome';
import { GENESIS_HASH, sealAuditEvent, type AuditEvent } from '../../shared/sync-protocol/audit';
import type { Mutation } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { mutationContentHash } from '../sync/mutation-content-hash';
import { NOW, seedReviewWorld, VALID_ANSWERS } from '../test-support/seed-review-world';
import { storageTargets } from '../test-support/storage-targets';
import { AuditChainError, StorageError, type Storage } from './storage';

const targets = await storageTargets('storage contract', NOW);

function submit(caseId: string, baseVersion: number, answers: Record<string, string | number | string[]> = VALID_ANSWERS): Mutation {
  return { mutationId: createUuidV7(), type: 'review.submit', caseId, baseVersion, payload: { templateId: 'cse-review', templateVersion: 1, answers } };
}

function request(mutation: Mutation, userId: string, deviceId = `dev-${userId}`) {
  return { mutation, userId, deviceId, contentHash: mutationContentHash(mutation), now: NOW, checkAnswers: validateOutcome };
}

async function enrolDevice(storage: Storage, userId: string, deviceId = `dev-${userId}`): Promise<void> {
  const codeHash = `code-${deviceId}`;
  await storage.createEnrolmentCode({ codeHash, userId, expiresAt: '2026-01-16T10:00:00.000Z' }, NOW);
  await storage.redeemEnrolmentCode(codeHash, { deviceId, name: 'laptop', publicKey: '{}', tokenHash: 'h' }, NOW);
}

async function pullAll(storage: Storage, userId: string, limit = 500) {
  const changes = [];
  let cursor = 0;
  for (;;) {
    const page = await storage.pullChanges(userId, cursor, limit);
    changes.push(...page.changes);
    cursor = page.lastSequence;
    if (!page.hasMore) return { changes, cursor };
  }
}

describe.each(targets)('storage contract: $name', (target) => {
  let storage: Storage;
  let cleanups: Array<() => Promise<void>> = [];
  let batches: Record<string, string[]>;

  beforeEach(async () => {
    const opened = await target.open();
    storage = opened.storage;
    cleanups.push(opened.cleanup);
    ({ batches } = await seedReviewWorld(storage));
    for (const userId of ['alice', 'bob', 'carol', 'lead', 'lena']) await enrolDevice(storage, userId);
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    cleanups = [];
  });

  it('migrates idempotently', async () => {
    await storage.migrate(NOW);
    expect((await storage.listUsers()).map((user) => user.userId)).toEqual(['alice', 'bob', 'carol', 'lead', 'lena']);
  });

  it('keeps people, teams and references consistent', async () => {
    await expect(storage.addUser({ userId: 'alice', displayName: 'Again', role: 'reviewer' }, NOW)).rejects.toMatchObject({ code: 'already_exists' });
    await expect(storage.addTeam({ teamId: 'south', name: 'South', leadId: 'alice' }, NOW)).rejects.toBeInstanceOf(StorageError);
    await expect(storage.addUser({ userId: 'dan', displayName: 'Dan', role: 'reviewer', teamId: 'nowhere' }, NOW)).rejects.toMatchObject({ code: 'invalid_reference' });
    expect(await storage.listTeams()).toEqual([{ teamId: 'north', name: 'North', leadId: 'lead', memberIds: ['alice', 'bob', 'lead'] }]);
  });

  it('versions templates and ignores an unchanged definition', async () => {
    const first = await storage.getTemplate('cse-review');
    expect(first?.version).toBe(1);
    expect(await storage.setTemplate(first!.definition, NOW)).toEqual({ version: 1, created: false });
    const changed = { ...first!.definition, title: 'Revised review' };
    expect(await storage.setTemplate(changed, NOW)).toEqual({ version: 2, created: true });
    expect((await storage.listTemplates()).map((template) => template.version)).toEqual([1, 2]);
    expect((await storage.getTemplate('cse-review', 1))?.definition.title).toBe(first!.definition.title);
  });

  it('imports cases as upserts and refuses batching a case twice or an unknown case', async () => {
    const caseId = batches.alice![0]!;
    const original = await storage.getCase(caseId);
    expect(await storage.importCases([{ ...original!, borough: 'Elsewhere' }], NOW)).toEqual({ inserted: 0, updated: 1 });
    expect((await storage.getCase(caseId))?.borough).toBe('Elsewhere');
    const base = { name: 'x', assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', dueDate: null };
    await expect(storage.createBatch({ ...base, batchId: 'b2', caseIds: [caseId] }, NOW)).rejects.toMatchObject({ code: 'case_already_batched' });
    await expect(storage.createBatch({ ...base, batchId: 'b3', caseIds: ['case-missing'] }, NOW)).rejects.toMatchObject({ code: 'invalid_reference' });
    await expect(storage.createBatch({ ...base, batchId: 'b4', caseIds: [], leadId: 'alice' }, NOW)).rejects.toMatchObject({ code: 'invalid_reference' });
    expect((await storage.listBatches()).map((batch) => batch.batchId)).toEqual(['batch-alice', 'batch-bob', 'batch-carol']);
    expect(await storage.findUnbatchedCases({ limit: 10 })).toEqual([]);
  });

  it('redeems an enrolment code once and never after expiry', async () => {
    await storage.createEnrolmentCode({ codeHash: 'c1', userId: 'alice', expiresAt: '2026-01-15T11:00:00.000Z' }, NOW);
    const device = { deviceId: 'd-new', name: 'n', publicKey: '{"kty":"EC"}', tokenHash: 't' };
    expect(await storage.redeemEnrolmentCode('c1', device, NOW)).toMatchObject({ userId: 'alice' });
    expect(await storage.getDevicePublicKey('d-new')).toBe('{"kty":"EC"}');
    expect(await storage.getDevicePublicKey('d-2')).toBeNull();
    expect(await storage.redeemEnrolmentCode('c1', { ...device, deviceId: 'd-2' }, NOW)).toBeNull();
    await storage.createEnrolmentCode({ codeHash: 'c2', userId: 'alice', expiresAt: '2026-01-15T11:00:00.000Z' }, NOW);
    expect(await storage.redeemEnrolmentCode('c2', { ...device, deviceId: 'd-3' }, '2026-01-15T11:00:00.001Z')).toBeNull();
    expect(await storage.revokeDevice('d-new', NOW)).toBe(true);
    expect(await storage.revokeDevice('d-new', NOW)).toBe(false);
    expect((await storage.getDevice('d-new'))?.revokedAt).toBe(NOW);
    // A revoked device's earlier exports must still verify.
    expect(await storage.getDevicePublicKey('d-new')).toBe('{"kty":"EC"}');
  });

  it('grants case access to the assignee, the batch lead and the team lead only', async () => {
    const aliceCase = batches.alice![0]!;
    const carolCase = batches.carol![0]!;
    expect(await storage.caseAccess('alice', aliceCase)).toBe('assignee');
    expect(await storage.caseAccess('lead', aliceCase)).toBe('lead');
    expect(await storage.caseAccess('bob', aliceCase)).toBeNull();
    expect(await storage.caseAccess('lena', aliceCase)).toBeNull();
    expect(await storage.caseAccess('lena', carolCase)).toBe('lead');
    expect(await storage.caseAccess('lead', carolCase)).toBeNull();
  });

  it('applies a mutation once, answers replays as duplicates and reused ids as rejected', async () => {
    const caseId = batches.alice![0]!;
    const first = submit(caseId, 0);
    expect(await storage.applyMutation(request(first, 'alice'))).toEqual({ mutationId: first.mutationId, status: 'applied', version: 1 });
    expect(await storage.applyMutation(request(first, 'alice'))).toEqual({
      mutationId: first.mutationId,
      status: 'duplicate',
      first: { mutationId: first.mutationId, status: 'applied', version: 1 },
    });
    const altered = { ...first, baseVersion: 1 };
    expect(await storage.applyMutation(request(altered, 'alice'))).toMatchObject({ status: 'rejected', reason: 'mutation_id_reused' });
    expect(await storage.applyMutation(request(first, 'bob'))).toMatchObject({ status: 'rejected', reason: 'mutation_id_reused' });
    expect((await storage.listReviewVersions(caseId)).length).toBe(1);
  });

  it('applies a list in one go, in order, an id repeated within it answered as duplicate', async () => {
    const caseId = batches.bob![1]!;
    const first = submit(caseId, 0);
    const second = submit(caseId, 1);
    const results = await storage.applyMutations([first, second, first, submit(caseId, 1)].map((mutation) => request(mutation, 'bob')));
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied', 'duplicate', 'conflict']);
    expect(results[2]).toEqual({ mutationId: first.mutationId, status: 'duplicate', first: results[0] });
    expect((await storage.getReview(caseId))?.version).toBe(2);
  });

  it('keeps both versions on a conflict and returns the current one', async () => {
    const caseId = batches.alice![1]!;
    await storage.applyMutation(request(submit(caseId, 0), 'alice'));
    const second = submit(caseId, 1, { ...VALID_ANSWERS, urgency: 'immediate' });
    expect(await storage.applyMutation(request(second, 'alice'))).toMatchObject({ status: 'applied', version: 2 });
    await enrolDevice(storage, 'alice', 'dev-alice-2');
    const stale = submit(caseId, 1, { ...VALID_ANSWERS, urgency: 'routine' });
    const result = await storage.applyMutation(request(stale, 'alice', 'dev-alice-2'));
    expect(result).toMatchObject({ status: 'conflict', keptAs: 3, current: { version: 2, answers: { urgency: 'immediate' }, reviewerId: 'alice' } });
    expect((await storage.listReviewVersions(caseId)).map((version) => [version.versionNo, version.kind])).toEqual([
      [1, 'accepted'],
      [2, 'accepted'],
      [3, 'conflict'],
    ]);
    expect((await storage.getReview(caseId))?.version).toBe(2);
    expect(await storage.applyMutation(request(submit(caseId, 2), 'alice'))).toMatchObject({ status: 'applied', version: 4 });
  });

  it('rejects other users, invalid answers and QC decisions from non-leads, and records QC from leads', async () => {
    const caseId = batches.alice![2]!;
    expect(await storage.applyMutation(request(submit(caseId, 0), 'bob'))).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await storage.applyMutation(request(submit(caseId, 0), 'lead'))).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const invalid = await storage.applyMutation(request(submit(caseId, 0, { ...VALID_ANSWERS, urgency: 'whenever' }), 'alice'));
    expect(invalid).toMatchObject({ status: 'rejected', reason: 'invalid_payload', fieldErrors: [{ fieldId: 'urgency', code: 'not_an_option' }] });
    const qc = (userId: string, baseVersion: number, decision: 'approve' | 'return'): Mutation => ({
      mutationId: createUuidV7(),
      type: 'qc.decide',
      caseId,
      baseVersion,
      payload: { decision, comment: 'check the dates' },
    });
    expect(await storage.applyMutation(request(qc('lead', 0, 'approve'), 'lead'))).toMatchObject({ status: 'rejected', reason: 'not_applicable' });
    await storage.applyMutation(request(submit(caseId, 0), 'alice'));
    expect(await storage.applyMutation(request(qc('alice', 1, 'approve'), 'alice'))).toMatchObject({ status: 'rejected', reason: 'not_lead' });
    expect(await storage.applyMutation(request(qc('lead', 1, 'return'), 'lead'))).toMatchObject({ status: 'applied', version: 1 });
    expect(await storage.getReview(caseId)).toMatchObject({ status: 'returned', qc: { decision: 'return', leadId: 'lead', reviewVersion: 1 } });
    expect(await storage.applyMutation(request(qc('lead', 0, 'approve'), 'lead'))).toMatchObject({ status: 'conflict', keptAs: null });
  });

  it('gives exactly one of many concurrent first submissions the first version', async () => {
    const caseId = batches.bob![0]!;
    const results = await Promise.all(Array.from({ length: 12 }, () => storage.applyMutation(request(submit(caseId, 0), 'bob'))));
    expect(results.filter((result) => result.status === 'applied')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'conflict')).toHaveLength(11);
    const versions = await storage.listReviewVersions(caseId);
    expect(versions.map((version) => version.versionNo)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
  });

  it('pulls what each user may see, in pages, with removals after reassignment', async () => {
    const alice = await pullAll(storage, 'alice', 3);
    expect(alice.changes.filter((change) => change.kind === 'template')).toHaveLength(1);
    expect(alice.changes.filter((change) => change.kind === 'batch').map((change) => change.kind === 'batch' && change.batch.batchId)).toEqual(['batch-alice']);
    const aliceCases = alice.changes.flatMap((change) => (change.kind === 'case' ? [change.case.caseId] : []));
    expect(aliceCases.sort()).toEqual([...batches.alice!].sort());
    const lead = await pullAll(storage, 'lead');
    expect(lead.changes.filter((change) => change.kind === 'batch')).toHaveLength(2);
    const carol = await pullAll(storage, 'carol');
    expect(carol.changes.flatMap((change) => (change.kind === 'case' ? [change.case.caseId] : [])).sort()).toEqual([...batches.carol!].sort());

    await storage.applyMutation(request(submit(batches.alice![0]!, 0), 'alice'));
    const leadNext = await storage.pullChanges('lead', lead.cursor, 100);
    expect(leadNext.changes).toEqual([expect.objectContaining({ kind: 'review', review: expect.objectContaining({ caseId: batches.alice![0], version: 1 }) })]);

    await storage.reassignBatch('batch-alice', 'bob', NOW);
    const aliceNext = await storage.pullChanges('alice', alice.cursor, 100);
    expect(aliceNext.changes).toEqual([{ kind: 'removal', batchId: 'batch-alice', caseIds: [...batches.alice!].sort() }]);
    expect(await storage.caseAccess('alice', batches.alice![0]!)).toBeNull();
    const bob = await pullAll(storage, 'bob');
    expect(bob.changes.filter((change) => change.kind === 'batch')).toHaveLength(2);
    expect(bob.changes.some((change) => change.kind === 'review')).toBe(true);
  });

  it('skips no change when a reader pages through while writers commit concurrently', async () => {
    const start = await pullAll(storage, 'lead');
    const cases = [...batches.alice!, ...batches.bob!];
    const owner = (caseId: string) => (batches.alice!.includes(caseId) ? 'alice' : 'bob');
    const lastSeen = new Map<string, number>();
    let cursor = start.cursor;
    let writing = true;
    const drain = async () => {
      for (;;) {
        const page = await storage.pullChanges('lead', cursor, 2);
        for (const change of page.changes) if (change.kind === 'review') lastSeen.set(change.review.caseId, change.review.version);
        cursor = page.lastSequence;
        if (!page.hasMore) return;
      }
    };
    const reader = (async () => {
      while (writing) await drain();
    })();
    await Promise.all(
      cases.map(async (caseId) => {
        for (let version = 0; version < 3; version += 1) await storage.applyMutation(request(submit(caseId, version), owner(caseId)));
      }),
    );
    writing = false;
    await reader;
    await drain();
    expect(Object.fromEntries(lastSeen)).toEqual(Object.fromEntries(cases.map((caseId) => [caseId, 3])));
  });

  it('links cases by shared person ids with references only', async () => {
    const alice = await pullAll(storage, 'alice');
    for (const change of alice.changes) {
      if (change.kind !== 'case') continue;
      expect(change.linkedReferences).not.toContain(change.case.reference);
      for (const reference of change.linkedReferences) expect(typeof reference).toBe('string');
    }
  });

  it('sends a case again when a later import links it to another case', async () => {
    const first = await pullAll(storage, 'alice');
    const aliceCaseId = batches.alice![0]!;
    const aliceCase = (await storage.getCase(aliceCaseId))!;
    const newcomer = {
      ...(await storage.getCase(batches.carol![0]!))!,
      caseId: 'case-linked-later',
      reference: 'OP-LINKED-LATER',
      victimIds: [],
      suspectIds: [aliceCase.suspectIds[0]!],
    };
    await storage.importCases([newcomer], NOW);
    const page = await storage.pullChanges('alice', first.cursor, 500);
    const resent = page.changes.find((change) => change.kind === 'case' && change.case.caseId === aliceCaseId);
    expect(resent).toMatchObject({ kind: 'case', linkedReferences: expect.arrayContaining(['OP-LINKED-LATER']) });
    // Bob cannot see Alice's case, so nothing about it reaches him.
    const bobFirst = await pullAll(storage, 'bob');
    const bobCaseIds = bobFirst.changes.flatMap((change) => (change.kind === 'case' ? [change.case.caseId] : []));
    expect(bobCaseIds).not.toContain(aliceCaseId);

    // Removing the shared person takes the link away again, and Alice is told.
    await storage.importCases([{ ...newcomer, suspectIds: ['P-nobody-else'] }], NOW);
    const after = await storage.pullChanges('alice', page.lastSequence, 500);
    const unlinked = after.changes.find((change) => change.kind === 'case' && change.case.caseId === aliceCaseId);
    expect(unlinked).toBeDefined();
    expect(unlinked).not.toMatchObject({ linkedReferences: expect.arrayContaining(['OP-LINKED-LATER']) });
  });

  it('sends linked cases again with the new reference when an import renames a case', async () => {
    const aliceCaseId = batches.alice![0]!;
    const aliceCase = (await storage.getCase(aliceCaseId))!;
    const linked = { ...(await storage.getCase(batches.carol![0]!))!, caseId: 'case-renamed-later', reference: 'OP-BEFORE', victimIds: [], suspectIds: [aliceCase.suspectIds[0]!] };
    await storage.importCases([linked], NOW);
    const before = await pullAll(storage, 'alice');
    const first = before.changes.find((change) => change.kind === 'case' && change.case.caseId === aliceCaseId);
    expect(first).toMatchObject({ linkedReferences: expect.arrayContaining(['OP-BEFORE']) });

    await storage.importCases([{ ...linked, reference: 'OP-AFTER' }], NOW);
    const page = await storage.pullChanges('alice', before.cursor, 500);
    const again = page.changes.find((change) => change.kind === 'case' && change.case.caseId === aliceCaseId);
    expect(again).toMatchObject({ linkedReferences: expect.arrayContaining(['OP-AFTER']) });
    expect(again).not.toMatchObject({ linkedReferences: expect.arrayContaining(['OP-BEFORE']) });
  });

  it('rejects a review on a template version other than the one its batch pins', async () => {
    const first = (await storage.getTemplate('cse-review'))!;
    await storage.setTemplate({ ...first.definition, title: 'Revised review' }, NOW);
    const caseId = batches.alice![0]!;
    const mutation: Mutation = { ...submit(caseId, 0), type: 'review.submit', payload: { templateId: 'cse-review', templateVersion: 2, answers: VALID_ANSWERS } };
    expect(await storage.applyMutation(request(mutation, 'alice'))).toMatchObject({ status: 'rejected', reason: 'not_applicable' });
    expect(await storage.getReview(caseId)).toBeNull();
  });

  it('stores any safe-integer baseVersion as sent and decides the rest of the list alike', async () => {
    const [caseA, caseB] = batches.alice!;
    await storage.applyMutation(request(submit(caseA!, 0), 'alice'));
    const qc = (baseVersion: number): Mutation => ({ mutationId: createUuidV7(), type: 'qc.decide', caseId: caseA!, baseVersion, payload: { decision: 'approve' } });
    const results = await storage.applyMutations([
      request(submit(caseA!, 2 ** 31), 'alice'),
      request(submit(caseB!, 0), 'alice'),
      request(qc(Number.MAX_SAFE_INTEGER), 'lead'),
      request(qc(1), 'lead'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['conflict', 'applied', 'conflict', 'applied']);
    expect((await storage.listReviewVersions(caseA!)).map((version) => version.baseVersion)).toEqual([0, 2 ** 31]);
  });

  it('refuses text holding U+0000 alike on both databases, storing nothing', async () => {
    const original = (await storage.getCase(batches.alice![0]!))!;
    await expect(storage.importCases([{ ...original, reference: 'OP\u0000X' }], NOW)).rejects.toMatchObject({ code: 'invalid_text' });
    expect((await storage.getCase(original.caseId))?.reference).toBe(original.reference);
    await expect(storage.addUser({ userId: 'nul', displayName: 'Nul\u0000Name', role: 'reviewer' }, NOW)).rejects.toMatchObject({ code: 'invalid_text' });
    expect(await storage.getUser('nul')).toBeNull();
    await storage.createEnrolmentCode({ codeHash: 'c-nul', userId: 'alice', expiresAt: '2026-01-16T10:00:00.000Z' }, NOW);
    await expect(storage.redeemEnrolmentCode('c-nul', { deviceId: 'd-nul', name: 'lap\u0000top', publicKey: '{}', tokenHash: 't' }, NOW)).rejects.toMatchObject({
      code: 'invalid_text',
    });
    expect(await storage.getDevice('d-nul')).toBeNull();
  });

  it('refuses a pull cursor past every sequence issued, and answers the head with an empty page', async () => {
    const alice = await pullAll(storage, 'alice');
    expect(await storage.pullChanges('alice', alice.cursor, 10)).toEqual({ changes: [], lastSequence: alice.cursor, hasMore: false });
    await expect(storage.pullChanges('alice', 10 ** 12, 10)).rejects.toMatchObject({ code: 'cursor_not_issued' });
  });

  it('names the stored chain head, not an event of the refused batch, when a chain breaks', async () => {
    const base = { kind: 'consultation' as const, at: NOW, userId: 'alice', deviceId: 'dev-alice' };
    const first = await sealAuditEvent({ ...base, eventId: createUuidV7() }, GENESIS_HASH);
    await storage.appendAuditEvents('dev-alice', [first], NOW);
    const second = await sealAuditEvent({ ...base, eventId: createUuidV7() }, first.hash);
    const orphan = await sealAuditEvent({ ...base, eventId: createUuidV7() }, 'f'.repeat(64));
    await expect(storage.appendAuditEvents('dev-alice', [second, orphan], NOW)).rejects.toMatchObject({ index: 1, lastAcceptedHash: first.hash });
    expect(await storage.auditHead('dev-alice')).toEqual({ count: 1, lastHash: first.hash });
  });

  it('continues each device audit chain, takes re-sends as duplicates and rejects gaps and forks', async () => {
    const base = { kind: 'consultation' as const, at: NOW, userId: 'alice', deviceId: 'dev-alice' };
    const chain: AuditEvent[] = [];
    let previous = GENESIS_HASH;
    for (let index = 0; index < 4; index += 1) {
      const event = await sealAuditEvent({ ...base, eventId: createUuidV7() }, previous);
      chain.push(event);
      previous = event.hash;
    }
    expect(await storage.appendAuditEvents('dev-alice', chain.slice(0, 2), NOW)).toEqual({ accepted: 2, duplicates: 0, lastHash: chain[1]!.hash });
    expect(await storage.appendAuditEvents('dev-alice', chain.slice(1, 4), NOW)).toEqual({ accepted: 2, duplicates: 1, lastHash: chain[3]!.hash });
    const fork = await sealAuditEvent({ ...base, eventId: createUuidV7() }, chain[1]!.hash);
    await expect(storage.appendAuditEvents('dev-alice', [fork], NOW)).rejects.toBeInstanceOf(AuditChainError);
    const orphan = await sealAuditEvent({ ...base, eventId: createUuidV7() }, 'f'.repeat(64));
    await expect(storage.appendAuditEvents('dev-alice', [orphan], NOW)).rejects.toMatchObject({ index: 0 });
    const otherDevice = await sealAuditEvent({ ...base, deviceId: 'dev-bob', eventId: createUuidV7() }, GENESIS_HASH);
    expect(await storage.appendAuditEvents('dev-bob', [otherDevice], NOW)).toMatchObject({ accepted: 1 });
  });

  it('shows a lead the audit chains and events of their own team only, in chain order, in pages', async () => {
    const chain: AuditEvent[] = [];
    let previous = GENESIS_HASH;
    for (let index = 0; index < 5; index += 1) {
      const event = await sealAuditEvent({ eventId: createUuidV7(), kind: 'consultation', at: NOW, userId: 'alice', deviceId: 'dev-alice', caseId: batches.alice![0]! }, previous);
      chain.push(event);
      previous = event.hash;
    }
    await storage.appendAuditEvents('dev-alice', chain, NOW);
    const carolEvent = await sealAuditEvent({ eventId: createUuidV7(), kind: 'consultation', at: NOW, userId: 'carol', deviceId: 'dev-carol' }, GENESIS_HASH);
    await storage.appendAuditEvents('dev-carol', [carolEvent], NOW);

    // Team north (lead, alice, bob): bob never uploaded.
    const chains = await storage.teamAuditChains('lead');
    expect(chains.map((device) => [device.deviceId, device.userId, device.chain])).toEqual([
      ['dev-alice', 'alice', { state: 'verified', verifiedThrough: 5 }],
      ['dev-bob', 'bob', { state: 'never-uploaded' }],
      ['dev-lead', 'lead', { state: 'never-uploaded' }],
    ]);
    expect(chains[0]).toMatchObject({ eventCount: 5, lastHash: chain[4]!.hash, revoked: false, deviceName: 'laptop' });

    const first = await storage.teamAuditEvents('lead', 'dev-alice', 0, 2);
    expect(first).toMatchObject({ userId: 'alice', hasMore: true });
    expect(first!.events.map((entry) => [entry.position, entry.event])).toEqual([
      [1, chain[0]],
      [2, chain[1]],
    ]);
    const rest = await storage.teamAuditEvents('lead', 'dev-alice', 2, 500);
    expect(rest!.events.map((entry) => entry.event.hash)).toEqual(chain.slice(2).map((event) => event.hash));
    expect(rest!.hasMore).toBe(false);

    // Lena leads another team; carol is in none; reviewers lead none.
    await storage.addTeam({ teamId: 'south', name: 'South', leadId: 'lena' }, NOW);
    expect((await storage.teamAuditChains('lena')).map((device) => device.deviceId)).toEqual(['dev-lena']);
    expect(await storage.teamAuditEvents('lena', 'dev-alice', 0, 500)).toBeNull();
    expect(await storage.teamAuditEvents('lead', 'dev-carol', 0, 500)).toBeNull();
    expect(await storage.teamAuditEvents('lead', 'dev-nobody', 0, 500)).toBeNull();
    expect(await storage.teamAuditChains('alice')).toEqual([]);
  });

  it('reports a chain broken at a refused position until an accepted upload carries it past', async () => {
    const base = { kind: 'consultation' as const, at: NOW, userId: 'bob', deviceId: 'dev-bob' };
    const first = await sealAuditEvent({ ...base, eventId: createUuidV7() }, GENESIS_HASH);
    await storage.appendAuditEvents('dev-bob', [first], NOW);
    const orphan = await sealAuditEvent({ ...base, eventId: createUuidV7() }, 'f'.repeat(64));
    const refusal = await storage.appendAuditEvents('dev-bob', [orphan], NOW).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ index: 0, position: 2 });
    await storage.recordAuditRefusal('dev-bob', (refusal as AuditChainError).position, '2026-01-15T11:00:00.000Z');
    const bob = async () => (await storage.teamAuditChains('lead')).find((device) => device.deviceId === 'dev-bob')!.chain;
    expect(await bob()).toEqual({ state: 'broken', verifiedThrough: 1, brokenAt: 2, refusedAt: '2026-01-15T11:00:00.000Z' });
    await storage.appendAuditEvents('dev-bob', [await sealAuditEvent({ ...base, eventId: createUuidV7() }, first.hash)], NOW);
    expect(await bob()).toEqual({ state: 'verified', verifiedThrough: 2 });
  });
});
