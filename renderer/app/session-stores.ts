import { createAuditViewerStore, type AuditViewerStore } from '../features/audit-viewer/audit-viewer-store';
import { createBatchStore, type BatchStore } from '../features/batches/batch-store';
import { createCaseStore, type CaseStore } from '../features/cases/case-store';
import { createFindingsStore, type FindingsStore } from '../features/findings/findings-store';
import type { RegisterDecryptedCache } from '../state/decrypted-store';
import { createTeamStore, type TeamStore } from '../state/team-store';
import type { Vault } from '../vault/vault';
import { currentVault, registerDecryptedCache } from '../vault/vault-session';

/**
 * Every store of the workspace that holds decrypted data, made in one place
 * from the vault they read and the session that empties them on lock.
 */
export interface WorkspaceStores {
  readonly cases: CaseStore;
  readonly batches: BatchStore;
  /** Lead devices: the team's audit trail (audit viewer). */
  readonly auditViewer: AuditViewerStore;
  /** A lead's findings (#13); loaded only where the findings view is shown. */
  readonly findings: FindingsStore;
}

export function createWorkspaceStores(vault: Vault, register: RegisterDecryptedCache): WorkspaceStores {
  const dependencies = { vault, registerDecryptedCache: register };
  return {
    cases: createCaseStore(dependencies),
    batches: createBatchStore(dependencies),
    auditViewer: createAuditViewerStore(dependencies),
    findings: createFindingsStore(dependencies),
  };
}

let appStores: WorkspaceStores | null = null;

/** The app's stores, over the app's vault; made once, emptied on every lock, refilled after unlock. */
export function workspaceStores(): WorkspaceStores {
  appStores ??= createWorkspaceStores(currentVault(), registerDecryptedCache);
  return appStores;
}

let appTeamStore: TeamStore | null = null;

/** The lead's view of the team, over the app's vault; made on a lead's first unlock, emptied on every lock. */
export function teamStore(): TeamStore {
  appTeamStore ??= createTeamStore({ vault: currentVault(), registerDecryptedCache });
  return appTeamStore;
}
