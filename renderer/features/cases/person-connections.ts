import type { CaseFile } from '../../../shared/domain/case-file';

/**
 * Other cases that share a person with the open one: the group-based
 * offending this review looks for. Two sources: the endpoint's
 * `linkedReferences` (it sees every case, but sends references only), and
 * the pseudonymous person ids of cases on this computer (which also say in
 * what role the person appears in each case).
 */
export type PersonRole = 'victim' | 'suspect';

export interface SharedPerson {
  readonly personId: string;
  readonly roleHere: PersonRole;
  readonly roleThere: PersonRole;
}

export interface Connection {
  readonly reference: string;
  /** Set when the case is on this computer. */
  readonly caseId: string | null;
  readonly batchId: string | null;
  /** Known from local person ids; empty when only the endpoint knows of the link. */
  readonly sharedPeople: readonly SharedPerson[];
  readonly fromEndpoint: boolean;
}

export interface LocalCase {
  readonly caseFile: CaseFile;
  readonly batchId: string;
}

/** Who appears in which local case, and how; built once per load, used for every case opened. */
export interface PersonIndex {
  readonly appearances: ReadonlyMap<string, readonly { readonly caseId: string; readonly role: PersonRole }[]>;
  readonly byCaseId: ReadonlyMap<string, LocalCase>;
  readonly byReference: ReadonlyMap<string, LocalCase>;
}

function rolesOf(caseFile: CaseFile): [string, PersonRole][] {
  return [...caseFile.victimIds.map((id) => [id, 'victim'] as [string, PersonRole]), ...caseFile.suspectIds.map((id) => [id, 'suspect'] as [string, PersonRole])];
}

export function buildPersonIndex(cases: readonly LocalCase[]): PersonIndex {
  const appearances = new Map<string, { caseId: string; role: PersonRole }[]>();
  const byCaseId = new Map<string, LocalCase>();
  const byReference = new Map<string, LocalCase>();
  for (const local of cases) {
    byCaseId.set(local.caseFile.caseId, local);
    byReference.set(local.caseFile.reference, local);
    for (const [personId, role] of rolesOf(local.caseFile)) {
      const list = appearances.get(personId) ?? [];
      list.push({ caseId: local.caseFile.caseId, role });
      appearances.set(personId, list);
    }
  }
  return { appearances, byCaseId, byReference };
}

// One collator for every open: localeCompare with options builds a new one per comparison.
const referenceOrder = new Intl.Collator(undefined, { numeric: true });

/** The open case's connections, local matches first, each sorted by reference. */
export function connectionsOf(caseFile: CaseFile, index: PersonIndex, linkedReferences: readonly string[]): Connection[] {
  const byCase = new Map<string, { local: LocalCase; shared: SharedPerson[] }>();
  for (const [personId, roleHere] of rolesOf(caseFile)) {
    for (const appearance of index.appearances.get(personId) ?? []) {
      if (appearance.caseId === caseFile.caseId) continue;
      const local = index.byCaseId.get(appearance.caseId)!;
      const entry = byCase.get(appearance.caseId) ?? { local, shared: [] };
      if (!entry.shared.some((person) => person.personId === personId && person.roleThere === appearance.role)) {
        entry.shared.push({ personId, roleHere, roleThere: appearance.role });
      }
      byCase.set(appearance.caseId, entry);
    }
  }
  const fromEndpoint = new Set(linkedReferences);
  const connections: Connection[] = [...byCase.values()].map(({ local, shared }) => ({
    reference: local.caseFile.reference,
    caseId: local.caseFile.caseId,
    batchId: local.batchId,
    sharedPeople: shared,
    fromEndpoint: fromEndpoint.has(local.caseFile.reference),
  }));
  const listed = new Set(connections.map((connection) => connection.reference));
  for (const reference of fromEndpoint) {
    if (listed.has(reference) || reference === caseFile.reference) continue;
    const local = index.byReference.get(reference);
    connections.push({ reference, caseId: local?.caseFile.caseId ?? null, batchId: local?.batchId ?? null, sharedPeople: [], fromEndpoint: true });
  }
  const byReference = (a: Connection, b: Connection) => referenceOrder.compare(a.reference, b.reference);
  return connections.sort((a, b) => Number(a.caseId === null) - Number(b.caseId === null) || byReference(a, b));
}
