import { computeAuditEventHash, GENESIS_HASH, type AuditEvent } from '../../shared/sync-protocol/audit';
import { MAX_TEAM_AUDIT_PAGE, type TeamAuditDevice, type TeamAuditEntry } from '../../shared/sync-protocol/team-audit';
import type { SealedTable } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import { answerBody, type NetworkPort } from './network-port';
import { readSyncState, SYNC_STATE_IDS, sealSyncState, type SyncTables } from './sync-records';

/**
 * A lead's copy of the team's audit trail (docs/sync-protocol.md, "Team
 * audit"): each team device's events, pulled after the position this device
 * holds and checked here, link by link, before they are kept. The endpoint
 * verified them on receipt; checking again means a lead need not take the
 * endpoint's word for it, and a copy altered in transit or in the endpoint's
 * database shows as broken.
 */

/** One event of a team member's device, as the lead's vault keeps it (sealed). */
export interface TeamAuditRecord {
  readonly event: AuditEvent;
  /** The device's owner: events recorded before enrolment name no user. */
  readonly userId: string;
  readonly receivedAt: string;
}
export type TeamAuditClear = { readonly deviceId: string; readonly position: number };

/**
 * What this device found checking a device's events: `verified` through the
 * last held position; `broken` at the first position that did not check
 * (`edited`: its hash does not match it; `out-of-chain`: it does not follow the
 * one before, or names another device or user; `tail-mismatch`: the held chain
 * does not end on the hash the endpoint anchors). Nothing after a break is pulled.
 */
export type LocalChainCheck =
  | { readonly state: 'verified'; readonly through: number }
  | { readonly state: 'broken'; readonly at: number; readonly reason: 'edited' | 'out-of-chain' | 'tail-mismatch' };

export interface TeamAuditDeviceState {
  /** As the endpoint last described it. */
  readonly device: TeamAuditDevice;
  /** Positions 1…held are in the vault. */
  readonly held: number;
  readonly heldLastHash: string;
  readonly check: LocalChainCheck;
}

export interface TeamAuditState {
  readonly devices: readonly TeamAuditDeviceState[];
  readonly checkedAt: string;
}

export function teamAuditTable(vault: Vault): SealedTable<TeamAuditRecord, TeamAuditClear> {
  return vault.table<TeamAuditRecord, TeamAuditClear>('teamAudit');
}

/** Row id: device and zero-padded position, so rows of one device sort in chain order. */
export function teamAuditRowId(deviceId: string, position: number): string {
  return `${deviceId}-${String(position).padStart(12, '0')}`;
}

export function readTeamAuditState(tables: SyncTables): Promise<TeamAuditState | null> {
  return readSyncState<TeamAuditState>(tables, SYNC_STATE_IDS.teamAudit);
}

type Retry = <Result>(request: () => Promise<Result>) => Promise<Result>;

interface PullTeamAuditOptions {
  readonly vault: Vault;
  readonly tables: SyncTables;
  readonly network: NetworkPort;
  readonly token: string;
  readonly retry: Retry;
  readonly now: () => number;
  readonly onAnswer?: (answer: { tokenRotationDue?: true }) => void;
  readonly onStored?: (events: number) => void;
  readonly pageSize?: number;
}

/** Checks one page against the chain held so far; returns the entries that check and the first problem. */
export async function checkTeamAuditPage(
  state: Pick<TeamAuditDeviceState, 'held' | 'heldLastHash'>,
  device: Pick<TeamAuditDevice, 'deviceId' | 'userId'>,
  entries: readonly TeamAuditEntry[],
): Promise<{ accepted: TeamAuditEntry[]; problem: LocalChainCheck | null }> {
  const accepted: TeamAuditEntry[] = [];
  let position = state.held;
  let head = state.heldLastHash;
  for (const entry of entries) {
    const { event } = entry;
    const namesAnother = (event.deviceId !== undefined && event.deviceId !== device.deviceId) || (event.userId !== undefined && event.userId !== device.userId);
    if (entry.position !== position + 1 || event.prevHash !== head || namesAnother) {
      return { accepted, problem: { state: 'broken', at: position + 1, reason: 'out-of-chain' } };
    }
    if ((await computeAuditEventHash(event)) !== event.hash) return { accepted, problem: { state: 'broken', at: entry.position, reason: 'edited' } };
    accepted.push(entry);
    position = entry.position;
    head = event.hash;
  }
  return { accepted, problem: null };
}

/**
 * Brings the vault's copy of every team device's chain up to what the
 * endpoint holds. Each page is stored with the new state in one transaction,
 * so an interrupted pull resumes after the last page kept. Devices no longer
 * in the lead's teams are dropped: the lead is no longer entitled to them.
 */
export async function pullTeamAudit(options: PullTeamAuditOptions): Promise<void> {
  const { vault, tables, network, token, retry } = options;
  const table = teamAuditTable(vault);
  const { devices } = await retry(() => answerBody(network.teamAuditChains({ token }), options.onAnswer));
  const before = new Map((await readTeamAuditState(tables))?.devices.map((state) => [state.device.deviceId, state]) ?? []);
  const states = new Map<string, TeamAuditDeviceState>();
  for (const device of devices) {
    const prior = before.get(device.deviceId);
    states.set(device.deviceId, { device, held: prior?.held ?? 0, heldLastHash: prior?.heldLastHash ?? GENESIS_HASH, check: prior?.check ?? { state: 'verified', through: 0 } });
  }
  const stateNow = (): TeamAuditState => ({ devices: [...states.values()], checkedAt: new Date(options.now()).toISOString() });

  const dropped = [...before.keys()].filter((deviceId) => !states.has(deviceId));
  await vault.commit([...dropped.map((deviceId) => table.removeWhere('deviceId', deviceId)), await sealSyncState(tables, SYNC_STATE_IDS.teamAudit, stateNow())]);

  for (const device of devices) {
    let state = states.get(device.deviceId)!;
    while (state.check.state === 'verified' && state.held < device.eventCount) {
      const page = await retry(() =>
        answerBody(network.teamAuditEvents({ token, query: { device: device.deviceId, after: state.held, limit: options.pageSize ?? MAX_TEAM_AUDIT_PAGE } }), options.onAnswer),
      );
      const { accepted, problem } = await checkTeamAuditPage(state, device, page.events);
      const last = accepted.at(-1);
      state = {
        ...state,
        held: last?.position ?? state.held,
        heldLastHash: last?.event.hash ?? state.heldLastHash,
        check: problem ?? { state: 'verified', through: last?.position ?? state.held },
      };
      // An empty page before the count the endpoint gave: it holds less than it said; stop, and check the tail below.
      if (!problem && accepted.length === 0) break;
      states.set(device.deviceId, state);
      const rows = accepted.map((entry) => ({
        id: teamAuditRowId(device.deviceId, entry.position),
        clear: { deviceId: device.deviceId, position: entry.position },
        value: { event: entry.event, userId: page.userId, receivedAt: entry.receivedAt },
      }));
      await vault.commit([...(rows.length > 0 ? [await table.seal(rows)] : []), await sealSyncState(tables, SYNC_STATE_IDS.teamAudit, stateNow())]);
      options.onStored?.(rows.length);
      if (!page.hasMore) break;
    }
    // What is held must end where the endpoint anchors the chain (a shortened or replaced tail shows here).
    const tailDiffers = state.held > device.eventCount || (state.held === device.eventCount && state.heldLastHash !== device.lastHash);
    if (state.check.state === 'verified' && tailDiffers) {
      state = { ...state, check: { state: 'broken', at: state.held, reason: 'tail-mismatch' } };
      states.set(device.deviceId, state);
      await vault.commit([await sealSyncState(tables, SYNC_STATE_IDS.teamAudit, stateNow())]);
    }
  }
}
