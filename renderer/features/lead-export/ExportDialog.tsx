import { useId, useMemo, useState } from 'react';
import { ExportInputError } from '../../../shared/lead-export/outcome-table';
import { createUuidV7 } from '../../../shared/sync-protocol/uuid-v7';
import { MainCallError, mainBridge } from '../../platform/main-bridge';
import { useTeam } from '../../state/team-store';
import { readSyncState, SYNC_STATE_IDS, syncTables, type DeviceCredentials } from '../../sync/sync-records';
import { currentSyncEngine } from '../../sync/sync-session';
import { useModalDialog } from '../../ui/use-modal-dialog';
import { VisibleText } from '../../ui/VisibleText';
import { currentVault } from '../../vault/vault-session';
import { describeVaultError } from '../../vault/vault-error-words';
import { buildExportInWorker, ExportBuildFailed } from './build-export-in-worker';
import { exportCandidates, exportInputFor, type ExportCandidate, type ExportChoiceProblem } from './export-candidates';
import { writeSignedExport, type ExportProgress } from './write-signed-export';

/** The app's measure of one export, from the lead's click to the folder complete (the bench reads it). */
export const EXPORT_MEASURE = 'casedesk.export';

const CHOICE_WORDS: Record<ExportChoiceProblem, string> = {
  NoBatchChosen: 'Choose at least one batch to export.',
  BatchNotExportable: 'A chosen batch is not complete: every case must be approved, or submitted if you export without QC.',
  TemplatesDiffer: 'The chosen batches answer different review templates. Export them one at a time.',
  TemplateMissing: 'The review template of these batches is not on this computer yet. Sync, then try again.',
  SeveralSamples: 'More than one chosen batch was QC-sampled. Export sampled batches one at a time, so each manifest records its sample.',
};

const EXPORTABILITY_WORDS: Record<ExportCandidate['exportability'], string> = {
  approved: 'Every case approved',
  submitted: 'Submitted, not all approved: only without QC',
  incomplete: 'Not complete',
};

function describeExportFailure(error: unknown): string {
  if (error instanceof MainCallError) {
    switch (error.code) {
      case 'ExportCancelled':
        return 'No folder was chosen: nothing was exported.';
      case 'ExportFolderExists':
        return 'That folder already holds an export of this name. Choose another folder.';
      default:
        return 'The export could not be written to that folder (no permission, or the disk is full). Nothing was left behind; try another folder.';
    }
  }
  if (error instanceof ExportInputError) {
    return error.problem === 'DisclosureDetailsInvalid'
      ? 'Give the recipient (up to 300 characters) and the justification (up to 4,000).'
      : `These outcomes cannot be exported together (${error.count} do not fit). Sync, then try again.`;
  }
  if (error instanceof ExportBuildFailed) return 'The export files could not be built. Try again; if it keeps happening, tell the administrator.';
  return describeVaultError(error);
}

function progressWords(progress: ExportProgress): string {
  switch (progress.step) {
    case 'building':
      return `Building the files: ${progress.filesBuilt ?? 0} of 3 done…`;
    case 'choosing-folder':
      return 'Choose the folder to export to…';
    case 'writing':
      return `Writing file ${progress.filesWritten + 1} of ${progress.filesTotal}…`;
    case 'finishing':
      return 'Recording the disclosure and finishing…';
  }
}

function progressPercent(progress: ExportProgress): number {
  if (progress.step === 'building') return Math.round(((progress.filesBuilt ?? 0) / 3) * 60);
  if (progress.step === 'choosing-folder') return 60;
  if (progress.step === 'writing') return 60 + Math.round((progress.filesWritten / progress.filesTotal) * 35);
  return 95;
}

type Outcome = { readonly kind: 'done'; readonly words: string } | { readonly kind: 'problem'; readonly words: string };

/**
 * Exports completed batches: the lead chooses the batches, says who receives
 * them and why (a disclosure, DPA 2018 s.62), and watches the progress while
 * a worker builds the files; then main asks for a folder and writes them
 * atomically. The UI thread only gathers the input and sends it in chunks.
 */
export function ExportDialog() {
  const batches = useTeam((state) => state.batches);
  const cases = useTeam((state) => state.cases);
  const templates = useTeam((state) => state.templates);
  const qcSamples = useTeam((state) => state.qcSamples);
  const candidates = useMemo(() => exportCandidates(batches, cases), [batches, cases]);
  const [open, setOpen] = useState(false);
  const dialog = useModalDialog(open);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [withoutQc, setWithoutQc] = useState(false);
  const [recipient, setRecipient] = useState('');
  const [justification, setJustification] = useState('');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const ids = { title: useId(), recipient: useId(), justification: useId(), progress: useId() };
  const busy = progress !== null;

  const toggle = (batchId: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(batchId)) next.delete(batchId);
      else next.add(batchId);
      return next;
    });

  const startExport = async (event: React.FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const engine = currentSyncEngine();
    const signingKey = engine?.deviceSigningKey ?? null;
    const vault = currentVault();
    const credentials = await readSyncState<DeviceCredentials>(syncTables(vault), SYNC_STATE_IDS.device);
    if (!engine || !signingKey || !credentials) {
      setOutcome({ kind: 'problem', words: 'This computer is not enrolled: an export must be signed by an enrolled device.' });
      return;
    }
    if (!recipient.trim() || !justification.trim()) {
      setOutcome({ kind: 'problem', words: 'Say who receives the export and why: both are recorded as a disclosure.' });
      return;
    }
    const now = Date.now();
    const gathered = exportInputFor(
      { batchIds: [...chosen], withoutQc, recipient, justification },
      { batches, cases, templates, qcSamples },
      { exportId: createUuidV7(now), createdAt: new Date(now).toISOString(), lead: { userId: credentials.userId }, device: { deviceId: credentials.deviceId, deviceName: credentials.deviceName } },
    );
    if ('problem' in gathered) {
      setOutcome({ kind: 'problem', words: CHOICE_WORDS[gathered.problem] });
      return;
    }
    performance.mark(`${EXPORT_MEASURE}.start`);
    setProgress({ step: 'building', filesWritten: 0, filesTotal: 4, filesBuilt: 0 });
    try {
      const written = await writeSignedExport({ vault, files: mainBridge().files, signingKey, build: buildExportInWorker }, gathered.input, setProgress);
      performance.measure(EXPORT_MEASURE, `${EXPORT_MEASURE}.start`);
      setOutcome({ kind: 'done', words: `Exported ${written.manifest.counts.outcomes} outcomes to ${written.folderPath}.` });
      setChosen(new Set());
      setRecipient('');
      setJustification('');
      // The disclosure events go to the endpoint with the next sync.
      void engine.requestSync();
    } catch (error) {
      setOutcome({ kind: 'problem', words: describeExportFailure(error) });
    } finally {
      setProgress(null);
    }
  };

  return (
    <section className="lead-panel" aria-labelledby="export-title" data-testid="lead-export">
      <h2 id="export-title">Export</h2>
      <p className="muted">Completed batches leave the team as a signed folder: CSV for spreadsheets, JSON for systems, a workbook, and a manifest of hashes.</p>
      <button type="button" onClick={() => setOpen(true)} data-testid="open-export">
        Export completed batches…
      </button>
      {!open && outcome?.kind === 'done' && (
        <p role="status" data-testid="export-result">
          {outcome.words}
        </p>
      )}
      <dialog
        ref={dialog}
        className="export-dialog"
        aria-labelledby={ids.title}
        onCancel={(event) => {
          if (busy) event.preventDefault();
        }}
        onClose={() => setOpen(false)}
        data-testid="export-dialog"
      >
        <h2 id={ids.title}>Export completed batches</h2>
        <form onSubmit={(event) => void startExport(event)}>
          <fieldset disabled={busy}>
            <legend>Batches</legend>
            {candidates.length === 0 && <p className="muted">No batch on this computer yet.</p>}
            <ul className="export-batches">
              {candidates.map((candidate) => (
                <li key={candidate.batch.batchId}>
                  <label className="inline-check">
                    <input
                      type="checkbox"
                      checked={chosen.has(candidate.batch.batchId)}
                      disabled={candidate.exportability === 'incomplete'}
                      onChange={() => toggle(candidate.batch.batchId)}
                      data-testid="export-batch"
                      data-batch-id={candidate.batch.batchId}
                    />
                    <VisibleText text={candidate.batch.name} />
                  </label>{' '}
                  <span className="muted" data-testid="export-batch-state">
                    {EXPORTABILITY_WORDS[candidate.exportability]} ({candidate.approved} approved, {candidate.submitted} submitted, {candidate.open} open)
                  </span>
                </li>
              ))}
            </ul>
            <label className="inline-check">
              <input type="checkbox" checked={withoutQc} onChange={(event) => setWithoutQc(event.target.checked)} data-testid="export-without-qc" />
              Export submitted reviews without QC approval (the manifest says so)
            </label>
          </fieldset>
          <fieldset disabled={busy}>
            <legend>Disclosure</legend>
            <label htmlFor={ids.recipient}>Recipient</label>
            <input id={ids.recipient} value={recipient} onChange={(event) => setRecipient(event.target.value)} maxLength={300} autoComplete="off" data-testid="export-recipient" />
            <label htmlFor={ids.justification}>Justification</label>
            <textarea id={ids.justification} value={justification} onChange={(event) => setJustification(event.target.value)} maxLength={4000} rows={3} data-testid="export-justification" />
          </fieldset>
          {progress && (
            <div className="export-progress">
              <label htmlFor={ids.progress}>Export progress</label>
              <progress id={ids.progress} max={100} value={progressPercent(progress)} data-testid="export-progress" />
              <p role="status" data-testid="export-progress-words">
                {progressWords(progress)}
              </p>
            </div>
          )}
          {outcome && (
            <p role={outcome.kind === 'problem' ? 'alert' : 'status'} className={outcome.kind === 'problem' ? 'problem' : undefined} data-testid="export-outcome" data-kind={outcome.kind}>
              {outcome.words}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" disabled={busy} data-testid="start-export">
              Export
            </button>
            <button type="button" disabled={busy} onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
