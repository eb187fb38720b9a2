import { createDecryptedStore, type DecryptedStore, type RegisterDecryptedCache } from '../../state/decrypted-store';
import { readTeamAuditState, teamAuditRowId, teamAuditTable, type TeamAuditDeviceState } from '../../sync/pull-team-audit';
import { syncTables } from '../../sync/sync-records';
import { describeVaultError } from '../../vault/vault-error-words';
import type { Vault } from '../../vault/vault';
import type { TeamAuditRow } from './audit-event-filter';

/** The team's audit trail as this lead's vault holds it (sealed: it empties on lock). */
export interface AuditViewerData {
  readonly rows: readonly TeamAuditRow[];
  readonly devices: readonly TeamAuditDeviceState[];
  /** When the chain list was last read from the endpoint; null before the first time. */
  readonly checkedAt: string | null;
  /** Held events that failed to open (damaged on this disk): counted, never shown. */
  readonly damaged: number;
  readonly loaded: boolean;
  readonly problem: string | null;
}

export interface AuditViewerActions {
  load(): Promise<void>;
}

export type AuditViewerState = AuditViewerData & AuditViewerActions;
export type AuditViewerStore = DecryptedStore<AuditViewerState>;

const EMPTY: AuditViewerData = { rows: [], devices: [], checkedAt: null, damaged: 0, loaded: false, problem: null };

/** The highest chain position already loaded, per device. */
function loadedThrough(rows: readonly TeamAuditRow[]): Map<string, number> {
  const through = new Map<string, number>();
  for (const row of rows) through.set(row.deviceId, Math.max(through.get(row.deviceId) ?? 0, row.position));
  return through;
}

export function createAuditViewerStore({ vault, registerDecryptedCache }: { vault: Vault; registerDecryptedCache: RegisterDecryptedCache }): AuditViewerStore {
  return createDecryptedStore<AuditViewerData, AuditViewerActions>(registerDecryptedCache, EMPTY, ({ guard, get }) => {
    const loadOnce = async () => {
      const setIfStillOpen = guard();
      try {
        const table = teamAuditTable(vault);
        const state = await readTeamAuditState(syncTables(vault));
        const devices = state?.devices ?? [];
        const listed = new Set(devices.map((entry) => entry.device.deviceId));
        const before = get();
        // A damaged row is never loaded, so it would be read (and counted) again: then read everything.
        const incremental = before.loaded && before.problem === null && before.damaged === 0;
        const kept = incremental ? before.rows.filter((row) => listed.has(row.deviceId)) : [];
        const through = loadedThrough(kept);
        const reads = incremental
          ? devices
              .filter((entry) => entry.held > (through.get(entry.device.deviceId) ?? 0))
              .map((entry) => {
                const from = through.get(entry.device.deviceId) ?? 0;
                // Row ids sort by device, then position: the rows after `from` are this device's newer events.
                return table.list({ above: teamAuditRowId(entry.device.deviceId, from), limit: entry.held - from });
              })
          : [table.list()];
        const listings = await Promise.all(reads);
        const added = listings
          .flatMap((listing) => listing.entries)
          .filter((entry) => listed.has(entry.clear.deviceId))
          .map((entry) => ({ deviceId: entry.clear.deviceId, position: entry.clear.position, userId: entry.value.event.userId ?? entry.value.userId, event: entry.value.event }));
        const damaged = listings.reduce((sum, listing) => sum + listing.damaged.length, 0);
        setIfStillOpen({ rows: [...kept, ...added], devices, checkedAt: state?.checkedAt ?? null, damaged, loaded: true, problem: null });
      } catch (error) {
        setIfStillOpen({ ...EMPTY, loaded: true, problem: describeVaultError(error) });
      }
    };
    // One load at a time: two at once would both add the same new events.
    let queue: Promise<void> = Promise.resolve();
    return {
      /**
       * After the first load, only events past those loaded are opened: a sync run adds to a
       * trail, and reopening every event of a long one after each run would cost seconds.
       */
      load() {
        const run = queue.then(loadOnce);
        queue = run.catch(() => undefined);
        return run;
      },
    };
  });
}
