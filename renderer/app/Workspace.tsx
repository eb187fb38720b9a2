import { useCallback, useEffect } from 'react';
import { CaseDetail } from '../features/cases/CaseDetail';
import { CaseImport } from '../features/cases/CaseImport';
import { CaseList } from '../features/cases/CaseList';
import { useCaseListStore } from '../features/cases/case-list-store';
import { EnrolmentPanel } from '../features/enrolment/EnrolmentPanel';
import { ReviewPanel } from '../features/review/ReviewPanel';
import { StrandedOutcomes } from '../features/sync-status/StrandedOutcomes';
import { SyncStatusBar } from '../features/sync-status/SyncStatusBar';
import { DiskEncryptionNotice } from '../features/vault-settings/DiskEncryptionNotice';
import { VaultSettings } from '../features/vault-settings/VaultSettings';
import { useSyncSession } from '../sync/sync-session';
import { useVaultSession } from '../vault/vault-session';

/**
 * What an unlocked session shows, composed here so features never import
 * each other: sync status and enrolment, the case list, the open case with
 * its review, import and vault settings.
 */
export function Workspace() {
  const keyBinding = useVaultSession((state) => state.keyBinding);
  const notice = useCaseListStore((state) => state.notice);
  const load = useCaseListStore((state) => state.load);
  const dataVersion = useSyncSession((state) => state.dataVersion);
  const selected = useCaseListStore((state) => state.cases.find((stored) => stored.caseFile.caseId === state.selectedCaseId));
  useEffect(() => {
    void load();
  }, [load, dataVersion]);
  const reloadCases = useCallback(() => void load(), [load]);

  return (
    <div className="case-workspace">
      <div className="workspace-bar">
        <CaseImport />
        <VaultSettings />
      </div>
      <SyncStatusBar />
      <DiskEncryptionNotice />
      <EnrolmentPanel />
      <StrandedOutcomes />
      {keyBinding === 'none' && (
        <p role="note" className="warning" data-testid="device-binding-off">
          Device binding is off: this computer&apos;s keystore cannot tie the vault to this device, so a copy of the
          disk is protected by your passphrase alone.
        </p>
      )}
      {notice && (
        <p role={notice.kind === 'problem' ? 'alert' : 'status'} className={notice.kind} data-testid="case-notice">
          {notice.words}
        </p>
      )}
      <div className="workspace-panes">
        <CaseList />
        <div className="case-pane">
          <CaseDetail />
          {selected && (
            <ReviewPanel caseId={selected.caseFile.caseId} batchId={selected.batchId} onChanged={reloadCases} />
          )}
        </div>
      </div>
    </div>
  );
}
