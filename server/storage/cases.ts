import { z } from 'zod';
import { caseFileSchema, type CaseFile } from '../../shared/domain/case-file';
import { readBatchedCases, audienceOf } from './case-access';
import { appendFeed } from './change-feed';
import type { FieldCipher } from './field-cipher';
import type { SqlExecutor } from './sql-driver';
import { insertRows, runIn, selectIn } from './sql-lists';
import { parseJsonColumn, parseRows, sqlNullableText, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';
import type { ImportResult } from './storage';

const caseIdRow = z.object({ case_id: sqlText });
const contentRow = z.object({ case_id: sqlText, content: sqlText });
const linkRow = z.object({ case_id: sqlText, other_id: sqlText });
const personLinkRow = z.object({ person_id: sqlText, case_id: sqlText });
const referenceRow = z.object({ case_id: sqlText, reference: sqlText });
const storedLinksRow = z.object({ case_id: sqlText, linked_references: sqlNullableText });
const pulledCaseRow = z.object({ case_id: sqlText, content: sqlText, linked_references: sqlNullableText });
const linkedReferencesSchema = z.array(z.string());

/** Pairs (case, other case sharing a person id) for the given cases, as "case other" strings. */
async function linkPairs(db: SqlExecutor, caseIds: readonly string[]): Promise<Set<string>> {
  const rows = await selectIn(caseIds, (list, chunk) =>
    db.all(
      `SELECT DISTINCT mine.case_id, other.case_id AS other_id FROM person_links mine
       JOIN person_links other ON other.person_id = mine.person_id AND other.case_id <> mine.case_id
       WHERE mine.case_id IN (${list})`,
      chunk,
    ),
  );
  return new Set(parseRows(linkRow, rows, 'case link').map((row) => `${row.case_id} ${row.other_id}`));
}

/**
 * Upserts the cases (the last of a repeated id wins). An updated case goes
 * back into its readers' feeds, and so does every case whose set of linked
 * cases this import changes: else a link found later stays unseen.
 */
export async function importCases(tx: StorageTransaction, cipher: FieldCipher, files: readonly CaseFile[], now: string): Promise<ImportResult> {
  const byId = new Map(files.map((file) => [file.caseId, file]));
  const caseIds = [...byId.keys()];
  if (caseIds.length === 0) return { inserted: 0, updated: 0 };
  const existing = new Set(
    parseRows(caseIdRow, await selectIn(caseIds, (list, chunk) => tx.sql.all(`SELECT case_id FROM cases WHERE case_id IN (${list})`, chunk)), 'case id').map(
      (row) => row.case_id,
    ),
  );
  const linkedBefore = await linkPairs(tx.sql, caseIds);
  await insertRows(
    tx.sql,
    'cases',
    ['case_id', 'reference', 'borough', 'content', 'imported_at'],
    [...byId.values()].map((file) => [
      file.caseId,
      cipher.seal('cases.reference', file.caseId, file.reference),
      file.borough,
      cipher.seal('cases.content', file.caseId, JSON.stringify(file)),
      now,
    ]),
    `ON CONFLICT (case_id) DO UPDATE SET reference = excluded.reference, borough = excluded.borough,
       content = excluded.content, imported_at = excluded.imported_at`,
  );
  await runIn(tx.sql, caseIds, (list) => `DELETE FROM person_links WHERE case_id IN (${list})`);
  await insertRows(
    tx.sql,
    'person_links',
    ['person_id', 'case_id'],
    // Person ids are stored as keyed tags only (field-cipher.ts): equal ids still join.
    [...byId.values()].flatMap((file) => [...new Set([...file.victimIds, ...file.suspectIds])].map((personId) => [cipher.personTag(personId), file.caseId])),
  );
  const linkedAfter = await linkPairs(tx.sql, caseIds);
  const announce = new Set(caseIds.filter((caseId) => existing.has(caseId)));
  for (const pair of linkedBefore) if (!linkedAfter.has(pair)) announce.add(pair.split(' ')[1]!);
  for (const pair of linkedAfter) if (!linkedBefore.has(pair)) announce.add(pair.split(' ')[1]!);
  // Every case linked to an imported one, before or after, may see another reference now.
  const touched = new Set(caseIds);
  for (const pair of [...linkedBefore, ...linkedAfter]) touched.add(pair.split(' ')[1]!);
  for (const caseId of await storeLinkedReferences(tx, cipher, [...touched])) announce.add(caseId);
  // Only batched cases have readers.
  const placements = await readBatchedCases(tx.sql, announce);
  for (const caseId of [...announce].sort()) {
    const placement = placements.get(caseId);
    if (placement) appendFeed(tx, audienceOf(placement), 'case', caseId, null, now);
  }
  return { inserted: caseIds.length - existing.size, updated: existing.size };
}

/** Recomputes and stores the linked references of the given cases; returns those whose references changed. */
async function storeLinkedReferences(tx: StorageTransaction, cipher: FieldCipher, caseIds: readonly string[]): Promise<string[]> {
  const stored = new Map(
    parseRows(storedLinksRow, await selectIn(caseIds, (list, chunk) => tx.sql.all(`SELECT case_id, linked_references FROM cases WHERE case_id IN (${list})`, chunk)), 'case links').map(
      (row) => [row.case_id, cipher.openNullable('cases.linked_references', row.case_id, row.linked_references)],
    ),
  );
  const current = await readLinkedReferences(tx.sql, cipher, caseIds);
  const changed: [string, string][] = [];
  for (const [caseId, references] of current) {
    const encoded = JSON.stringify(references);
    if (stored.has(caseId) && stored.get(caseId) !== encoded) changed.push([caseId, cipher.seal('cases.linked_references', caseId, encoded)]);
  }
  // UPDATE … FROM VALUES: one statement per chunk on both dialects (VALUES columns are column1, column2).
  for (let start = 0; start < changed.length; start += 2_000) {
    const chunk = changed.slice(start, start + 2_000);
    await tx.sql.run(
      `UPDATE cases SET linked_references = v.column2 FROM (VALUES ${chunk.map(() => '(?, ?)').join(', ')}) AS v WHERE cases.case_id = v.column1`,
      chunk.flat(),
    );
  }
  return changed.map(([caseId]) => caseId);
}

/** The given cases' contents, parsed; absent ids are missing from the map. */
export async function readCases(db: SqlExecutor, cipher: FieldCipher, caseIds: Iterable<string>): Promise<Map<string, CaseFile>> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return new Map();
  const rows = parseRows(contentRow, await selectIn(ids, (list, chunk) => db.all(`SELECT case_id, content FROM cases WHERE case_id IN (${list})`, chunk)), 'case');
  return new Map(rows.map((row) => [row.case_id, parseJsonColumn(caseFileSchema, cipher.open('cases.content', row.case_id, row.content), 'case')]));
}

/** The given cases as a pull sends them: content and linked references (stored, or computed where an import has not yet). */
export async function readCasesWithLinks(db: SqlExecutor, cipher: FieldCipher, caseIds: Iterable<string>): Promise<Map<string, { file: CaseFile; linkedReferences: string[] }>> {
  const ids = [...new Set(caseIds)];
  const found = new Map<string, { file: CaseFile; linkedReferences: string[] }>();
  if (ids.length === 0) return found;
  const rows = parseRows(
    pulledCaseRow,
    await selectIn(ids, (list, chunk) => db.all(`SELECT case_id, content, linked_references FROM cases WHERE case_id IN (${list})`, chunk)),
    'case',
  );
  const missing = rows.filter((row) => row.linked_references === null).map((row) => row.case_id);
  const computed = await readLinkedReferences(db, cipher, missing);
  for (const row of rows) {
    found.set(row.case_id, {
      file: parseJsonColumn(caseFileSchema, cipher.open('cases.content', row.case_id, row.content), 'case'),
      linkedReferences:
        row.linked_references === null
          ? (computed.get(row.case_id) ?? [])
          : parseJsonColumn(linkedReferencesSchema, cipher.open('cases.linked_references', row.case_id, row.linked_references), 'linked references'),
    });
  }
  return found;
}

/**
 * For each given case, the references of other cases sharing a person id with
 * it, sorted (references only, never content). A case links to dozens of
 * others, so the pairs are not formed in SQL: three set-based reads (the
 * cases' persons, those persons' cases, their references) and the union in
 * memory, which reads each row once instead of once per pair.
 */
export async function readLinkedReferences(db: SqlExecutor, cipher: FieldCipher, caseIds: Iterable<string>): Promise<Map<string, string[]>> {
  const ids = [...new Set(caseIds)];
  const linked = new Map<string, string[]>(ids.map((caseId) => [caseId, []]));
  if (ids.length === 0) return linked;
  const ownLinks = parseRows(personLinkRow, await selectIn(ids, (list, chunk) => db.all(`SELECT person_id, case_id FROM person_links WHERE case_id IN (${list})`, chunk)), 'person link');
  const personIds = [...new Set(ownLinks.map((link) => link.person_id))];
  const casesOfPerson = new Map<string, string[]>();
  for (const link of parseRows(
    personLinkRow,
    await selectIn(personIds, (list, chunk) => db.all(`SELECT person_id, case_id FROM person_links WHERE person_id IN (${list})`, chunk)),
    'person link',
  )) {
    let list = casesOfPerson.get(link.person_id);
    if (!list) casesOfPerson.set(link.person_id, (list = []));
    list.push(link.case_id);
  }
  const linkedIds = new Map<string, Set<string>>();
  for (const link of ownLinks) {
    let set = linkedIds.get(link.case_id);
    if (!set) linkedIds.set(link.case_id, (set = new Set()));
    for (const other of casesOfPerson.get(link.person_id) ?? []) if (other !== link.case_id) set.add(other);
  }
  const others = [...new Set([...linkedIds.values()].flatMap((set) => [...set]))];
  const references = new Map(
    parseRows(referenceRow, await selectIn(others, (list, chunk) => db.all(`SELECT case_id, reference FROM cases WHERE case_id IN (${list})`, chunk)), 'case reference').map(
      (row) => [row.case_id, cipher.open('cases.reference', row.case_id, row.reference)],
    ),
  );
  for (const [caseId, set] of linkedIds) {
    const found = new Set<string>();
    for (const other of set) {
      const reference = references.get(other);
      if (reference !== undefined) found.add(reference);
    }
    linked.set(caseId, [...found].sort());
  }
  return linked;
}

export async function findUnbatchedCases(db: SqlExecutor, filter: { borough?: string; limit: number }): Promise<string[]> {
  const rows = await db.all(
    `SELECT c.case_id FROM cases c LEFT JOIN batch_cases bc ON bc.case_id = c.case_id
     WHERE bc.case_id IS NULL ${filter.borough === undefined ? '' : 'AND c.borough = ?'} ORDER BY c.case_id LIMIT ?`,
    filter.borough === undefined ? [filter.limit] : [filter.borough, filter.limit],
  );
  return parseRows(caseIdRow, rows, 'case id').map((row) => row.case_id);
}
