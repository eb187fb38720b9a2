import { z } from 'zod';
import { caseFileSchema } from '../../shared/domain/case-file';
import { FieldCipher, type SealedColumn } from './field-cipher';
import { insertRows } from './sql-lists';
import { parseJsonColumn, sqlInteger, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';

/** A sealed column: where it lives and how its row's id (the AAD's) is formed. */
interface SealedColumnPlace {
  readonly name: SealedColumn;
  readonly table: string;
  readonly column: string;
  readonly keyColumns: readonly string[];
}

const PLACES: readonly SealedColumnPlace[] = [
  // Content first: sealing a case from before encryption also replaces its clear person ids with tags.
  { name: 'cases.content', table: 'cases', column: 'content', keyColumns: ['case_id'] },
  { name: 'cases.reference', table: 'cases', column: 'reference', keyColumns: ['case_id'] },
  { name: 'cases.linked_references', table: 'cases', column: 'linked_references', keyColumns: ['case_id'] },
  { name: 'review_versions.answers', table: 'review_versions', column: 'answers', keyColumns: ['case_id', 'version_no'] },
  { name: 'reviews.qc_comment', table: 'reviews', column: 'qc_comment', keyColumns: ['case_id'] },
  { name: 'qc_decisions.comment', table: 'qc_decisions', column: 'comment', keyColumns: ['mutation_id'] },
  { name: 'applied_mutations.result', table: 'applied_mutations', column: 'result', keyColumns: ['mutation_id'] },
  { name: 'audit_events.event', table: 'audit_events', column: 'event', keyColumns: ['device_id', 'position'] },
];

const keyValue = z.union([z.string(), sqlInteger]);
const storedRow = z.object({ stored: sqlText, k0: keyValue, k1: keyValue.optional() });

/**
 * Seals, under the current key, up to `limit` stored values that are not under it yet (written
 * before encryption, or under an older key while `rotate-key` runs); returns how many it sealed,
 * 0 once none is left. One call is one transaction: a batch is re-sealed whole or not at all.
 */
export async function sealStoredBatch(tx: StorageTransaction, cipher: FieldCipher, limit: number): Promise<number> {
  // Key ids are [A-Za-z0-9_-]: escape LIKE's wildcard `_`.
  const current = `cdx1.${cipher.currentKeyId.replaceAll('_', '\\_')}.%`;
  let sealed = 0;
  for (const place of PLACES) {
    if (sealed >= limit) break;
    const keys = place.keyColumns.map((column, index) => `${column} AS k${index}`).join(', ');
    const rows = await tx.sql.all(
      `SELECT ${place.column} AS stored, ${keys} FROM ${place.table} WHERE ${place.column} IS NOT NULL AND ${place.column} NOT LIKE ? ESCAPE '\\' LIMIT ?`,
      [current, limit - sealed],
    );
    for (const raw of rows) {
      const row = storedRow.parse(raw);
      const rowId = row.k1 === undefined ? String(row.k0) : `${String(row.k0)}/${String(row.k1)}`;
      const wasClear = FieldCipher.keyIdOf(row.stored) === null;
      const plaintext = wasClear ? row.stored : cipher.open(place.name, rowId, row.stored);
      const where = place.keyColumns.map((column) => `${column} = ?`).join(' AND ');
      await tx.sql.run(`UPDATE ${place.table} SET ${place.column} = ? WHERE ${where}`, [cipher.seal(place.name, rowId, plaintext), row.k0, ...(row.k1 === undefined ? [] : [row.k1])]);
      if (wasClear && place.name === 'cases.content') await tagPersonLinks(tx, cipher, rowId, plaintext);
      sealed += 1;
    }
  }
  return sealed;
}

/** A case from before encryption: its person links held clear person ids; they become tags. */
async function tagPersonLinks(tx: StorageTransaction, cipher: FieldCipher, caseId: string, content: string): Promise<void> {
  const file = parseJsonColumn(caseFileSchema, content, 'case');
  await tx.sql.run('DELETE FROM person_links WHERE case_id = ?', [caseId]);
  await insertRows(
    tx.sql,
    'person_links',
    ['person_id', 'case_id'],
    [...new Set([...file.victimIds, ...file.suspectIds])].map((personId) => [cipher.personTag(personId), caseId]),
  );
}
