import { useEffect, useState } from 'react';
import { discardOutboxEntry, listStrandedEntries } from '../../sync/stranded-outbox';
import { currentSyncEngine, useSyncSession } from '../../sync/sync-session';
import { currentVault } from '../../vault/vault-session';

interface StrandedRow {
  readonly mutationId: string;
  readonly caseId: string;
  readonly reason: string;
}

const REASON_WORDS: Record<string, string> = {
  forbidden: 'the case is no longer assigned to you',
  invalid_payload: 'the answers do not fit the template',
  not_applicable: 'the template version does not match the batch',
  mutation_id_reused: 'it clashed with another outcome',
  not_lead: 'only a team lead may do this',
};

/** Outcomes the endpoint has not accepted and cannot take as they are; each can be discarded deliberately. */
export function StrandedOutcomes() {
  const status = useSyncSession((state) => state.status);
  const dataVersion = useSyncSession((state) => state.dataVersion);
  const [rows, setRows] = useState<readonly StrandedRow[]>([]);
  const waiting = status?.waiting ?? 0;
  const rejected = status?.rejected ?? 0;

  useEffect(() => {
    let current = true;
    void listStrandedEntries(currentVault())
      .then((entries) => {
        if (!current) return;
        setRows(
          entries.map((entry) => ({
            mutationId: entry.id,
            caseId: entry.value.mutation.caseId,
            reason: entry.value.rejection
              ? (REASON_WORDS[entry.value.rejection.reason] ?? 'the endpoint refused it')
              : 'its batch is no longer assigned to you; it will be sent if the endpoint still accepts it',
          })),
        );
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [dataVersion, waiting, rejected]);

  if (rows.length === 0) return null;
  const discard = async (mutationId: string) => {
    await discardOutboxEntry(currentVault(), mutationId);
    setRows((previous) => previous.filter((row) => row.mutationId !== mutationId));
    await currentSyncEngine()?.refreshCounts();
  };
  return (
    <section className="stranded" aria-labelledby="stranded-title" data-testid="stranded-outcomes">
      <h2 id="stranded-title">Outcomes not accepted by the endpoint</h2>
      <ul>
        {rows.map((row) => (
          <li key={row.mutationId} data-testid="stranded-outcome" data-case-id={row.caseId}>
            Case {row.caseId}: {row.reason}.{' '}
            <button type="button" onClick={() => void discard(row.mutationId)}>
              Discard this outcome
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
