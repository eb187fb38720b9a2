import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { pullTeamAudit, readTeamAuditState, teamAuditTable } from '../../renderer/sync/pull-team-audit';
import type { NetworkPort } from '../../renderer/sync/network-port';
import { syncTables } from '../../renderer/sync/sync-records';
import type { Vault } from '../../renderer/vault/vault';
import { makeTestVault, readRawRows } from '../../renderer/vault/vault-test-support';
import { enrolDevice } from '../../renderer/sync/enrol-device';
import { createRegistryNetworkPort } from '../support/registry-network-port';
import { enrolTestDevice, useSyncWorldPerTest, type TestDevice } from '../support/sync-world';

/**
 * A lead's device pulls the team's audit trail as part of its sync run: the
 * real engine, the real main-process network handlers, the real endpoint.
 */
const scene = useSyncWorldPerTest(afterEach);

async function aliceWithConsultations(caseIds: readonly string[]): Promise<TestDevice> {
  const alice = await scene.device('alice');
  await alice.engine.requestSync();
  for (const caseId of caseIds) await alice.vault.recordAudit({ kind: 'consultation', caseId });
  await alice.engine.requestSync();
  return alice;
}

const heldEvents = async (vault: Vault) => (await teamAuditTable(vault).list()).entries.map((entry) => entry.value);
const withoutSeq = (events: readonly { seq: number }[]) => events.map(({ seq: _seq, ...event }) => event);

describe('a lead pulls the team audit trail', () => {
  it('keeps every team device’s events, sealed, with each chain checked here as verified', async () => {
    const world = await scene.start(3);
    const alice = await aliceWithConsultations(world.batches.alice!);
    const lead = await scene.device('lead');
    await lead.engine.requestSync();
    expect(lead.engine.snapshot()).toMatchObject({ problem: null, online: true });

    const aliceLog = withoutSeq(await alice.vault.readAuditLog());
    const held = await heldEvents(lead.vault);
    expect(held.filter((record) => record.userId === 'alice').map((record) => record.event)).toEqual(aliceLog);
    expect(held.filter((record) => record.event.kind === 'consultation').map((record) => record.event.caseId)).toEqual(world.batches.alice);

    const state = await readTeamAuditState(syncTables(lead.vault));
    const aliceState = state!.devices.find((entry) => entry.device.userId === 'alice')!;
    expect(aliceState).toMatchObject({ held: aliceLog.length, check: { state: 'verified', through: aliceLog.length }, device: { chain: { state: 'verified', verifiedThrough: aliceLog.length } } });
    // The lead's own device is in its team too; bob never enrolled, so has no device.
    expect(state!.devices.map((entry) => entry.device.userId).sort()).toEqual(['alice', 'lead']);

    // Sealed on disk: no case id, no event kind in any raw row.
    const raw = JSON.stringify(await readRawRows(lead.dbName, 'teamAudit'), (_key, value: unknown) => (value instanceof Uint8Array ? 'bytes' : value));
    expect(raw).not.toContain(world.batches.alice![0]);
    expect(raw).not.toContain('consultation');

    // A later run fetches only what is new.
    await alice.vault.recordAudit({ kind: 'consultation', caseId: world.batches.alice![0]! });
    await alice.engine.requestSync();
    await lead.engine.requestSync();
    expect((await heldEvents(lead.vault)).filter((record) => record.userId === 'alice')).toHaveLength(aliceLog.length + 1);
  });

  it('a reviewer’s device never asks for the team trail and holds none', async () => {
    const world = await scene.start(2);
    const alice = await aliceWithConsultations(world.batches.alice!);
    expect(await heldEvents(alice.vault)).toEqual([]);
    expect(await readTeamAuditState(syncTables(alice.vault))).toBeNull();
  });

  it('pages through a long chain and resumes after the last page stored', async () => {
    const world = await scene.start(2);
    const alice = await scene.device('alice');
    for (let index = 0; index < 25; index += 1) await alice.vault.recordAudit({ kind: 'consultation', caseId: world.batches.alice![index % 2]! });
    await alice.engine.requestSync();
    // A lead's vault without an engine, so nothing else pulls meanwhile.
    const { vault } = makeTestVault();
    await vault.create('correct horse battery staple');
    const { network } = createRegistryNetworkPort();
    const { token } = await enrolDevice(vault, network, { endpointUrl: world.baseUrl(), code: await world.issueCode('lead'), deviceName: 'lead laptop' });
    let pages = 0;
    const counting: NetworkPort = { ...network, teamAuditEvents: (input) => (pages++, network.teamAuditEvents(input)) };
    const options = { vault, tables: syncTables(vault), network: counting, token, retry: <R>(request: () => Promise<R>) => request(), now: Date.now, pageSize: 10 };
    await pullTeamAudit(options);
    const aliceCount = (await world.storage.auditHead((await world.storage.listDevices()).find((device) => device.userId === 'alice')!.deviceId))!.count;
    expect(aliceCount).toBeGreaterThan(25);
    expect(pages).toBe(Math.ceil(aliceCount / 10));
    pages = 0;
    await pullTeamAudit(options);
    expect(pages).toBe(0);
    expect((await heldEvents(vault)).filter((record) => record.userId === 'alice').map((record) => record.event)).toEqual(
      withoutSeq(await alice.vault.readAuditLog()).slice(0, aliceCount),
    );
  });

  it('marks a chain broken where an event arrives altered, and keeps nothing after it', async () => {
    const world = await scene.start(2);
    const alice = await aliceWithConsultations(world.batches.alice!);
    const { network } = createRegistryNetworkPort();
    // The event at position 3 is changed on the way (its hash kept): what a tampered endpoint database would send.
    const tampering: NetworkPort = {
      ...network,
      teamAuditEvents: async (input) => {
        const result = await network.teamAuditEvents(input);
        if (!result.ok || result.value.kind !== 'ok') return result;
        const events = result.value.body.events.map((entry) => (entry.position === 3 ? { ...entry, event: { ...entry.event, detail: 'changed' } } : entry));
        return { ...result, value: { ...result.value, body: { ...result.value.body, events } } };
      },
    };
    const lead = await enrolTestDevice(world, 'lead', { network: tampering });
    try {
      await lead.engine.requestSync();
      const state = await readTeamAuditState(syncTables(lead.vault));
      const aliceState = state!.devices.find((entry) => entry.device.userId === 'alice')!;
      expect(aliceState).toMatchObject({ held: 2, check: { state: 'broken', at: 3, reason: 'edited' }, device: { chain: { state: 'verified' } } });
      expect((await heldEvents(lead.vault)).filter((record) => record.userId === 'alice').map((record) => record.event)).toEqual(withoutSeq(await alice.vault.readAuditLog()).slice(0, 2));
    } finally {
      lead.engine.stop();
    }
  });

  it('a lead whose endpoint now refuses the trail (403) keeps its copy and the run still succeeds', async () => {
    const world = await scene.start(2);
    const { network } = createRegistryNetworkPort();
    const refusing: NetworkPort = {
      ...network,
      teamAuditChains: async () => ({ ok: true, value: { kind: 'api-error', status: 403, code: 'forbidden', message: 'Only a team lead may read the team audit trail.', retryAfterSeconds: null } }),
    };
    const lead = await enrolTestDevice(world, 'lead', { network: refusing });
    try {
      await lead.engine.requestSync();
      expect(lead.engine.snapshot()).toMatchObject({ problem: null, online: true, lastSuccessAt: expect.any(String) });
      expect(await heldEvents(lead.vault)).toEqual([]);
    } finally {
      lead.engine.stop();
    }
  });

  it('is erased with the vault', async () => {
    const world = await scene.start(2);
    await aliceWithConsultations(world.batches.alice!);
    const lead = await scene.device('lead');
    await lead.engine.requestSync();
    expect((await readRawRows(lead.dbName, 'teamAudit')).length).toBeGreaterThan(0);
    lead.engine.stop();
    await lead.vault.eraseEverything();
    expect(await readRawRows(lead.dbName, 'teamAudit').catch(() => [])).toEqual([]);
  });
});
