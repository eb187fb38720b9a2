import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import type { OutcomeAnswers } from '../../shared/review-template/validate-outcome';
import { VALID_ANSWERS } from '../../server/test-support/seed-review-world';
import { answersToFormValues } from '../../renderer/features/review/review-answers';
import { templateFormResolver } from '../../renderer/features/review/template-form-resolver';
import { enrolDevice } from '../../renderer/sync/enrol-device';
import { takeServerVersion } from '../../renderer/sync/resolve-conflict';
import { listStrandedEntries } from '../../renderer/sync/stranded-outbox';
import { syncTables } from '../../renderer/sync/sync-records';
import { deleteRawRow, makeTestVault, readRawRows } from '../../renderer/vault/vault-test-support';
import { createRegistryNetworkPort } from '../support/registry-network-port';
import { submitDefaultOutcome, useSyncWorldPerTest, type TestDevice } from '../support/sync-world';

/**
 * The sync engine end to end in Node: the real renderer sync code over a
 * vault, the real main-process network handlers, the real endpoint over
 * HTTP on loopback (SQLite in memory).
 */
const scene = useSyncWorldPerTest(afterEach);
const device = (userId: string) => scene.device(userId);
const submit = submitDefaultOutcome;

/** The review form's verdict on answers typed into it: the errors its resolver gives, field by field. */
async function formErrors(answers: OutcomeAnswers) {
  const values = answersToFormValues(DEFAULT_CSE_REVIEW_TEMPLATE, answers);
  const { errors } = await templateFormResolver(DEFAULT_CSE_REVIEW_TEMPLATE)(values, undefined, { fields: {}, shouldUseNativeValidation: undefined });
  return Object.entries(errors).map(([fieldId, error]) => ({ fieldId, code: error?.type }));
}

describe('sync engine ⇄ endpoint', () => {
  it('records at enrolment what the OS said about disk encryption, in the credentials and the audit log', async () => {
    const world = await scene.start(1);
    const { vault } = makeTestVault();
    await vault.create('correct horse battery staple');
    const { network } = createRegistryNetworkPort();
    const credentials = await enrolDevice(vault, network, {
      endpointUrl: world.baseUrl(),
      code: await world.issueCode('alice'),
      deviceName: 'alice laptop',
      diskEncryption: 'not-encrypted',
    });
    expect(credentials.diskEncryptionAtEnrolment).toBe('not-encrypted');
    const events = await vault.readAuditLog();
    expect(events.at(-1)).toMatchObject({ kind: 'alteration', userId: 'alice', detail: expect.stringContaining('not-encrypted') });
  });

  it('pulls the assigned batch into the vault and logs its collection', async () => {
    const world = await scene.start(5);
    const alice = await device('alice');
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ online: true, problem: null, waiting: 0 });
    const listing = await alice.vault.listCases();
    expect(listing.cases.map((stored) => stored.caseFile.caseId).sort()).toEqual([...world.batches.alice!].sort());
    expect(listing.cases.every((stored) => stored.batchId === 'batch-alice' && stored.status === 'unreviewed')).toBe(true);
    const tables = syncTables(alice.vault);
    expect((await tables.batches.get('batch-alice'))?.value.batch.caseIds).toHaveLength(5);
    expect((await tables.templates.get('cse-review'))?.value.versions['1']).toEqual(DEFAULT_CSE_REVIEW_TEMPLATE);
    const audit = await alice.vault.readAuditLog();
    expect(audit.filter((event) => event.kind === 'collection')).toEqual([
      expect.objectContaining({ batchId: 'batch-alice', userId: 'alice' }),
    ]);
    // A second sync pulls nothing new and logs no second collection.
    await alice.engine.requestSync();
    expect((await alice.vault.readAuditLog()).filter((event) => event.kind === 'collection')).toHaveLength(1);
  });

  it('keeps outcomes while the endpoint is down, then delivers each exactly once and empties the outbox', async () => {
    const world = await scene.start(6);
    const alice = await device('alice');
    await alice.engine.requestSync();
    await world.stopEndpoint();
    for (const caseId of world.batches.alice!) await submit(alice, caseId);
    await alice.engine.refreshCounts();
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ online: false, waiting: 6 });
    for (const caseId of world.batches.alice!) expect(await world.storage.getReview(caseId)).toBeNull();

    await world.startEndpoint();
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ online: true, waiting: 0, problem: null });
    for (const caseId of world.batches.alice!) {
      const versions = await world.storage.listReviewVersions(caseId);
      expect(versions).toHaveLength(1);
      expect((await world.storage.getReview(caseId))?.answers).toEqual(VALID_ANSWERS);
    }
    const reviews = await syncTables(alice.vault).reviews.list();
    expect(reviews.entries.map((entry) => entry.clear.status)).toEqual(Array(6).fill('submitted'));
    expect((await alice.vault.listCases()).cases.every((stored) => stored.status === 'submitted')).toBe(true);
  });

  it("uploads the vault's audit chain, which the endpoint verifies and already holds on a resend", async () => {
    const world = await scene.start(2);
    const alice = await device('alice');
    await alice.engine.requestSync();
    await submit(alice, world.batches.alice![0]!);
    await alice.engine.requestSync();
    expect(alice.engine.snapshot().problem).toBeNull();
    const events = (await alice.vault.readAuditLog()).map(({ seq: _seq, ...event }) => event);
    expect(events.map((event) => event.kind)).toEqual(expect.arrayContaining(['vault-created', 'collection', 'alteration']));
    const resent = await alice.network.uploadAudit({ token: (await credentialsOf(alice)).token, request: { events } });
    expect(resent).toMatchObject({ ok: true, value: { kind: 'ok', body: { accepted: expect.any(Number), duplicates: expect.any(Number) } } });
    const body = (resent as { value: { body: { accepted: number; duplicates: number } } }).value.body;
    // Everything but the audit events written after the last upload (the sync's own) is a duplicate.
    expect(body.duplicates).toBeGreaterThanOrEqual(events.length - 2);
    expect(body.accepted + body.duplicates).toBe(events.length);
  });

  it('refuses a local audit chain with an event deleted from disk, and says so', async () => {
    const world = await scene.start(2);
    const alice = await device('alice');
    await alice.engine.requestSync();
    await submit(alice, world.batches.alice![0]!);
    await submit(alice, world.batches.alice![1]!);
    // An attacker with the disk deletes one not-yet-uploaded event (no key needed to delete a row).
    const rows = await readRawRows(alice.dbName, 'auditLog');
    const victim = rows[rows.length - 2]!;
    await deleteRawRow(alice.dbName, 'auditLog', victim.seq as number);
    await alice.engine.requestSync();
    expect(alice.engine.snapshot().problem?.code).toBe('AuditChainRefused');
    // Outcomes still arrive: the audit refusal does not hold the outbox hostage.
    expect(alice.engine.snapshot().waiting).toBe(0);
  });

  it('shows a conflict when another device submitted first, and resolves it both ways without dropping anything', async () => {
    const world = await scene.start(3);
    const first = await device('alice');
    const second = await device('alice');
    await first.engine.requestSync();
    await second.engine.requestSync();
    const [caseA, caseB] = world.batches.alice!;
    await submit(first, caseA!, { ...VALID_ANSWERS, suspect_count: 5 });
    await submit(first, caseB!, { ...VALID_ANSWERS, suspect_count: 6 });
    await first.engine.requestSync();
    await submit(second, caseA!, { ...VALID_ANSWERS, suspect_count: 7 });
    await submit(second, caseB!, { ...VALID_ANSWERS, suspect_count: 8 });
    await second.engine.requestSync();

    const reviews = syncTables(second.vault).reviews;
    const conflictA = (await reviews.get(caseA!))!;
    expect(conflictA.clear.status).toBe('conflict');
    expect(conflictA.value.conflict).toMatchObject({ mine: { answers: { suspect_count: 7 } }, current: { version: 1, answers: { suspect_count: 5 } } });
    expect((await second.vault.getCase(caseA!))?.status).toBe('conflict');
    expect(await world.storage.listReviewVersions(caseA!)).toHaveLength(2);

    // Keep mine on A: a new submission on the current version, applied as version 3.
    await submit(second, caseA!, conflictA.value.conflict!.mine.answers);
    await second.engine.requestSync();
    expect((await world.storage.getReview(caseA!))?.answers).toMatchObject({ suspect_count: 7 });
    expect((await reviews.get(caseA!))?.clear.status).toBe('submitted');

    // Take theirs on B: the endpoint keeps its current version; the device shows it.
    await takeServerVersion(second.vault, caseB!);
    expect((await reviews.get(caseB!))?.value.server?.answers).toMatchObject({ suspect_count: 6 });
    expect((await reviews.get(caseB!))?.clear.status).toBe('submitted');
    expect((await world.storage.getReview(caseB!))?.answers).toMatchObject({ suspect_count: 6 });
  });

  it('keeps a rejected outcome in the outbox with its reason until the reviewer replaces it', async () => {
    const world = await scene.start(2);
    const alice = await device('alice');
    await alice.engine.requestSync();
    const caseId = world.batches.alice![0]!;
    await submit(alice, caseId, { classification: 'group_based' });
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ waiting: 0, rejected: 1 });
    const stranded = await listStrandedEntries(alice.vault);
    expect(stranded.map((entry) => entry.value.rejection?.reason)).toEqual(['invalid_payload']);
    await submit(alice, caseId);
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ waiting: 0, rejected: 0 });
    expect(await world.storage.listReviewVersions(caseId)).toHaveLength(1);
  });

  it('enforces a requireWhen rule in the form and on the endpoint alike (one shared validator)', async () => {
    const world = await scene.start(2);
    const alice = await device('alice');
    await alice.engine.requestSync();
    const [caseId, otherCaseId] = world.batches.alice!;
    const { rationale: _omitted, ...withoutRationale } = VALID_ANSWERS;
    // What the review form's resolver (the template's schema) says before it queues anything:
    expect(await formErrors(withoutRationale)).toEqual([{ fieldId: 'rationale', code: 'required' }]);
    // Had the form let it through, the endpoint refuses it for the same field and code.
    await submit(alice, caseId!, withoutRationale);
    await alice.engine.requestSync();
    const [stranded] = await listStrandedEntries(alice.vault);
    expect(stranded?.value.rejection).toMatchObject({ reason: 'invalid_payload', fieldErrors: [{ fieldId: 'rationale', code: 'required' }] });

    // "No further action" lifts the requirement on both sides.
    const noFurtherAction = { ...withoutRationale, recommendation: 'no_further_action' };
    expect(await formErrors(noFurtherAction)).toEqual([]);
    await submit(alice, otherCaseId!, noFurtherAction);
    await alice.engine.requestSync();
    expect(await world.storage.getReview(otherCaseId!)).toMatchObject({ answers: { recommendation: 'no_further_action' } });
  });

  it('purges a batch reassigned away, keeping its unaccepted outcomes to show the reviewer', async () => {
    const world = await scene.start(3);
    const alice = await device('alice');
    await alice.engine.requestSync();
    await world.stopEndpoint();
    await submit(alice, world.batches.alice![0]!);
    await world.storage.reassignBatch('batch-alice', 'bob', new Date().toISOString());
    await world.startEndpoint();
    await alice.engine.requestSync();

    expect((await alice.vault.listCases()).cases).toHaveLength(0);
    expect(await alice.vault.table('cases').count()).toBe(0);
    expect(await syncTables(alice.vault).batches.count()).toBe(0);
    expect((await alice.vault.readAuditLog()).some((event) => event.kind === 'erasure' && event.batchId === 'batch-alice')).toBe(true);
    // The outcome pushed before the pull was refused (the case is bob's now) and stays, shown to the reviewer.
    const stranded = await listStrandedEntries(alice.vault);
    expect(stranded).toHaveLength(1);
    expect(stranded[0]!.value.mutation.caseId).toBe(world.batches.alice![0]);
  });

  it('pulls again from the start, keeping outbox and drafts, when the endpoint refuses a cursor it never issued', async () => {
    const world = await scene.start(3);
    const alice = await device('alice');
    await alice.engine.requestSync();
    const tables = syncTables(alice.vault);
    await world.stopEndpoint();
    await submit(alice, world.batches.alice![0]!);
    // A cursor far past the endpoint's head: what a device holds after the endpoint was restored from a backup.
    await alice.vault.commit([await tables.syncState.seal([{ id: 'pull', clear: {}, value: { cursor: 'c' + (10 ** 12).toString(36) } }])]);
    await world.startEndpoint();
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ problem: null, waiting: 0 });
    const cursor = ((await tables.syncState.get('pull'))!.value as { cursor: string }).cursor;
    expect(parseInt(cursor.slice(1), 36)).toBeLessThan(10 ** 12);
    expect((await alice.vault.listCases()).cases).toHaveLength(3);
    expect(await world.storage.listReviewVersions(world.batches.alice![0]!)).toHaveLength(1);
  });

  it('rotates its token when the endpoint asks, between runs, and keeps syncing with the new one only', async () => {
    const world = await scene.start(2, { tokenRotateAfterMs: 0 });
    const alice = await device('alice');
    const enrolledToken = (await credentialsOf(alice)).token;
    await alice.engine.requestSync();
    const rotatedToken = (await credentialsOf(alice)).token;
    expect(rotatedToken).not.toBe(enrolledToken);
    await submit(alice, world.batches.alice![0]!);
    await alice.engine.requestSync();
    expect(alice.engine.snapshot()).toMatchObject({ problem: null, waiting: 0 });
    // The new token was used, so the old one is retired.
    const stale = await alice.network.pull({ token: enrolledToken, query: {} });
    expect(stale).toMatchObject({ ok: true, value: { kind: 'api-error', status: 401 } });
  });

  it('says plainly that its token expired unrotated, and erases nothing', async () => {
    const world = await scene.start(2, { tokenMaxAgeMs: 1 });
    const alice = await device('alice');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await submit(alice, world.batches.alice![0]!).catch(() => undefined);
    await alice.engine.requestSync();
    expect(alice.engine.snapshot().problem?.code).toBe('TokenExpired');
    expect(alice.revoked.count).toBe(0);
    expect(alice.vault.isUnlocked()).toBe(true);
  });

  it('erases the whole vault when the endpoint says the device is revoked', async () => {
    const world = await scene.start(2);
    const alice = await device('alice');
    await alice.engine.requestSync();
    const { deviceId } = await credentialsOf(alice);
    await world.storage.revokeDevice(deviceId, new Date().toISOString());
    await alice.engine.requestSync();
    expect(alice.revoked.count).toBe(1);
    expect(alice.vault.isUnlocked()).toBe(false);
    expect(await alice.vault.presence()).toBe('missing');
    expect(await readRawRows(alice.dbName, 'cases')).toEqual([]);
  });
});

async function credentialsOf(target: TestDevice) {
  const entry = await syncTables(target.vault).syncState.get('device');
  return entry!.value as { token: string; deviceId: string; publicKey: { kty: 'EC'; crv: 'P-256'; x: string; y: string } };
}

