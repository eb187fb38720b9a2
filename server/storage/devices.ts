import { z } from 'zod';
import { GENESIS_HASH } from '../../shared/sync-protocol/audit';
import { readUser } from './people';
import type { SqlExecutor } from './sql-driver';
import { parseRow, parseRows, sqlNullableText, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';
import { StorageError, type Device, type NewDevice, type User } from './storage';

const deviceRow = z
  .object({
    device_id: sqlText,
    user_id: sqlText,
    role: z.enum(['reviewer', 'lead', 'admin']),
    name: sqlText,
    token_hash: sqlText,
    enrolled_at: sqlText,
    last_seen_at: sqlText,
    revoked_at: sqlNullableText,
    user_deactivated_at: sqlNullableText,
    token_issued_at: sqlNullableText,
    next_token_hash: sqlNullableText,
    next_token_issued_at: sqlNullableText,
  })
  .transform(
    (row): Device => ({
      deviceId: row.device_id,
      userId: row.user_id,
      role: row.role,
      name: row.name,
      tokenHash: row.token_hash,
      enrolledAt: row.enrolled_at,
      lastSeenAt: row.last_seen_at,
      revokedAt: row.revoked_at,
      userDeactivatedAt: row.user_deactivated_at,
      tokenIssuedAt: row.token_issued_at ?? row.enrolled_at,
      nextTokenHash: row.next_token_hash,
      nextTokenIssuedAt: row.next_token_issued_at,
    }),
  );
const redeemedRow = z.object({ user_id: sqlText });

const DEVICE_SQL = `SELECT d.device_id, d.user_id, u.role, d.name, d.token_hash, d.enrolled_at, d.last_seen_at, d.revoked_at,
    u.deactivated_at AS user_deactivated_at, d.token_issued_at, d.next_token_hash, d.next_token_issued_at
  FROM devices d JOIN users u ON u.user_id = d.user_id`;

export async function createEnrolmentCode(db: SqlExecutor, code: { codeHash: string; userId: string; expiresAt: string }, now: string): Promise<void> {
  if (!(await readUser(db, code.userId))) throw new StorageError('invalid_reference', `no user ${code.userId}`);
  await db.run('INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [code.codeHash, code.userId, now, code.expiresAt]);
}

/** Uses up an unexpired, unused code and enrols the device; null when the code is no good. */
export async function redeemEnrolmentCode(tx: StorageTransaction, codeHash: string, device: NewDevice, now: string): Promise<User | null> {
  // Revoked codes and codes of a deactivated user are no good, as if unknown.
  const used = await tx.sql.all(
    `UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
       AND user_id IN (SELECT user_id FROM users WHERE deactivated_at IS NULL) RETURNING user_id`,
    [now, codeHash, now],
  );
  if (used.length === 0) return null;
  const { user_id: userId } = parseRow(redeemedRow, used[0]!, 'enrolment code');
  await tx.sql.run(
    `INSERT INTO devices (device_id, user_id, name, public_key, token_hash, token_issued_at, enrolled_at, last_seen_at, audit_last_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [device.deviceId, userId, device.name, device.publicKey, device.tokenHash, now, now, now, GENESIS_HASH],
  );
  return readUser(tx.sql, userId);
}

export async function readDevice(db: SqlExecutor, deviceId: string): Promise<Device | null> {
  const row = (await db.all(`${DEVICE_SQL} WHERE d.device_id = ?`, [deviceId]))[0];
  return row ? parseRow(deviceRow, row, 'device') : null;
}

/** The public key (JWK JSON text) a device registered at enrolment, revoked or not. */
export async function readDevicePublicKey(db: SqlExecutor, deviceId: string): Promise<string | null> {
  const row = (await db.all('SELECT public_key FROM devices WHERE device_id = ?', [deviceId]))[0];
  return row ? z.string().parse(row.public_key) : null;
}

export async function touchDevice(db: SqlExecutor, deviceId: string, now: string): Promise<void> {
  // At most one write a minute per device: last-seen is coarse on purpose.
  const aMinuteAgo = new Date(Date.parse(now) - 60_000).toISOString();
  await db.run('UPDATE devices SET last_seen_at = ? WHERE device_id = ? AND last_seen_at < ?', [now, deviceId, aMinuteAgo]);
}

export async function listDevices(db: SqlExecutor): Promise<Device[]> {
  return parseRows(deviceRow, await db.all(`${DEVICE_SQL} ORDER BY d.enrolled_at, d.device_id`), 'device');
}

export async function revokeDevice(db: SqlExecutor, deviceId: string, now: string): Promise<boolean> {
  const changed = await db.run('UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', [now, deviceId]);
  return changed.changes > 0;
}

/** Revokes unused enrolment codes: one by hash, or all of a user's. Returns how many. */
export async function revokeEnrolmentCodes(db: SqlExecutor, which: { codeHash: string } | { userId: string }, now: string): Promise<number> {
  const [column, value] = 'codeHash' in which ? ['code_hash', which.codeHash] : ['user_id', which.userId];
  const changed = await db.run(`UPDATE enrolment_codes SET revoked_at = ? WHERE ${column} = ? AND used_at IS NULL AND revoked_at IS NULL`, [now, value]);
  return changed.changes;
}

export async function startTokenRotation(db: SqlExecutor, deviceId: string, nextTokenHash: string, now: string): Promise<void> {
  await db.run('UPDATE devices SET next_token_hash = ?, next_token_issued_at = ? WHERE device_id = ? AND revoked_at IS NULL', [nextTokenHash, now, deviceId]);
}

/** Promotes the pending token, only if it is still the one presented (a concurrent rotate may have replaced it). */
export async function completeTokenRotation(db: SqlExecutor, deviceId: string, nextTokenHash: string): Promise<void> {
  await db.run(
    `UPDATE devices SET token_hash = next_token_hash, token_issued_at = next_token_issued_at, next_token_hash = NULL, next_token_issued_at = NULL
     WHERE device_id = ? AND next_token_hash = ?`,
    [deviceId, nextTokenHash],
  );
}
