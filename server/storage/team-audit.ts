import { z } from 'zod';
import { auditEventSchema } from '../../shared/sync-protocol/audit';
import type { TeamAuditChainStatus, TeamAuditDevice } from '../../shared/sync-protocol/team-audit';
import type { FieldCipher } from './field-cipher';
import type { SqlExecutor } from './sql-driver';
import { parseJsonColumn, parseRow, parseRows, sqlInteger, sqlNullableText, sqlText } from './sql-row';
import type { TeamAuditPage } from './storage';

/**
 * The team lead's view of the audit trail (#9): the devices of the teams a
 * lead leads, today, with where each chain stands, and each device's events
 * in chain order. Membership is read at every request, so a reviewer who moves
 * team is seen by the new lead, and no longer by the old one.
 */

const TEAM_DEVICES = `devices d JOIN users u ON u.user_id = d.user_id
  WHERE u.team_id IN (SELECT team_id FROM teams WHERE lead_id = ?)`;

const chainRow = z.object({
  device_id: sqlText,
  user_id: sqlText,
  name: sqlText,
  revoked_at: sqlNullableText,
  audit_count: sqlInteger,
  audit_last_hash: sqlText,
  audit_refused_position: sqlInteger.nullable(),
  audit_refused_at: sqlNullableText,
});
const eventRow = z.object({ position: sqlInteger, event: sqlText, received_at: sqlText });
const ownerRow = z.object({ user_id: sqlText });

function chainStatus(row: z.infer<typeof chainRow>): TeamAuditChainStatus {
  // Held events were checked on receipt; a refusal counts until the chain has been continued past it.
  if (row.audit_refused_position !== null && row.audit_refused_at !== null && row.audit_refused_position > row.audit_count) {
    return { state: 'broken', verifiedThrough: row.audit_count, brokenAt: row.audit_refused_position, refusedAt: row.audit_refused_at };
  }
  return row.audit_count > 0 ? { state: 'verified', verifiedThrough: row.audit_count } : { state: 'never-uploaded' };
}

/** Every device of the lead's teams (revoked ones too: their trail still counts), by user then enrolment. */
export async function listTeamAuditChains(db: SqlExecutor, leadId: string): Promise<TeamAuditDevice[]> {
  const rows = parseRows(
    chainRow,
    await db.all(
      `SELECT d.device_id, d.user_id, d.name, d.revoked_at, d.audit_count, d.audit_last_hash, d.audit_refused_position, d.audit_refused_at
         FROM ${TEAM_DEVICES} ORDER BY d.user_id, d.enrolled_at, d.device_id`,
      [leadId],
    ),
    'team audit chain',
  );
  return rows.map((row) => ({
    deviceId: row.device_id,
    userId: row.user_id,
    deviceName: row.name.slice(0, 200),
    revoked: row.revoked_at !== null,
    eventCount: row.audit_count,
    lastHash: row.audit_last_hash,
    chain: chainStatus(row),
  }));
}

/**
 * One device's events after chain position `after`, at most `limit`; null
 * when the device is not in one of the lead's teams (or does not exist: the
 * two are not told apart).
 */
export async function readTeamAuditEvents(
  db: SqlExecutor,
  cipher: FieldCipher,
  leadId: string,
  deviceId: string,
  after: number,
  limit: number,
): Promise<TeamAuditPage | null> {
  const owner = (await db.all(`SELECT d.user_id FROM ${TEAM_DEVICES} AND d.device_id = ?`, [leadId, deviceId]))[0];
  if (!owner) return null;
  const { user_id: userId } = parseRow(ownerRow, owner, 'team audit device');
  const rows = parseRows(
    eventRow,
    await db.all('SELECT position, event, received_at FROM audit_events WHERE device_id = ? AND position > ? ORDER BY position LIMIT ?', [deviceId, after, limit + 1]),
    'audit event',
  );
  const events = rows.slice(0, limit).map((row) => ({
    position: row.position,
    receivedAt: row.received_at,
    event: parseJsonColumn(auditEventSchema, cipher.open('audit_events.event', `${deviceId}/${row.position}`, row.event), 'audit event'),
  }));
  return { userId, events, hasMore: rows.length > limit };
}

/** Notes that the device's upload did not continue its chain at `position` (kept until the chain passes it). */
export async function recordAuditRefusal(db: SqlExecutor, deviceId: string, position: number, now: string): Promise<void> {
  await db.run('UPDATE devices SET audit_refused_position = ?, audit_refused_at = ? WHERE device_id = ?', [position, now, deviceId]);
}
