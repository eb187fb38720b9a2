import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealAuditEvent } from '../../../shared/sync-protocol/audit';
import type { RegisterDecryptedCache } from '../../state/decrypted-store';
import { teamAuditRowId, teamAuditTable, type TeamAuditState } from '../../sync/pull-team-audit';
import { SYNC_STATE_IDS, sealSyncState, syncTables } from '../../sync/sync-records';
import { makeTestVault } from '../../vault/vault-test-support';
import { createAuditViewerStore } from './audit-viewer-store';

describe('audit viewer store', () => {
  it('reads the team events and chain states the vault holds, names pre-enrolment events by the device owner, and empties on lock', async () => {
    const { vault } = makeTestVault();
    await vault.create('correct horse battery staple');
    const created = await sealAuditEvent({ eventId: '01890a5d-ac96-774b-bcce-000000000001', kind: 'vault-created', at: '2026-01-15T09:00:00.000Z' }, GENESIS_HASH);
    const opened = await sealAuditEvent({ eventId: '01890a5d-ac96-774b-bcce-000000000002', kind: 'consultation', at: '2026-01-15T10:00:00.000Z', userId: 'alice', deviceId: 'dev_a', caseId: 'case-000001' }, created.hash);
    const state: TeamAuditState = {
      checkedAt: '2026-01-15T11:00:00.000Z',
      devices: [{ device: { deviceId: 'dev_a', userId: 'alice', deviceName: 'laptop', revoked: false, eventCount: 2, lastHash: opened.hash, chain: { state: 'verified', verifiedThrough: 2 } }, held: 2, heldLastHash: opened.hash, check: { state: 'verified', through: 2 } }],
    };
    await vault.commit([
      await teamAuditTable(vault).seal(
        [created, opened].map((event, index) => ({ id: teamAuditRowId('dev_a', index + 1), clear: { deviceId: 'dev_a', position: index + 1 }, value: { event, userId: 'alice', receivedAt: '2026-01-15T10:30:00.000Z' } })),
      ),
      await sealSyncState(syncTables(vault), SYNC_STATE_IDS.teamAudit, state),
    ]);
    const clears = new Set<() => void>();
    const register: RegisterDecryptedCache = (clear) => (clears.add(clear), () => clears.delete(clear));
    const store = createAuditViewerStore({ vault, registerDecryptedCache: register });
    await store.getState().load();
    expect(store.getState()).toMatchObject({ loaded: true, problem: null, damaged: 0, checkedAt: state.checkedAt, devices: state.devices });
    expect(store.getState().rows.map((row) => [row.deviceId, row.position, row.userId, row.event.kind])).toEqual([
      ['dev_a', 1, 'alice', 'vault-created'],
      ['dev_a', 2, 'alice', 'consultation'],
    ]);
    for (const clear of clears) clear();
    expect(store.getState()).toMatchObject({ rows: [], devices: [], loaded: false });
  });

  it('after the first load adds the newer events once each, even when loads overlap, and drops devices no longer listed', async () => {
    const { vault } = makeTestVault();
    await vault.create('correct horse battery staple');
    const chains = new Map<string, { prev: string; held: number }>();
    const append = async (deviceId: string, userId: string, count: number) => {
      const chain = chains.get(deviceId) ?? { prev: GENESIS_HASH, held: 0 };
      const rows = [];
      for (let index = 0; index < count; index += 1) {
        chain.held += 1;
        const event = await sealAuditEvent({ eventId: `01890a5d-ac96-774b-bcce-${String(chain.held).padStart(12, '0')}`, kind: 'consultation', at: '2026-01-15T10:00:00.000Z', userId, deviceId }, chain.prev);
        chain.prev = event.hash;
        rows.push({ id: teamAuditRowId(deviceId, chain.held), clear: { deviceId, position: chain.held }, value: { event, userId, receivedAt: event.at } });
      }
      chains.set(deviceId, chain);
      await vault.commit([await teamAuditTable(vault).seal(rows)]);
    };
    const publish = async (deviceIds: string[]) => {
      const devices = deviceIds.map((deviceId) => {
        const { prev, held } = chains.get(deviceId)!;
        return { device: { deviceId, userId: deviceId, deviceName: 'laptop', revoked: false, eventCount: held, lastHash: prev, chain: { state: 'verified' as const, verifiedThrough: held } }, held, heldLastHash: prev, check: { state: 'verified' as const, through: held } };
      });
      await vault.commit([await sealSyncState(syncTables(vault), SYNC_STATE_IDS.teamAudit, { devices, checkedAt: '2026-01-15T11:00:00.000Z' } satisfies TeamAuditState)]);
    };
    const positions = (rows: readonly { deviceId: string; position: number }[]) => rows.map((row) => `${row.deviceId}/${row.position}`).sort();
    await append('dev_a', 'alice', 2);
    await publish(['dev_a']);
    const store = createAuditViewerStore({ vault, registerDecryptedCache: () => () => undefined });
    await store.getState().load();
    expect(positions(store.getState().rows)).toEqual(['dev_a/1', 'dev_a/2']);

    await append('dev_a', 'alice', 2);
    await append('dev_b', 'bob', 1);
    await publish(['dev_a', 'dev_b']);
    await Promise.all([store.getState().load(), store.getState().load()]);
    expect(positions(store.getState().rows)).toEqual(['dev_a/1', 'dev_a/2', 'dev_a/3', 'dev_a/4', 'dev_b/1']);

    await publish(['dev_b']);
    await store.getState().load();
    expect(positions(store.getState().rows)).toEqual(['dev_b/1']);
  });
});
