import { useCallback, useEffect, useState } from 'react';
import { AcknowledgementError, acknowledgeEscalation, type AcknowledgementProblem } from '../../sync/acknowledge-escalation';
import { currentSyncEngine, useSyncSession } from '../../sync/sync-session';
import { momentWords } from '../../ui/moment-words';
import { VisibleText } from '../../ui/VisibleText';
import { describeVaultError } from '../../vault/vault-error-words';
import { currentVault } from '../../vault/vault-session';
import type { EscalationRow } from './escalation-rows';
import { loadEscalationRows } from './escalations-data';

const PROBLEM_WORDS: Record<AcknowledgementProblem, string> = {
  NotEscalated: 'This case is not escalated on this computer. Sync, then try again.',
  AlreadyAcknowledged: 'Another lead has already acknowledged this escalation.',
  AcknowledgementPending: 'Your acknowledgement is already waiting to be sent.',
};

function standingWords(row: EscalationRow): string {
  switch (row.standing) {
    case 'open':
      return 'Awaiting acknowledgement';
    case 'sending':
      return 'Acknowledged here · waiting to be sent';
    case 'refused':
      return 'The endpoint refused this acknowledgement';
    case 'acknowledged':
      return `Acknowledged by ${row.acknowledgedBy ?? 'a lead'} at ${momentWords(row.acknowledgedAt!)}`;
  }
}

/**
 * A lead's escalations (outcomes that met the template's escalation rule):
 * those not yet acknowledged first, each with an Acknowledge button that
 * goes through the outbox like a QC decision.
 */
export function EscalationsList({ onOpenCase }: { onOpenCase?: (caseId: string) => void }) {
  const dataVersion = useSyncSession((state) => state.dataVersion);
  const [rows, setRows] = useState<readonly EscalationRow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busyCaseId, setBusyCaseId] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setRows(await loadEscalationRows(currentVault()));
    } catch (error) {
      setProblem(describeVaultError(error));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload, dataVersion]);

  const acknowledge = async (caseId: string) => {
    const engine = currentSyncEngine();
    if (!engine) return;
    setBusyCaseId(caseId);
    setProblem(null);
    try {
      await acknowledgeEscalation(currentVault(), engine.outboxOrder, caseId);
      await engine.refreshCounts();
      void engine.requestSync();
    } catch (error) {
      setProblem(error instanceof AcknowledgementError ? PROBLEM_WORDS[error.problem] : describeVaultError(error));
    } finally {
      setBusyCaseId(null);
      await reload();
    }
  };

  const waiting = rows?.filter((row) => row.standing !== 'acknowledged').length ?? 0;
  return (
    <section className="escalations" aria-labelledby="escalations-title" data-testid="escalations">
      <h2 id="escalations-title">
        Escalations <span data-testid="escalations-waiting">{waiting}</span> awaiting acknowledgement
      </h2>
      {problem && (
        <p role="alert" className="problem" data-testid="escalations-problem">
          {problem}
        </p>
      )}
      {rows !== null && rows.length === 0 && <p>No escalated outcomes.</p>}
      {rows !== null && rows.length > 0 && (
        <ul className="escalation-rows">
          {rows.map((row) => (
            <li key={row.caseId} className={row.standing === 'acknowledged' ? 'escalation-row' : 'escalation-row warning'} data-testid="escalation-row" data-case-id={row.caseId} data-standing={row.standing}>
              <strong>{row.reference === null ? row.caseId : <VisibleText text={row.reference} />}</strong>
              {' · '}
              {row.batchName === null ? 'batch not held' : <VisibleText text={row.batchName} />}
              {' · reviewer '}
              {row.reviewerId}
              {' · escalated '}
              {momentWords(row.escalatedAt)}
              {' · '}
              <span data-testid="escalation-standing">{standingWords(row)}</span>
              {(row.standing === 'open' || row.standing === 'refused') && (
                <button type="button" onClick={() => void acknowledge(row.caseId)} disabled={busyCaseId !== null} aria-label={`Acknowledge the escalation of ${row.reference ?? row.caseId}`}>
                  Acknowledge
                </button>
              )}
              {onOpenCase && (
                <button type="button" onClick={() => onOpenCase(row.caseId)} aria-label={`Open case ${row.reference ?? row.caseId}`}>
                  Open case
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
