import { createEnrolmentCode, sha256Hex } from '../../http/device-credentials';
import type { AdminStorage } from '../../storage/storage';
import { checkId, CommandFailed, parseOptions, withStorage, type CliIo } from '../cli-io';

export const ENROL_USAGE = 'enrol USER_ID [--json]   print a one-time enrolment code (valid 24 hours; --json: {"userId","code","expiresAt"})';
export const ENROLMENT_CODE_HOURS = 24;

export async function issueEnrolmentCode(storage: AdminStorage, userId: string): Promise<{ code: string; expiresAt: string }> {
  if (!(await storage.getUser(userId))) throw new CommandFailed(`no user ${userId}`);
  const code = createEnrolmentCode();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_HOURS * 3_600_000).toISOString();
  await storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId, expiresAt }, now.toISOString());
  return { code, expiresAt };
}

export async function runEnrol(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'a user id' });
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
