import { z } from 'zod';
import type { SqlExecutor } from './sql-driver';
import { parseRow, parseRows, sqlNullableText, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';
import { StorageError, type Role, type Team, type User } from './storage';

const roleSchema = z.enum(['reviewer', 'lead', 'admin']);

const userRow = z
  .object({ user_id: sqlText, display_name: sqlText, role: roleSchema, team_id: sqlNullableText, deactivated_at: sqlNullableText })
  .transform(
    (row): User => ({ userId: row.user_id, displayName: row.display_name, role: row.role, teamId: row.team_id, deactivatedAt: row.deactivated_at }),
  );
const USER_COLUMNS = 'user_id, display_name, role, team_id, deactivated_at';

const teamRow = z.object({ team_id: sqlText, name: sqlText, lead_id: sqlText });
const memberRow = z.object({ user_id: sqlText, team_id: sqlText });

export async function addTeam(tx: StorageTransaction, team: { teamId: string; name: string; leadId: string }, now: string): Promise<void> {
  const lead = await readUser(tx.sql, team.leadId);
  if (!lead) throw new StorageError('invalid_reference', `no user ${team.leadId}`);
  if (lead.role !== 'lead') throw new StorageError('invalid_reference', `user ${team.leadId} is not a lead`);
  const inserted = await tx.sql.run(
    'INSERT INTO teams (team_id, name, lead_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (team_id) DO NOTHING',
    [team.teamId, team.name, team.leadId, now],
  );
  if (inserted.changes === 0) throw new StorageError('already_exists', `team ${team.teamId} exists`);
  await tx.sql.run('UPDATE users SET team_id = ? WHERE user_id = ?', [team.teamId, team.leadId]);
}

export async function listTeams(db: SqlExecutor): Promise<Team[]> {
  const teams = parseRows(teamRow, await db.all('SELECT team_id, name, lead_id FROM teams ORDER BY team_id'), 'team');
  const members = parseRows(memberRow, await db.all('SELECT user_id, team_id FROM users WHERE team_id IS NOT NULL ORDER BY user_id'), 'team member');
  return teams.map((row) => ({
    teamId: row.team_id,
    name: row.name,
    leadId: row.lead_id,
    memberIds: members.filter((member) => member.team_id === row.team_id).map((member) => member.user_id),
  }));
}

export async function addUser(tx: StorageTransaction, user: { userId: string; displayName: string; role: Role; teamId?: string | null }, now: string): Promise<void> {
  if (user.teamId && (await tx.sql.all('SELECT 1 FROM teams WHERE team_id = ?', [user.teamId])).length === 0) {
    throw new StorageError('invalid_reference', `no team ${user.teamId}`);
  }
  const inserted = await tx.sql.run(
    'INSERT INTO users (user_id, display_name, role, team_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING',
    [user.userId, user.displayName, user.role, user.teamId ?? null, now],
  );
  if (inserted.changes === 0) throw new StorageError('already_exists', `user ${user.userId} exists`);
}

export async function readUser(db: SqlExecutor, userId: string): Promise<User | null> {
  const row = (await db.all(`SELECT ${USER_COLUMNS} FROM users WHERE user_id = ?`, [userId]))[0];
  return row ? parseRow(userRow, row, 'user') : null;
}

/**
 * Ends a user's access: their devices are refused (`user_deactivated`) and
 * their unused enrolment codes revoked. False when already deactivated.
 */
export async function deactivateUser(tx: StorageTransaction, userId: string, now: string): Promise<boolean> {
  if (!(await readUser(tx.sql, userId))) throw new StorageError('not_found', `no user ${userId}`);
  const changed = await tx.sql.run('UPDATE users SET deactivated_at = ? WHERE user_id = ? AND deactivated_at IS NULL', [now, userId]);
  await tx.sql.run('UPDATE enrolment_codes SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL', [now, userId]);
  return changed.changes > 0;
}

export async function listUsers(db: SqlExecutor): Promise<User[]> {
  return parseRows(userRow, await db.all(`SELECT ${USER_COLUMNS} FROM users ORDER BY user_id`), 'user');
}

export async function listUserIds(db: SqlExecutor): Promise<string[]> {
  return (await listUsers(db)).map((user) => user.userId);
}

/** Throws unless the user exists and has one of `roles`; `what` names the part they would play. */
export async function requireRole(db: SqlExecutor, userId: string, roles: readonly Role[], what: string): Promise<void> {
  const user = await readUser(db, userId);
  if (!user) throw new StorageError('invalid_reference', `no user ${userId}`);
  if (!roles.includes(user.role)) throw new StorageError('invalid_reference', `user ${userId} cannot be the ${what}`);
}
