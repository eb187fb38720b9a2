import { currentSyncEngine, useSyncSession } from '../../sync/sync-session';
import type { SyncStatus } from '../../sync/sync-engine';

const PHASE_WORDS: Record<SyncStatus['phase'], string> = {
  idle: '',
  probing: 'Checking the connection…',
  pushing: 'Sending outcomes…',
  'uploading-audit': 'Sending the audit log…',
  pulling: 'Receiving assignments…',
};

function formatTime(iso: string | null): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Always visible once enrolled: online or not, last sync, outcomes waiting, progress, a plain problem. */
export function SyncStatusBar() {
  const status = useSyncSession((state) => state.status);
  if (!status || !status.enrolled) return null;
  const connection = status.online === null ? 'Checking…' : status.online ? 'Online' : 'Offline';
  return (
    <section className="sync-status" aria-label="Sync status" data-testid="sync-status">
      <span className={status.online ? 'sync-online' : 'sync-offline'} data-testid="sync-connection">
        {connection}
      </span>
      <span>
        Last sync: <span data-testid="sync-last-success">{formatTime(status.lastSuccessAt)}</span>
      </span>
      <span>
        Waiting to send: <strong data-testid="sync-waiting">{status.waiting}</strong>
      </span>
      {status.rejected > 0 && (
        <span className="problem" data-testid="sync-rejected">
          {status.rejected} refused by the endpoint
        </span>
      )}
      {status.phase !== 'idle' && (
        <span role="status" data-testid="sync-progress">
          {PHASE_WORDS[status.phase]}
          {status.phase === 'pushing' && status.pushedThisRun > 0 ? ` ${status.pushedThisRun} sent` : ''}
          {status.phase === 'pulling' && status.pulledThisRun > 0 ? ` ${status.pulledThisRun} received` : ''}
        </span>
      )}
      {status.problem && (
        <span role="alert" className="problem" data-testid="sync-problem">
          {status.problem.words}
        </span>
      )}
      <button type="button" onClick={() => void currentSyncEngine()?.requestSync()} disabled={status.phase !== 'idle'}>
        Sync now
      </button>
    </section>
  );
}
