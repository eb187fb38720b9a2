import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { VALID_ANSWERS } from '../../server/test-support/seed-review-world';
import { AcknowledgementError, acknowledgeEscalation } from '../../renderer/sync/acknowledge-escalation';
import { syncTables } from '../../renderer/sync/sync-records';
import { submitDefaultOutcome, useSyncWorldPerTest, type TestDevice } from '../support/sync-world';

/**
 * Escalation end to end in Node: the reviewer's escalated outcome leaves the
 * outbox ahead of a backlog, the lead acknowledges it through the outbox
 * (twice, from two devices), the endpoint records one acknowledgement, and
 * the reviewer's device learns who acknowledged it and when.
 */
const scene = useSyncWorldPerTest(afterEach);

async function problemOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return error instanceof AcknowledgementError ? error.problem : `unexpected ${String(error)}`;
  }
  return undefined;
}

const serverReview = async (device: TestDevice, caseId: string) => (await syncTables(device.vault).reviews.get(caseId))?.value ?? null;

describe('escalation through the outbox', () => {
  it('goes ahead of 50 routine outcomes queued before and after it, is acknowledged once though sent from two lead devices, and the reviewer sees by whom', async () => {
    const world = await scene.start(51);
    const [escalated, ...routine] = world.batches.alice!;
    const alice = await scene.device('alice');
    const lead = await scene.device('lead');
    const otherLeadDevice = await scene.device('lead');
    await alice.engine.requestSync();

    await world.stopEndpoint();
    // Routine outcomes queued before it as well as after: only the escalation's place in the outbox puts it first.
    for (const caseId of routine.slice(0, 20)) await submitDefaultOutcome(alice, caseId);
    await submitDefaultOutcome(alice, escalated!, { ...VALID_ANSWERS, urgency: 'immediate' });
    for (const caseId of routine.slice(20)) await submitDefaultOutcome(alice, caseId);
    await world.startEndpoint();
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ waiting: 0, problem: null });
    const sequences = await world.storage.firstReviewSequences(world.batches.alice!);
    expect(sequences.size).toBe(51);
    for (const caseId of routine) expect(sequences.get(escalated!)!).toBeLessThan(sequences.get(caseId)!);
    expect(await world.storage.listEscalations({ unacknowledgedOnly: true })).toEqual([expect.objectContaining({ caseId: escalated, reviewerId: 'alice', acknowledgedAt: null })]);

    await lead.engine.requestSync();
    await otherLeadDevice.engine.requestSync();
    expect((await serverReview(lead, escalated!))?.server?.escalation).toMatchObject({ acknowledgedAt: null });
    expect(await problemOf(acknowledgeEscalation(lead.vault, lead.engine.outboxOrder, routine[0]!))).toBe('NotEscalated');
    await acknowledgeEscalation(lead.vault, lead.engine.outboxOrder, escalated!);
    expect(await problemOf(acknowledgeEscalation(lead.vault, lead.engine.outboxOrder, escalated!))).toBe('AcknowledgementPending');
    // The other device has not heard of the first acknowledgement: it sends its own.
    await acknowledgeEscalation(otherLeadDevice.vault, otherLeadDevice.engine.outboxOrder, escalated!);

    await lead.engine.requestSync();
    await otherLeadDevice.engine.requestSync();
    for (const device of [lead, otherLeadDevice]) {
      expect(device.engine.snapshot()).toMatchObject({ waiting: 0, rejected: 0, problem: null });
      expect((await syncTables(device.vault).outbox.list()).entries).toEqual([]);
      expect((await serverReview(device, escalated!))?.acknowledgementPending).toBeNull();
    }
    const [record] = await world.storage.listEscalations({ unacknowledgedOnly: false });
    expect(record).toMatchObject({ caseId: escalated, acknowledgedBy: 'lead', acknowledgedAt: expect.any(String) });
    expect((await otherLeadDevice.vault.readAuditLog()).filter((event) => event.detail === 'Escalation acknowledged')).toHaveLength(1);
    expect((await serverReview(otherLeadDevice, escalated!))?.server?.escalation).toEqual({
      escalatedAt: expect.any(String),
      reviewVersion: 1,
      acknowledgedBy: 'lead',
      acknowledgedAt: record!.acknowledgedAt,
    });
    expect(await problemOf(acknowledgeEscalation(otherLeadDevice.vault, otherLeadDevice.engine.outboxOrder, escalated!))).toBe('AlreadyAcknowledged');

    await alice.engine.requestSync();
    expect((await serverReview(alice, escalated!))?.server?.escalation).toMatchObject({ acknowledgedBy: 'lead', acknowledgedAt: record!.acknowledgedAt });
  }, 60_000);
});
