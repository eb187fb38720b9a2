import { useId, useState, type FormEvent } from 'react';
import type { FindingsFilter } from '../../../shared/findings/compute-findings';
import { ExportInputError } from '../../../shared/lead-export/outcome-table';
import { createUuidV7 } from '../../../shared/sync-protocol/uuid-v7';
import { mainBridge, MainCallError } from '../../platform/main-bridge';
import { currentSyncEngine } from '../../sync/sync-session';
import { readSyncState, SYNC_STATE_IDS, syncTables, type DeviceCredentials } from '../../sync/sync-records';
import { currentVault } from '../../vault/vault-session';
import type { FindingsData } from './findings-data';
import { writeFindingsExport } from './write-findings-export';

type ExportState = { readonly kind: 'idle' } | { readonly kind: 'working' } | { readonly kind: 'done'; readonly folderPath: string } | { readonly kind: 'problem'; readonly words: string };

/**
 * Exports the figures on screen (the current filter) as CSV, XLSX and a
 * one-page PDF with a signed manifest. Recipient and justification are
 * required: they go into the manifest and the audit log (DPA 2018 s.62).
 */
export function FindingsExportForm({ data, filter }: { data: FindingsData; filter: FindingsFilter }) {
  const recipientId = useId();
  const justificationId = useId();
  const [recipient, setRecipient] = useState('');
  const [justification, setJustification] = useState('');
  const [state, setState] = useState<ExportState>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ kind: 'working' });
    try {
      const vault = currentVault();
      const signingKey = currentSyncEngine()?.deviceSigningKey ?? null;
      const credentials = await readSyncState<DeviceCredentials>(syncTables(vault), SYNC_STATE_IDS.device);
      if (!signingKey || !credentials) {
        setState({ kind: 'problem', words: 'This device is not enrolled, so it cannot sign an export.' });
        return;
      }
      const written = await writeFindingsExport(
        { vault, files: mainBridge().files, signingKey },
        {
          exportId: createUuidV7(),
          createdAt: new Date().toISOString(),
          lead: { userId: credentials.userId },
          device: { deviceId: credentials.deviceId, deviceName: credentials.deviceName },
          recipient: recipient.trim(),
          justification: justification.trim(),
          outcomes: data.outcomes,
          templates: data.templates,
          batchNames: data.batchNames,
          filter,
        },
      );
      setState({ kind: 'done', folderPath: written.folderPath });
    } catch (error) {
      setState({ kind: 'problem', words: exportProblemWords(error) });
    }
  };

  return (
    <form className="findings-export" onSubmit={(event) => void submit(event)} data-testid="findings-export">
      <h3>Export these figures</h3>
      <p className="muted">findings.csv, findings.xlsx and a one-page findings-summary.pdf of the figures shown, with a manifest signed by this device. The export is recorded in the audit log.</p>
      <label htmlFor={recipientId}>Recipient</label>
      <input id={recipientId} required maxLength={300} value={recipient} onChange={(event) => setRecipient(event.target.value)} />
      <label htmlFor={justificationId}>Justification</label>
      <textarea id={justificationId} required maxLength={4000} value={justification} onChange={(event) => setJustification(event.target.value)} />
      <button type="submit" disabled={state.kind === 'working'} data-testid="findings-export-submit">
        Export findings
      </button>
      {state.kind === 'done' && (
        <p role="status" data-testid="findings-export-done">
          Exported to {state.folderPath}
        </p>
      )}
      {state.kind === 'problem' && (
        <p role="alert" className="problem" data-testid="findings-export-problem">
          {state.words}
        </p>
      )}
    </form>
  );
}

function exportProblemWords(error: unknown): string {
  if (error instanceof MainCallError) return `${error.message}.`;
  if (error instanceof ExportInputError) {
    return error.problem === 'NoOutcomes' ? 'No outcome matches the filter: there is nothing to export.' : 'Give a recipient and a justification (up to 300 and 4,000 characters).';
  }
  return 'The export failed. Nothing was left in the chosen folder.';
}
