import { createDecryptedStore, type DecryptedStore, type RegisterDecryptedCache } from '../../state/decrypted-store';
import { readTeamAuditState, teamAuditTable, type TeamAuditDeviceState } from '../../sync/pull-team-audit';
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

export function createAuditViewerStore({ vault, registerDecryptedCache }: { vault: Vault; registerDecryptedCache: RegisterDecryptedCache }): AuditViewerStore {
  return createDecryptedStore<AuditViewerData, AuditViewerActions>(registerDecryptedCache, EMPTY, ({ guard }) => ({
    async load() {
      const setIfStillOpen = guard();
      try {
        const [listing, state] = await Promise.all([teamAuditTable(vault).list(), readTeamAuditState(syncTables(vault))]);
        const rows = listing.entries.map((entry) => ({ deviceId: entry.clear.deviceId, position: entry.clear.position, userId: entry.value.event.userId ?? entry.value.userId, event: entry.value.event }));
        setIfStillOpen({ rows, devices: state?.devices ?? [], checkedAt: state?.checkedAt ?? null, damaged: listing.damaged.length, loaded: true, problem: null });
      } catch (error) {
        setIfStillOpen({ ...EMPTY, loaded: true, problem: describeVaultError(error) });
      }
    },
  }));
}
