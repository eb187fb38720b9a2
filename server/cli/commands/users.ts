import type { Role } from '../../storage/storage';
import { checkId, optionalString, parseOptions, requiredString, UsageError, withStorage, type CliIo } from '../cli-io';

export const USERS_USAGE = 'users add USER_ID --name NAME --role reviewer|lead|admin [--team TEAM_ID] | users list | users deactivate USER_ID';
export const TEAMS_USAGE = 'teams add TEAM_ID --name NAME --lead USER_ID | teams list';

const ROLES: readonly Role[] = ['reviewer', 'lead', 'admin'];

export async function runUsers(args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') {
    const { values } = parseOptions(rest, {}, { min: 0, max: 0, names: '' });
    await withStorage(values, async (storage) => {
      for (const user of await storage.listUsers()) {
        io.out(`${user.userId}  ${user.role}  ${user.teamId ?? '-'}  ${user.deactivatedAt ? `DEACTIVATED ${user.deactivatedAt}` : 'active'}  ${user.displayName}`);
      }
    });
    return;
  }
  if (action === 'deactivate') {
    const { values, positionals } = parseOptions(rest, {}, { min: 1, max: 1, names: 'a user id' });
    const userId = checkId(positionals[0]!, 'the user id');
    await withStorage(values, async (storage) => {
      const deactivated = await storage.deactivateUser(userId, new Date().toISOString());
      io.out(
        deactivated
          ? `User ${userId} deactivated: their devices get 401 user_deactivated and erase their data; their unused enrolment codes are revoked`
          : `User ${userId} was already deactivated`,
      );
    });
    return;
  }
  if (action !== 'add') throw new UsageError('expected "users add", "users list" or "users deactivate"');
  const { values, positionals } = parseOptions(rest, { name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' } }, { min: 1, max: 1, names: 'a user id' });
  const userId = checkId(positionals[0]!, 'the user id');
  const role = requiredString(values, 'role') as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const displayName = requiredString(values, 'name');
  if (displayName.length > 120) throw new UsageError('--name is at most 120 characters');
  const teamId = optionalString(values, 'team');
  await withStorage(values, async (storage) => {
    await storage.addUser({ userId, displayName, role, teamId: teamId ? checkId(teamId, '--team') : null }, new Date().toISOString());
    io.out(`User ${userId} added as ${role}`);
  });
}

export async function runTeams(args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list' || action === undefined) {
    const { values } = parseOptions(rest, {}, { min: 0, max: 0, names: '' });
    await withStorage(values, async (storage) => {
      const teams = await storage.listTeams();
      if (teams.length === 0) io.out('No teams.');
      for (const team of teams) io.out(`${team.teamId}  lead ${team.leadId}  members ${team.memberIds.join(', ') || '-'}  ${team.name}`);
    });
    return;
  }
  if (action !== 'add') throw new UsageError('expected "teams add" or "teams list"');
  const { values, positionals } = parseOptions(rest, { name: { type: 'string' }, lead: { type: 'string' } }, { min: 1, max: 1, names: 'a team id' });
  const teamId = checkId(positionals[0]!, 'the team id');
  const name = requiredString(values, 'name');
  const leadId = checkId(requiredString(values, 'lead'), '--lead');
  await withStorage(values, async (storage) => {
    await storage.addTeam({ teamId, name, leadId }, new Date().toISOString());
    io.out(`Team ${teamId} added, led by ${leadId}`);
  });
}
