import { useMemo } from 'react';
import { useTeam } from '../../state/team-store';
import { useSyncSession } from '../../sync/sync-session';
import { VisibleText } from '../../ui/VisibleText';
import { batchStandings, lastDays, LEAD_STATUSES, reviewerActivity, type BatchStanding, type ReviewerActivity } from './team-progress';

/** Days shown in the reviewers' chart: a working fortnight reads at a glance. */
const ACTIVITY_DAYS = 14;

const STATUS_WORDS = { 'not-started': 'Not started', submitted: 'Submitted', returned: 'Returned', approved: 'Approved' } as const;

/** The status colours meet 3:1 against white (WCAG 1.4.11); the table beside the chart carries every number anyway. */
const STATUS_COLOURS = { 'not-started': '#6b7280', submitted: '#1d4fa0', returned: '#a4161a', approved: '#1f6f3a' } as const;

function BatchBar({ standing }: { standing: BatchStanding }) {
  let offset = 0;
  const words = LEAD_STATUSES.map((status) => `${standing.counts[status]} ${STATUS_WORDS[status].toLowerCase()}`).join(', ');
  return (
    <svg className="standing-bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label={`${standing.name}: ${words} of ${standing.total}`}>
      <rect x={0} y={0} width={100} height={8} fill="#eef0f3" />
      {standing.total > 0 &&
        LEAD_STATUSES.map((status) => {
          const width = (standing.counts[status] / standing.total) * 100;
          const rect = <rect key={status} x={offset} y={0} width={width} height={8} fill={STATUS_COLOURS[status]} />;
          offset += width;
          return rect;
        })}
    </svg>
  );
}

function ActivityBars({ activity }: { activity: ReviewerActivity }) {
  const most = Math.max(1, ...activity.perDay.map((entry) => entry.count));
  const width = 100 / activity.perDay.length;
  const words = activity.perDay.filter((entry) => entry.count > 0).map((entry) => `${entry.count} on ${entry.day}`);
  return (
    <svg className="activity-bars" viewBox="0 0 100 20" preserveAspectRatio="none" role="img" aria-label={`${activity.reviewerId}: ${words.length ? words.join(', ') : 'none'} in the last ${activity.perDay.length} days`}>
      <line x1={0} y1={19.5} x2={100} y2={19.5} stroke="#8a94a6" strokeWidth={0.5} />
      {activity.perDay.map((entry, index) => {
        const height = (entry.count / most) * 18;
        return <rect key={entry.day} x={index * width + width * 0.15} y={19.5 - height} width={width * 0.7} height={height} fill="#1d4fa0" />;
      })}
    </svg>
  );
}

/**
 * Where every batch of the team stands and how each reviewer is going: a bar
 * a lead can take in at a glance, and beside it the numbers in a table (the
 * table is what a screen reader and a careful reader use).
 */
export function LeadDashboard() {
  const batches = useTeam((state) => state.batches);
  const cases = useTeam((state) => state.cases);
  const qcSamples = useTeam((state) => state.qcSamples);
  const loaded = useTeam((state) => state.loaded);
  const problem = useTeam((state) => state.problem);
  const lastSuccessAt = useSyncSession((state) => state.status?.lastSuccessAt ?? null);
  const today = new Date().toISOString().slice(0, 10);
  const standings = useMemo(() => batchStandings(batches, cases, today), [batches, cases, today]);
  const everReturned = useMemo(
    () => new Set(Object.values(qcSamples).flatMap((sample) => Object.entries(sample.firstDecisions).filter(([, decision]) => decision === 'return').map(([caseId]) => caseId))),
    [qcSamples],
  );
  const days = useMemo(() => lastDays(today, ACTIVITY_DAYS), [today]);
  const activity = useMemo(() => reviewerActivity(batches, cases, everReturned, days), [batches, cases, everReturned, days]);

  return (
    <section className="lead-panel" aria-labelledby="dashboard-title" data-testid="lead-dashboard">
      <h2 id="dashboard-title">Team progress</h2>
      <p className="muted">{lastSuccessAt ? `As of the last sync, ${new Date(lastSuccessAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.` : 'Not synced yet.'}</p>
      {problem && <p role="alert" className="problem">{problem}</p>}
      {loaded && standings.length === 0 && <p className="muted">No batch of the team on this computer yet.</p>}
      {standings.length > 0 && (
        <>
          <h3>Batches</h3>
          <p className="muted">
            <span data-testid="team-case-count">{standings.reduce((sum, standing) => sum + standing.total, 0)}</span> cases in {standings.length}{' '}
            {standings.length === 1 ? 'batch' : 'batches'}
          </p>
          <ul className="chart-legend" aria-label="Chart colours">
            {LEAD_STATUSES.map((status) => (
              <li key={status}>
                <span className="swatch" style={{ background: STATUS_COLOURS[status] }} aria-hidden="true" /> {STATUS_WORDS[status]}
              </li>
            ))}
          </ul>
          <table className="lead-table" data-testid="batch-standings">
            <thead>
              <tr>
                <th scope="col">Batch</th>
                <th scope="col">Reviewer</th>
                <th scope="col">Chart</th>
                {LEAD_STATUSES.map((status) => (
                  <th scope="col" key={status}>
                    {STATUS_WORDS[status]}
                  </th>
                ))}
                <th scope="col">Complete</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {standings.map((standing) => (
                <tr key={standing.batchId} data-testid="batch-standing" data-batch-id={standing.batchId}>
                  <th scope="row">
                    <VisibleText text={standing.name} />
                  </th>
                  <td>{standing.assigneeId}</td>
                  <td className="chart-cell">
                    <BatchBar standing={standing} />
                  </td>
                  {LEAD_STATUSES.map((status) => (
                    <td key={status} data-testid="standing-count" data-status={status}>
                      {standing.counts[status]}
                    </td>
                  ))}
                  <td data-testid="standing-complete">{standing.percentComplete}%</td>
                  <td data-testid="standing-due" className={standing.overdue ? 'overdue' : undefined}>
                    {standing.dueDate ?? '—'}
                    {standing.overdue && ' (overdue)'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Reviewers</h3>
          <table className="lead-table" data-testid="reviewer-activity">
            <thead>
              <tr>
                <th scope="col">Reviewer</th>
                <th scope="col">Submitted per day, last {ACTIVITY_DAYS} days</th>
                <th scope="col">Today</th>
                <th scope="col">Submitted</th>
                <th scope="col">Returned</th>
                <th scope="col">Returned rate</th>
              </tr>
            </thead>
            <tbody>
              {activity.map((entry) => (
                <tr key={entry.reviewerId} data-testid="reviewer-row" data-reviewer-id={entry.reviewerId}>
                  <th scope="row">{entry.reviewerId}</th>
                  <td className="chart-cell">
                    <ActivityBars activity={entry} />
                  </td>
                  <td data-testid="reviewer-today">{entry.perDay[entry.perDay.length - 1]?.count ?? 0}</td>
                  <td data-testid="reviewer-submitted">{entry.submitted}</td>
                  <td data-testid="reviewer-returned">{entry.returned}</td>
                  <td data-testid="reviewer-returned-rate">{entry.returnedRate === null ? '—' : `${entry.returnedRate}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
