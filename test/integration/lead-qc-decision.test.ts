import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { VALID_ANSWERS } from '../../server/test-support/seed-review-world';
import { decideQc, QcDecisionError } from '../../renderer/sync/decide-qc';
import { syncTables } from '../../renderer/sync/sync-records';
import { readRawRows } from '../../renderer/vault/vault-test-support';
import { submitDefaultOutcome, useSyncWorldPerTest } from '../support/sync-world';

/**
 * A lead's QC decision end to end in Node: decideQc writes it through the
 * outbox, the real engine pushes it to the real endpoint, and the reviewer's
 * device pulls the outcome.
 */
const scene = useSyncWorldPerTest(afterEach);
const device = (userId: string) => scene.device(userId);
const submit = submitDefaultOutcome;

async function problemOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return error instanceof QcDecisionError ? error.problem : `unexpected ${String(error)}`;
  }
  return undefined;
}

describe('QC decision through the outbox', () => {
  it('a return with a comment reaches the endpoint, and the reviewer sees it after sync', async () => {
    const world = await scene.start(3);
    const [returnedCase, approvedCase] = world.batches.alice!;
    const alice = await device('alice');
    const lead = await device('lead');
    await alice.engine.requestSync();
    await submit(alice, returnedCase!);
    await submit(alice, approvedCase!);
    await alice.engine.requestSync();
    await lead.engine.requestSync();

    await decideQc(lead.vault, lead.engine.outboxOrder, { caseId: returnedCase!, decision: 'return', comment: 'Question 3 needs the date of the referral.' });
    await decideQc(lead.vault, lead.engine.outboxOrder, { caseId: approvedCase!, decision: 'approve' });
    const leadTables = syncTables(lead.vault);
    // Both in the outbox, and the review records say a decision is pending, in the same commit.
    expect((await leadTables.outbox.list()).entries.map((entry) => entry.value.mutation.type)).toEqual(['qc.decide', 'qc.decide']);
    expect((await leadTables.reviews.get(returnedCase!))?.clear.status).toBe('pending');
    expect((await lead.vault.getCase(returnedCase!))?.status).toBe('returned');
    // The comment is sealed like everything else: not on disk in clear.
    const rawOutbox = JSON.stringify(await readRawRows(lead.dbName, 'outbox'));
    expect(rawOutbox).not.toContain('date of the referral');

    await lead.engine.requestSync();
    expect(lead.engine.snapshot()).toMatchObject({ waiting: 0, problem: null });
    expect(await world.storage.getReview(returnedCase!)).toMatchObject({
      status: 'returned',
      qc: { decision: 'return', comment: 'Question 3 needs the date of the referral.', leadId: 'lead', reviewVersion: 1 },
    });
    expect(await world.storage.getReview(approvedCase!)).toMatchObject({ status: 'approved', qc: { decision: 'approve', comment: null } });
    const settled = (await leadTables.reviews.get(returnedCase!))!;
    expect(settled.clear.status).toBe('returned');
    expect(settled.value.qcPending).toBeNull();

    await alice.engine.requestSync();
    const seenByAlice = (await syncTables(alice.vault).reviews.get(returnedCase!))!.value.server;
    expect(seenByAlice).toMatchObject({ status: 'returned', qc: { comment: 'Question 3 needs the date of the referral.' } });
    expect((await alice.vault.getCase(returnedCase!))?.status).toBe('returned');

    const audit = await lead.vault.readAuditLog();
    expect(audit.filter((event) => event.detail?.startsWith('QC decision'))).toEqual([
      expect.objectContaining({ kind: 'alteration', caseId: returnedCase, detail: 'QC decision: return' }),
      expect.objectContaining({ kind: 'alteration', caseId: approvedCase, detail: 'QC decision: approve' }),
    ]);
  });

  it('a decision on a version the reviewer has since amended comes back as a conflict showing the new version', async () => {
    const world = await scene.start(2);
    const caseId = world.batches.alice![0]!;
    const alice = await device('alice');
    const lead = await device('lead');
    await alice.engine.requestSync();
    await submit(alice, caseId);
    await alice.engine.requestSync();
    await lead.engine.requestSync();

    // The lead decides offline on version 1 while alice amends to version 2.
    await world.stopEndpoint();
    await decideQc(lead.vault, lead.engine.outboxOrder, { caseId, decision: 'approve' });
    await world.startEndpoint();
    await submit(alice, caseId, { ...VALID_ANSWERS });
    await alice.engine.requestSync();
    expect((await world.storage.getReview(caseId))?.version).toBe(2);

    await lead.engine.requestSync();
    const record = (await syncTables(lead.vault).reviews.get(caseId))!;
    expect(record.value.qcConflict).toMatchObject({ mine: { decision: 'approve', baseVersion: 1 }, current: { version: 2 } });
    expect(record.clear.status).toBe('conflict');
    expect(await world.storage.getReview(caseId)).toMatchObject({ status: 'submitted', qc: null });

    // Deciding again on what the reviewer actually sent clears the conflict and lands.
    await decideQc(lead.vault, lead.engine.outboxOrder, { caseId, decision: 'approve' });
    await lead.engine.requestSync();
    expect(await world.storage.getReview(caseId)).toMatchObject({ status: 'approved', qc: { reviewVersion: 2 } });
    expect((await syncTables(lead.vault).reviews.get(caseId))!.value.qcConflict).toBeNull();
  });

  it('refuses a return without a comment, a second decision while one waits, and a case with no review', async () => {
    const world = await scene.start(2);
    const [submitted, untouched] = world.batches.alice!;
    const alice = await device('alice');
    const lead = await device('lead');
    await alice.engine.requestSync();
    await submit(alice, submitted!);
    await alice.engine.requestSync();
    await lead.engine.requestSync();
    const order = lead.engine.outboxOrder;

    expect(await problemOf(decideQc(lead.vault, order, { caseId: submitted!, decision: 'return', comment: '   ' }))).toBe('CommentRequired');
    expect(await problemOf(decideQc(lead.vault, order, { caseId: untouched!, decision: 'approve' }))).toBe('NoReviewToDecide');
    await decideQc(lead.vault, order, { caseId: submitted!, decision: 'approve' });
    expect(await problemOf(decideQc(lead.vault, order, { caseId: submitted!, decision: 'return', comment: 'x' }))).toBe('DecisionPending');
    expect(await syncTables(lead.vault).outbox.count()).toBe(1);
  });

  it('a reviewer cannot decide QC: the endpoint refuses it and the refusal is kept for the device to show', async () => {
    const world = await scene.start(2);
    const caseId = world.batches.alice![0]!;
    const alice = await device('alice');
    await alice.engine.requestSync();
    await submit(alice, caseId);
    await alice.engine.requestSync();

    await decideQc(alice.vault, alice.engine.outboxOrder, { caseId, decision: 'approve' });
    await alice.engine.requestSync();
    const record = (await syncTables(alice.vault).reviews.get(caseId))!;
    expect(record.value.qcPending?.rejection).toMatchObject({ reason: 'not_lead' });
    expect(record.clear.status).toBe('rejected');
    expect((await alice.vault.getCase(caseId))?.status).toBe('submitted');
    expect(await world.storage.getReview(caseId)).toMatchObject({ status: 'submitted', qc: null });
  });
});
