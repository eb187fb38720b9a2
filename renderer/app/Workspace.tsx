import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { BatchesView } from '../features/batches/BatchesView';
import { BatchStoreContext } from '../features/batches/batch-store';
import { CaseDetail } from '../features/cases/CaseDetail';
import { CaseImport } from '../features/cases/CaseImport';
import { CaseList, useShownCases } from '../features/cases/CaseList';
import { CaseStoreContext } from '../features/cases/case-store';
import { EnrolmentPanel } from '../features/enrolment/EnrolmentPanel';
import { ReviewPanel } from '../features/review/ReviewPanel';
import { StrandedOutcomes } from '../features/sync-status/StrandedOutcomes';
import { SyncStatusBar } from '../features/sync-status/SyncStatusBar';
import { DiskEncryptionNotice } from '../features/vault-settings/DiskEncryptionNotice';
import { VaultSettings } from '../features/vault-settings/VaultSettings';
import { BreakReminder } from '../features/wellbeing/BreakReminder';
import { WellbeingSettings } from '../features/wellbeing/WellbeingSettings';
import { useSyncSession } from '../sync/sync-session';
import { isTextField, shortcutFor, steppedIndex } from '../ui/keyboard-shortcuts';
import { ShortcutsDialog } from '../ui/ShortcutsDialog';
import { useVaultSession } from '../vault/vault-session';
import { workspaceStores, type WorkspaceStores } from './session-stores';

/**
 * What an unlocked session shows, composed here so features never import
 * each other: sync status and enrolment, the batches, the case list, the
 * open case with its connections and review, import and vault settings.
 */
export function Workspace() {
  const stores = workspaceStores();
  return (
    <CaseStoreContext.Provider value={stores.cases}>
      <BatchStoreContext.Provider value={stores.batches}>
        <WorkspaceLayout stores={stores} />
      </BatchStoreContext.Provider>
    </CaseStoreContext.Provider>
  );
}

function WorkspaceLayout({ stores }: { stores: WorkspaceStores }) {
  const keyBinding = useVaultSession((state) => state.keyBinding);
  const dataVersion = useSyncSession((state) => state.dataVersion);
  const userId = useSyncSession((state) => state.status?.userId ?? null);
  const notice = useStore(stores.cases, (state) => state.notice);
  const cases = useStore(stores.cases, (state) => state.cases);
  const selectedCaseId = useStore(stores.cases, (state) => state.selectedCaseId);
  const openBatchId = useStore(stores.cases, (state) => state.view.batchId);
  const batches = useStore(stores.batches, (state) => state.batches);
  const shown = useShownCases();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  useEffect(() => {
    void stores.cases.getState().load();
    void stores.batches.getState().load();
  }, [stores, dataVersion]);
  const reloadCases = useCallback(() => void stores.cases.getState().load(), [stores]);

  const selected = selectedCaseId === null ? undefined : cases.find((stored) => stored.caseFile.caseId === selectedCaseId);
  const openBatch = useCallback((batchId: string | null) => stores.cases.getState().setView({ batchId }), [stores]);
  const openBatchName = openBatchId === null ? null : (batches.find((batch) => batch.batchId === openBatchId)?.name ?? 'Imported case file');
  const caseSummaries = useMemo(() => cases.map(({ batchId, status }) => ({ batchId, status })), [cases]);

  // A connected case opens when it is assigned to this reviewer (or was imported here, with no batch record).
  const canOpen = useCallback(
    (batchId: string) => {
      const batch = batches.find((candidate) => candidate.batchId === batchId);
      return !batch || userId === null || batch.assigneeId === userId;
    },
    [batches, userId],
  );

  const step = useCallback(
    (direction: 1 | -1) => {
      const current = shown.findIndex((stored) => stored.caseFile.caseId === stores.cases.getState().selectedCaseId);
      const next = steppedIndex(current, shown.length, direction);
      if (next !== null && next !== current) stores.cases.getState().select(shown[next]!.caseFile.caseId);
      return next !== null && next !== current;
    },
    [shown, stores],
  );
  const nextAfterSubmit = useCallback(() => {
    if (!step(1)) stores.cases.getState().select(null);
  }, [step, stores]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || shortcutsOpen) return;
      const action = shortcutFor({ key: event.key, altKey: event.altKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey, inTextField: isTextField(document.activeElement) });
      if (action === 'nextCase' || action === 'previousCase') step(action === 'nextCase' ? 1 : -1);
      else if (action === 'focusSearch') document.querySelector<HTMLInputElement>('[data-testid="case-search"]')?.focus();
      else if (action === 'focusForm') document.querySelector<HTMLElement>('[data-testid="review-form"] input, [data-testid="review-form"] textarea')?.focus();
      else if (action === 'showShortcuts') setShortcutsOpen(true);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, shortcutsOpen]);

  return (
    <div className="case-workspace">
      <div className="workspace-bar">
        <CaseImport />
        <button type="button" className="shortcuts-button" onClick={() => setShortcutsOpen(true)} aria-keyshortcuts="?">
          Keyboard shortcuts (?)
        </button>
        <WellbeingSettings />
        <VaultSettings />
      </div>
      <BreakReminder />
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
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
      {/* End of the lead-only block. */}
      <BatchesView cases={caseSummaries} openBatchId={openBatchId} onOpenBatch={openBatch} />
      <div className="workspace-panes">
        <CaseList shown={shown} batchName={openBatchName} onClearBatch={() => openBatch(null)} />
        <div className="case-pane">
          <CaseDetail canOpen={canOpen} />
          {selected && (
            <ReviewPanel
              caseId={selected.caseFile.caseId}
              batchId={selected.batchId}
              onChanged={reloadCases}
              onSubmittedAndNext={nextAfterSubmit}
            />
          )}
        </div>
      </div>
    </div>
  );
}
