import { enrolmentCodeSchema } from '../../../shared/sync-protocol/enrol';
import { createEnrolmentCode, sha256Hex } from '../../http/device-credentials';
import type { AdminStorage } from '../../storage/storage';
import { checkId, CommandFailed, parseOptions, UsageError, withStorage, type CliIo } from '../cli-io';

export const ENROL_USAGE =
  'enrol USER_ID [--json]   print a one-time enrolment code (valid 24 hours; --json: {"userId","code","expiresAt"}) | enrol --revoke CODE|USER_ID   revoke one unused code, or all of a user\'s';
export const ENROLMENT_CODE_HOURS = 24;

export async function issueEnrolmentCode(storage: AdminStorage, userId: string): Promise<{ code: string; expiresAt: string }> {
  if (!(await storage.getUser(userId))) throw new CommandFailed(`no user ${userId}`);
  const code = createEnrolmentCode();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_HOURS * 3_600_000).toISOString();
  await storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId, expiresAt }, now.toISOString());
  return { code, expiresAt };
}

/** `--revoke X`: X is a code when it has a code's shape (16 Crockford characters), else a user id. */
async function revokeCodes(values: Record<string, string | boolean | undefined>, target: string, io: CliIo): Promise<void> {
  const asCode = enrolmentCodeSchema.safeParse(target.toUpperCase());
  await withStorage(values, async (storage) => {
    const now = new Date().toISOString();
    if (asCode.success) {
      const revoked = await storage.revokeEnrolmentCodes({ codeHash: sha256Hex(asCode.data) }, now);
      if (revoked === 0) throw new CommandFailed('no unused enrolment code matches');
      io.out('Enrolment code revoked');
      return;
    }
    const userId = checkId(target, 'the user id');
    if (!(await storage.getUser(userId))) throw new CommandFailed(`no user ${userId}`);
    const revoked = await storage.revokeEnrolmentCodes({ userId }, now);
    io.out(`${revoked} unused enrolment code${revoked === 1 ? '' : 's'} of ${userId} revoked`);
  });
}

export async function runEnrol(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' }, revoke: { type: 'string' } }, { min: 0, max: 1, names: 'a user id' });
  if (typeof values.revoke === 'string') {
    if (positionals.length > 0) throw new UsageError('--revoke takes a code or a user id, and nothing else');
    await revokeCodes(values, values.revoke.trim(), io);
    return;
  }
  if (positionals.length !== 1) throw new UsageError('expected a user id');
  const userId = checkId(positionals[0]!, 'the user id');
  await withStorage(values, async (storage) => {
    const { code, expiresAt } = await issueEnrolmentCode(storage, userId);
    if (values.json === true) {
      io.out(JSON.stringify({ userId, code, expiresAt }));
      return;
    }
    io.out(`Enrolment code for ${userId}: ${code}`);
    io.out(`Single use; expires ${expiresAt}. It is not stored in clear: note it now.`);
  });
}
