import { useId, useMemo, useState } from 'react';
import type { QcSampleRule } from '../../../shared/lead-qc/draw-qc-sample';
import { useTeam, useTeamStore } from '../../state/team-store';
import { currentSyncEngine } from '../../sync/sync-session';
import { VisibleText } from '../../ui/VisibleText';
import { currentVault } from '../../vault/vault-session';
import { decideAndRecord, describeQcProblem, drawAndRecordSample } from './qc-actions';
import { needsLead, overturnRates, qcQueue, samplePopulation, unsampledSubmitted, type OverturnRate, type QcQueueState } from './qc-queue';
import { QcReviewView, type ShownReview } from './QcReviewView';

const QUEUE_STATE_WORDS: Record<QcQueueState, string> = {
  awaiting: 'Waiting for you',
  sending: 'Decision waiting to be sent',
  approved: 'Approved',
  returned: 'Returned',
  conflict: 'Changed since you decided',
  refused: 'Decision refused',
};

function SampleForm({ onDrawn }: { onDrawn: () => void }) {
  const batches = useTeam((state) => state.batches);
  const cases = useTeam((state) => state.cases);
  const samples = useTeam((state) => state.qcSamples);
  const store = useTeamStore();
  const open = batches.filter((batch) => !samples[batch.batchId] && samplePopulation(batch.batchId, cases).length > 0);
  const [batchId, setBatchId] = useState('');
  const [method, setMethod] = useState<QcSampleRule['method']>('percentage');
  const [value, setValue] = useState('10');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { batch: useId(), value: useId() };
  const chosen = open.find((batch) => batch.batchId === batchId) ?? open[0];

  if (open.length === 0) return <p className="muted" data-testid="qc-nothing-to-sample">No batch with submitted reviews is waiting for a sample.</p>;

  const draw = async (event: React.FormEvent) => {
    event.preventDefault();
    const number = Number(value);
    const valid = method === 'percentage' ? number > 0 && number <= 100 : Number.isInteger(number) && number >= 1;
    if (!chosen || !valid) {
      setProblem(method === 'percentage' ? 'Give a percentage above 0 and at most 100.' : 'Give a whole number of reviews, at least 1.');
      return;
    }
    try {
      const stored = await drawAndRecordSample(currentVault(), chosen.batchId, samplePopulation(chosen.batchId, cases), { method, value: number });
      store.getState().setQcSamples(stored);
      setProblem(null);
      onDrawn();
    } catch (error) {
      setProblem(describeQcProblem(error));
    }
  };

  return (
    <form className="qc-sample-form" onSubmit={(event) => void draw(event)} data-testid="qc-sample-form">
      <label htmlFor={ids.batch}>Batch</label>
      <select id={ids.batch} value={chosen?.batchId ?? ''} onChange={(event) => setBatchId(event.target.value)} data-testid="qc-sample-batch">
        {open.map((batch) => (
          <option key={batch.batchId} value={batch.batchId}>
            {batch.name} ({samplePopulation(batch.batchId, cases).length} submitted)
          </option>
        ))}
      </select>
      <fieldset className="inline-fieldset">
        <legend>Sample size as</legend>
        <label className="inline-check">
          <input type="radio" name="qc-method" checked={method === 'percentage'} onChange={() => setMethod('percentage')} /> a percentage
        </label>
        <label className="inline-check">
          <input type="radio" name="qc-method" checked={method === 'count'} onChange={() => setMethod('count')} data-testid="qc-method-count" /> a number of reviews
        </label>
      </fieldset>
      <label htmlFor={ids.value}>{method === 'percentage' ? 'Percentage' : 'Number of reviews'}</label>
      <input id={ids.value} type="number" min={1} max={method === 'percentage' ? 100 : undefined} value={value} onChange={(event) => setValue(event.target.value)} data-testid="qc-sample-value" />
      <button type="submit" data-testid="qc-draw">
        Draw the sample
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

function RateTable({ caption, rows, label, testId }: { caption: string; rows: readonly OverturnRate[]; label: (key: string) => string; testId: string }) {
  return (
    <table className="lead-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption.startsWith('By reviewer') ? 'Reviewer' : 'Batch'}</th>
          <th scope="col">Checked</th>
          <th scope="col">Returned at first check</th>
          <th scope="col">Overturn rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key}>
            <th scope="row">
              <VisibleText text={label(row.key)} />
            </th>
            <td>{row.checked}</td>
            <td>{row.overturned}</td>
            <td data-testid="overturn-rate">{row.rate === null ? '—' : `${row.rate}%`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Quality checks: draw a seeded sample of a batch's submitted reviews, work
 * through the queue (read each review, approve or return it with a comment,
 * through the outbox), approve the rest of a batch once its sample is
 * decided, and see the overturn rate per reviewer and batch.
 */
export function QcWorkbench() {
  const batches = useTeam((state) => state.batches);
  const cases = useTeam((state) => state.cases);
  const samples = useTeam((state) => state.qcSamples);
  const templates = useTeam((state) => state.templates);
  const store = useTeamStore();
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const queue = useMemo(() => qcQueue(samples, cases), [samples, cases]);
  const rates = useMemo(() => overturnRates(samples, cases), [samples, cases]);
  const batchName = (batchId: string) => batches.find((batch) => batch.batchId === batchId)?.name ?? batchId;
  const openCase = cases.find((teamCase) => teamCase.caseId === openCaseId) ?? null;
  const templateOf = (review: ShownReview) => templates[review.templateId]?.[String(review.templateVersion)] ?? null;

  const decide = async (caseId: string, batchId: string, decision: 'approve' | 'return', comment: string): Promise<string | null> => {
    const engine = currentSyncEngine();
    if (!engine) return 'Sync is not running: unlock again and retry.';
    try {
      store.getState().setQcSamples(await decideAndRecord(currentVault(), engine, batchId, { caseId, decision, comment }));
    } catch (error) {
      return describeQcProblem(error);
    }
    await store.getState().load();
    setNotice(decision === 'approve' ? 'Approved. It will be sent with the next sync.' : 'Returned to the reviewer with your comment. It will be sent with the next sync.');
    return null;
  };

  const approveRest = async (batchId: string) => {
    const engine = currentSyncEngine();
    if (!engine) return;
    const caseIds = unsampledSubmitted(batchId, samples, cases);
    let approved = 0;
    let problem: string | null = null;
    for (const caseId of caseIds) {
      try {
        await decideAndRecord(currentVault(), engine, batchId, { caseId, decision: 'approve' });
        approved++;
      } catch (error) {
        problem = describeQcProblem(error);
      }
    }
    await store.getState().load();
    setNotice(`${approved} more review${approved === 1 ? '' : 's'} of ${batchName(batchId)} approved.${problem ? ` Some were not: ${problem}` : ''}`);
  };

  return (
    <section className="lead-panel" aria-labelledby="qc-title" data-testid="qc-workbench">
      <h2 id="qc-title">Quality checks</h2>
      <h3>Draw a sample</h3>
      <p className="muted">The sample is drawn at random from a fresh seed; the seed is kept so anyone can draw the same sample again.</p>
      <SampleForm onDrawn={() => setNotice('Sample drawn.')} />
      {notice && (
        <p role="status" data-testid="qc-notice">
          {notice}
        </p>
      )}
      {Object.values(samples).length > 0 && (
        <table className="lead-table" data-testid="qc-samples">
          <caption>Samples drawn</caption>
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Rule</th>
              <th scope="col">Drawn</th>
              <th scope="col">Seed</th>
              <th scope="col">Waiting for you</th>
              <th scope="col">Rest of the batch</th>
            </tr>
          </thead>
          <tbody>
            {Object.values(samples).map((sample) => {
              const waiting = queue.filter((entry) => entry.batchId === sample.batchId && needsLead(entry.state)).length;
              const rest = unsampledSubmitted(sample.batchId, samples, cases).length;
              return (
                <tr key={sample.batchId} data-testid="qc-sample" data-batch-id={sample.batchId}>
                  <th scope="row">
                    <VisibleText text={batchName(sample.batchId)} />
                  </th>
                  <td>{sample.rule.method === 'percentage' ? `${sample.rule.value}%` : `${sample.rule.value} reviews`}</td>
                  <td data-testid="qc-sample-drawn">
                    {sample.caseIds.length} of {sample.populationSize}
                  </td>
                  <td data-testid="qc-sample-seed">{sample.seed}</td>
                  <td>{waiting}</td>
                  <td>
                    <button type="button" disabled={waiting > 0 || rest === 0} onClick={() => void approveRest(sample.batchId)} data-testid="qc-approve-rest">
                      Approve the other {rest} submitted
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h3>Queue</h3>
      {queue.length === 0 ? (
        <p className="muted">Nothing to check: draw a sample first.</p>
      ) : (
        <table className="lead-table" data-testid="qc-queue">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Batch</th>
              <th scope="col">Reviewer</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((entry) => (
              <tr key={entry.caseId} data-testid="qc-queue-row" data-case-id={entry.caseId} data-state={entry.state} aria-current={entry.caseId === openCaseId ? 'true' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => setOpenCaseId(entry.caseId)} data-testid="qc-open">
                    <VisibleText text={entry.reference} />
                  </button>
                </th>
                <td>
                  <VisibleText text={batchName(entry.batchId)} />
                </td>
                <td>{entry.reviewerId}</td>
                <td className={needsLead(entry.state) ? 'needs-lead' : undefined}>{QUEUE_STATE_WORDS[entry.state]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {openCase && (
        <QcReviewView
          key={openCase.caseId}
          teamCase={openCase}
          templateOf={templateOf}
          onDecide={(decision, comment) => decide(openCase.caseId, openCase.batchId, decision, comment)}
          onClose={() => setOpenCaseId(null)}
        />
      )}
      <h3>Overturn rate</h3>
      {rates.byBatch.length === 0 ? (
        <p className="muted">No sample decided yet.</p>
      ) : (
        <div className="rate-tables">
          <RateTable caption="By reviewer" rows={rates.byReviewer} label={(key) => key} testId="overturn-by-reviewer" />
          <RateTable caption="By batch" rows={rates.byBatch} label={batchName} testId="overturn-by-batch" />
        </div>
      )}
    </section>
  );
}
