import { z } from 'zod';
import type { AuditEvent } from '../../shared/sync-protocol/audit';
import type { FieldCipher } from './field-cipher';
import type { SqlExecutor } from './sql-driver';
import { insertRows, selectIn } from './sql-lists';
import { parseRow, parseRows, sqlInteger, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';
import { AuditChainError, StorageError, type AuditAppendResult, type AuditHead } from './storage';

const headRow = z.object({ audit_count: sqlInteger, audit_last_hash: sqlText }).transform((row): AuditHead => ({ count: row.audit_count, lastHash: row.audit_last_hash }));
const hashRow = z.object({ hash: sqlText });

export async function readAuditHead(db: SqlExecutor, deviceId: string, forUpdate = ''): Promise<AuditHead | null> {
  const row = (await db.all(`SELECT audit_count, audit_last_hash FROM devices WHERE device_id = ? ${forUpdate}`, [deviceId]))[0];
  return row ? parseRow(headRow, row, 'audit head') : null;
}

/**
 * Appends a batch that continues the device's chain. Events already held are
 * duplicates (a re-sent batch whose acknowledgement was lost: the hash covers
 * content and predecessor); anything else that does not continue the chain
 * refuses the whole batch, naming the chain head stored before it.
 */
export async function appendAuditEvents(tx: StorageTransaction, cipher: FieldCipher, deviceId: string, events: readonly AuditEvent[], now: string): Promise<AuditAppendResult> {
  const stored = await readAuditHead(tx.sql, deviceId, tx.forUpdate);
  if (!stored) throw new StorageError('not_found', 'no such device');
  const known = new Set(
    parseRows(
      hashRow,
      await selectIn(
        events.map((event) => event.hash),
        (list, chunk) => tx.sql.all(`SELECT hash FROM audit_events WHERE device_id = ? AND hash IN (${list})`, [deviceId, ...chunk]),
      ),
      'audit hash',
    ).map((row) => row.hash),
  );
  let count = stored.count;
  let head = stored.lastHash;
  let duplicates = 0;
  const rows: (string | number)[][] = [];
  for (const [index, event] of events.entries()) {
    if (known.has(event.hash)) {
      duplicates += 1;
      continue;
    }
    if (event.prevHash !== head) throw new AuditChainError(index, stored.lastHash, count + 1);
    count += 1;
    rows.push([deviceId, count, event.eventId, event.hash, event.prevHash, cipher.seal('audit_events.event', `${deviceId}/${count}`, JSON.stringify(event)), now]);
    known.add(event.hash);
    head = event.hash;
  }
  await insertRows(tx.sql, 'audit_events', ['device_id', 'position', 'event_id', 'hash', 'prev_hash', 'event', 'received_at'], rows);
  await tx.sql.run('UPDATE devices SET audit_count = ?, audit_last_hash = ? WHERE device_id = ?', [count, head, deviceId]);
  return { accepted: rows.length, duplicates, lastHash: head };
}
