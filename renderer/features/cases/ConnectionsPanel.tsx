import { useMemo, useState } from 'react';
import type { CaseFile } from '../../../shared/domain/case-file';
import { VisibleText } from '../../ui/VisibleText';
import { useCases } from './case-store';
import { connectionsOf } from './person-connections';

const ROLE_WORDS = { victim: 'victim', suspect: 'suspect' } as const;
/** Drawn at first; a person at the centre of a network can link thousands of cases. */
const FIRST_SHOWN = 25;

/**
 * Other cases that share a person with this one (person-connections.ts):
 * the pattern a group-based review looks for, visible at a glance. A case on
 * this computer that is assigned to the reviewer opens with one click.
 */
export function ConnectionsPanel({ caseFile, canOpen }: { caseFile: CaseFile; canOpen: (batchId: string) => boolean }) {
  const people = useCases((state) => state.people);
  const linkedReferences = useCases((state) => state.linkedReferences.get(caseFile.caseId));
  const select = useCases((state) => state.select);
  const connections = useMemo(() => connectionsOf(caseFile, people, linkedReferences ?? []), [caseFile, people, linkedReferences]);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? connections : connections.slice(0, FIRST_SHOWN);

  return (
    <section className="connections" aria-labelledby="connections-title" data-testid="connections">
      <h3 id="connections-title">
        Connections <span className="count-badge">{connections.length}</span>
      </h3>
      {connections.length === 0 ? (
        <p className="muted">No other case shares a person with this one.</p>
      ) : (
        <ul>
          {shown.map((connection) => (
            <li key={connection.reference} data-testid="connection" data-case-id={connection.caseId ?? ''}>
              {connection.caseId && connection.batchId && canOpen(connection.batchId) ? (
                <button type="button" className="link-button" onClick={() => select(connection.caseId)} data-testid="open-connection">
                  <VisibleText text={connection.reference} />
                </button>
              ) : (
                <span>
                  <VisibleText text={connection.reference} />{' '}
                  <span className="muted">(not assigned to you)</span>
                </span>
              )}
              {connection.sharedPeople.length > 0 ? (
                <ul className="shared-people">
                  {connection.sharedPeople.map((person) => (
                    <li key={`${person.personId}-${person.roleThere}`} data-testid="shared-person" data-person-id={person.personId}>
                      <VisibleText text={person.personId} />: {ROLE_WORDS[person.roleHere]} here, {ROLE_WORDS[person.roleThere]} there
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted"> · linked by the endpoint (person and role not on this computer)</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {shown.length < connections.length && (
        <button type="button" onClick={() => setShowAll(true)} data-testid="show-all-connections">
          Show all {connections.length} connections
        </button>
      )}
    </section>
  );
}
