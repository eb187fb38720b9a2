import { useEffect } from 'react';
import { AuditViewer } from '../features/audit-viewer/AuditViewer';
import { EscalationsList } from '../features/escalations/EscalationsList';
import { FindingsView } from '../features/findings/FindingsView';
import { LeadDashboard } from '../features/lead-dashboard/LeadDashboard';
import { ExportDialog } from '../features/lead-export/ExportDialog';
import { QcWorkbench } from '../features/qc/QcWorkbench';
import { SyncStatusBar } from '../features/sync-status/SyncStatusBar';
import { DiskEncryptionNotice } from '../features/vault-settings/DiskEncryptionNotice';
import { VaultSettings } from '../features/vault-settings/VaultSettings';
import { TeamStoreContext } from '../state/team-store';
import { useSyncSession } from '../sync/sync-session';
import { teamStore, workspaceStores } from './session-stores';

/**
 * What an unlocked lead's device shows: the team's data read once per sync
 * (TeamStoreContext), and one section per lead view below. Features never
 * import each other; each section is one feature's top component. To add a
 * view, add its section here, in the order a lead works: progress, quality
 * checks, export, then accountability and follow-up.
 */
export function LeadWorkspace() {
  const team = teamStore();
  const { auditViewer, findings } = workspaceStores();
  const dataVersion = useSyncSession((state) => state.dataVersion);
  useEffect(() => {
    void team.getState().load();
  }, [team, dataVersion]);

  return (
    <TeamStoreContext.Provider value={team}>
      <div className="lead-workspace" data-testid="lead-workspace">
        <div className="workspace-bar">
          <VaultSettings />
        </div>
        <SyncStatusBar />
        <DiskEncryptionNotice />

        {/* Escalations first: a child may be at risk today (#13). */}
        <EscalationsList />

        {/* Progress of every batch and reviewer. */}
        <LeadDashboard />

        {/* Quality checks: sample, queue, decisions. */}
        <QcWorkbench />

        {/* Export of completed batches. */}
        <ExportDialog />

        {/* The team's audit trail and each device's chain status. */}
        <AuditViewer store={auditViewer} dataVersion={dataVersion} />

        {/* Findings across the team's outcomes, per template version (#13). */}
        <FindingsView store={findings} dataVersion={dataVersion} />
      </div>
    </TeamStoreContext.Provider>
  );
}
