import { useEffect, useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { VisibleText } from '../../ui/VisibleText';
import { auditFilterChoices, dayRangeProblem, filterAuditEvents, NO_AUDIT_FILTER, type AuditEventFilter, type TeamAuditRow } from './audit-event-filter';
import { AUDIT_KIND_WORDS, lockReasonWords } from './audit-kind-words';
import type { AuditViewerStore } from './audit-viewer-store';
import { describeChain } from './chain-status-words';

/** Rows drawn at once: enough to read, few enough that a long trail never stalls the page. */
const SHOWN_ROWS = 500;

function TeamChains({ store }: { store: AuditViewerStore }) {
  const devices = useStore(store, (state) => state.devices);
  const checkedAt = useStore(store, (state) => state.checkedAt);
  if (devices.length === 0) return <p className="muted">No device of your team has been listed yet: it is after the next sync.</p>;
  return (
    <table className="audit-chains" data-testid="audit-chains">
      <caption>
        Audit chain of each device{checkedAt ? `, as of ${checkedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Device</th>
          <th scope="col">Chain</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((state) => {
          const { verdict, words } = describeChain(state);
          return (
            <tr key={state.device.deviceId} data-testid="audit-chain" data-device-id={state.device.deviceId} data-user-id={state.device.userId} data-verdict={verdict}>
              <td>
                <VisibleText text={state.device.userId} />
              </td>
              <td>
                <VisibleText text={state.device.deviceName} />
                {state.device.revoked && ' (revoked)'}
              </td>
              <td className={verdict === 'broken' ? 'problem' : undefined}>{words}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function EventDetail({ row }: { row: TeamAuditRow }) {
  const reason = lockReasonWords(row.event.reason);
  if (!row.event.detail && !reason) return null;
  return (
    <>
      {reason}
      {reason && row.event.detail && '; '}
      {row.event.detail && <VisibleText text={row.event.detail} />}
    </>
  );
}

function FilterForm({ filter, onChange, choices }: { filter: AuditEventFilter; onChange: (next: AuditEventFilter) => void; choices: { users: string[]; kinds: string[] } }) {
  const id = useId();
  const set = (field: keyof AuditEventFilter) => (event: { target: { value: string } }) => onChange({ ...filter, [field]: event.target.value });
  return (
    <form className="audit-filters" role="search" aria-label="Filter audit events" onSubmit={(event) => event.preventDefault()}>
      <label htmlFor={`${id}-user`}>
        User
        <select id={`${id}-user`} value={filter.userId} onChange={set('userId')}>
          <option value="">Any user</option>
          {choices.users.map((user) => (
            <option key={user} value={user}>
              {user}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-kind`}>
        Action
        <select id={`${id}-kind`} value={filter.kind} onChange={set('kind')}>
          <option value="">Any action</option>
          {choices.kinds.map((kind) => (
            <option key={kind} value={kind}>
              {AUDIT_KIND_WORDS[kind as keyof typeof AUDIT_KIND_WORDS] ?? kind}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-case`}>
        Case id
        <input id={`${id}-case`} type="search" value={filter.caseId} onChange={set('caseId')} autoComplete="off" spellCheck={false} />
      </label>
      <label htmlFor={`${id}-from`}>
        From (UTC day)
        <input id={`${id}-from`} type="date" value={filter.fromDay} onChange={set('fromDay')} />
      </label>
      <label htmlFor={`${id}-to`}>
        To (UTC day)
        <input id={`${id}-to`} type="date" value={filter.toDay} onChange={set('toDay')} />
      </label>
      <button type="button" onClick={() => onChange(NO_AUDIT_FILTER)}>
        Clear filters
      </button>
    </form>
  );
}

/**
 * The team lead's audit viewer: every event the team's devices recorded
 * (DPA 2018 s.62), narrowed by user, case, action and day, and where each
 * device's chain stands. Reads the vault only, so it works offline; the sync
 * run keeps the copy current.
 */
export function AuditViewer({ store, dataVersion }: { store: AuditViewerStore; dataVersion: number }) {
  const rows = useStore(store, (state) => state.rows);
  const loaded = useStore(store, (state) => state.loaded);
  const problem = useStore(store, (state) => state.problem);
  const damaged = useStore(store, (state) => state.damaged);
  const [filter, setFilter] = useState<AuditEventFilter>(NO_AUDIT_FILTER);

  useEffect(() => {
    void store.getState().load();
  }, [store, dataVersion]);

  const choices = useMemo(() => auditFilterChoices(rows), [rows]);
  const matching = useMemo(() => filterAuditEvents(rows, filter), [rows, filter]);
  const rangeProblem = dayRangeProblem(filter);
  const shown = matching.slice(0, SHOWN_ROWS);

  return (
    <section className="audit-viewer" aria-labelledby="audit-viewer-title" data-testid="audit-viewer">
      <h2 id="audit-viewer-title">Team audit trail</h2>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {damaged > 0 && (
        <p role="alert" className="problem" data-testid="audit-damaged">
          {damaged} stored audit {damaged === 1 ? 'event is' : 'events are'} damaged on this computer and not shown.
        </p>
      )}
      <TeamChains store={store} />
      <FilterForm filter={filter} onChange={setFilter} choices={choices} />
      {rangeProblem && (
        <p role="alert" className="problem">
          {rangeProblem}
        </p>
      )}
      <p role="status" data-testid="audit-event-count">
        {!loaded ? 'Reading the audit trail…' : `${matching.length} of ${rows.length} events${matching.length > SHOWN_ROWS ? `; the newest ${SHOWN_ROWS} are shown, narrow the filters to see others` : ''}`}
      </p>
      {shown.length > 0 && (
        // Focusable, so the list scrolls from the keyboard too.
        <div className="audit-events-scroll" tabIndex={0} role="region" aria-label="Audit events">
          <table className="audit-events" data-testid="audit-events">
            <caption>Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">User</th>
                <th scope="col">Action</th>
                <th scope="col">Case</th>
                <th scope="col">Batch</th>
                <th scope="col">Detail</th>
                <th scope="col">Device, event no.</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={`${row.deviceId}/${row.position}`} data-testid="audit-event" data-kind={row.event.kind} data-user-id={row.userId}>
                  <td>
                    <time dateTime={row.event.at}>{row.event.at.slice(0, 19).replace('T', ' ')}</time>
                  </td>
                  <td>
                    <VisibleText text={row.userId} />
                  </td>
                  <td>{AUDIT_KIND_WORDS[row.event.kind]}</td>
                  <td data-testid="audit-event-case">{row.event.caseId ? <VisibleText text={row.event.caseId} /> : '—'}</td>
                  <td>{row.event.batchId ? <VisibleText text={row.event.batchId} /> : '—'}</td>
                  <td>
                    <EventDetail row={row} />
                  </td>
                  <td>
                    {row.deviceId}, {row.position}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
