import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
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
import { onSyncedChanges, useSyncSession } from '../sync/sync-session';
import { isTextField, shortcutFor, steppedIndex } from '../ui/keyboard-shortcuts';
import { ShortcutsDialog } from '../ui/ShortcutsDialog';
import type { StoredCase } from '../vault/vault';
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

// The workspace redraws when a case opens; these parts do not depend on which, so they skip that redraw.
const BatchesPane = memo(BatchesView);
const CaseView = memo(CaseDetail);

/**
 * The case list and the cases it shows: a search keystroke redraws this
 * pane only. The cases in view are also left in `shownRef` for
 * next/previous, which the workspace reads when a key is pressed.
 */
const CaseListPane = memo(function CaseListPane({
  shownRef,
  batchName,
  onClearBatch,
}: {
  shownRef: RefObject<readonly StoredCase[]>;
  batchName: string | null;
  onClearBatch: () => void;
}) {
  const shown = useShownCases();
  useLayoutEffect(() => {
    shownRef.current = shown;
  }, [shown, shownRef]);
  return <CaseList shown={shown} batchName={batchName} onClearBatch={onClearBatch} />;
});

/** The open case's review; what it writes is re-read for that one case, not for the whole list. */
const CaseReview = memo(function CaseReview({
  stores,
  caseId,
  batchId,
  onSubmittedAndNext,
}: {
  stores: WorkspaceStores;
  caseId: string;
  batchId: string;
  onSubmittedAndNext: () => void;
}) {
  const onChanged = useCallback(() => void stores.cases.getState().refreshCases([caseId]), [stores, caseId]);
  return <ReviewPanel caseId={caseId} batchId={batchId} onChanged={onChanged} onSubmittedAndNext={onSubmittedAndNext} />;
});

function WorkspaceLayout({ stores }: { stores: WorkspaceStores }) {
  const keyBinding = useVaultSession((state) => state.keyBinding);
  const userId = useSyncSession((state) => state.status?.userId ?? null);
  const notice = useStore(stores.cases, (state) => state.notice);
  const cases = useStore(stores.cases, (state) => state.cases);
  const selected = useStore(stores.cases, (state) => (state.selectedCaseId === null ? undefined : state.people.byCaseId.get(state.selectedCaseId)));
  const openBatchId = useStore(stores.cases, (state) => state.view.batchId);
  const batches = useStore(stores.batches, (state) => state.batches);
  const shownRef = useRef<readonly StoredCase[]>([]);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  useEffect(() => {
    void stores.cases.getState().load();
    void stores.batches.getState().load();
  }, [stores]);
  // Sync says what it wrote: those cases are re-read in place; only an erased batch reloads everything.
  useEffect(
    () =>
      onSyncedChanges((changes) => {
        if (changes.erasedBatchIds.length > 0) {
          void stores.cases.getState().load();
          void stores.batches.getState().load();
          return;
        }
        void stores.cases.getState().refreshCases(changes.caseIds);
        if (changes.batchIds.length > 0) void stores.batches.getState().load();
      }),
    [stores],
  );

  const openBatch = useCallback((batchId: string | null) => stores.cases.getState().setView({ batchId }), [stores]);
  const showAllBatches = useCallback(() => openBatch(null), [openBatch]);
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
      const shown = shownRef.current;
      const current = shown.findIndex((stored) => stored.caseFile.caseId === stores.cases.getState().selectedCaseId);
      const next = steppedIndex(current, shown.length, direction);
      if (next !== null && next !== current) stores.cases.getState().select(shown[next]!.caseFile.caseId);
      return next !== null && next !== current;
    },
    [stores],
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
      <BatchesPane cases={caseSummaries} openBatchId={openBatchId} onOpenBatch={openBatch} />
      <div className="workspace-panes">
        <CaseListPane shownRef={shownRef} batchName={openBatchName} onClearBatch={showAllBatches} />
        <div className="case-pane">
          <CaseView canOpen={canOpen} />
          {selected && <CaseReview stores={stores} caseId={selected.caseFile.caseId} batchId={selected.batchId} onSubmittedAndNext={nextAfterSubmit} />}
        </div>
      </div>
    </div>
  );
}
