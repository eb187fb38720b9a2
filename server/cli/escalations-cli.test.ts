import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateOutcome } from '../../shared/review-template/validate-outcome';
import type { Mutation } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { mutationContentHash } from '../sync/mutation-content-hash';
import { openKeyedStorage } from '../test-support/keyed-storage';
import { seedReviewWorld, VALID_ANSWERS } from '../test-support/seed-review-world';
import { formatAge, parseDuration } from './commands/escalations';
import { runCli } from './run-cli';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

const HOUR = 3_600_000;

describe('CLI: escalations list', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-cli-escalations-'));
  const database = path.join(directory, 'casedesk.sqlite');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('names the unacknowledged escalation older than the threshold, not the acknowledged or the recent one, and no case text', async () => {
    expect(await runCli(['init', '--db', database], capture().io)).toBe(0);
    const storage = openKeyedStorage(database);
    const caseText: string[] = [];
    let caseIds: string[] = [];
    try {
      caseIds = (await seedReviewWorld(storage)).batches.alice!;
      for (const caseId of caseIds) {
        const file = (await storage.getCase(caseId))!;
        caseText.push(file.reference, file.summary);
      }
      for (const userId of ['alice', 'lead']) {
        await storage.createEnrolmentCode({ codeHash: `code-${userId}`, userId, expiresAt: '2999-01-01T00:00:00.000Z' }, new Date().toISOString());
        await storage.redeemEnrolmentCode(`code-${userId}`, { deviceId: `dev-${userId}`, name: 'laptop', publicKey: '{}', tokenHash: 'h' }, new Date().toISOString());
      }
      const apply = (mutation: Mutation, userId: string, hoursAgo: number) =>
        storage.applyMutation({ mutation, userId, deviceId: `dev-${userId}`, contentHash: mutationContentHash(mutation), now: new Date(Date.now() - hoursAgo * HOUR).toISOString(), checkAnswers: validateOutcome });
      const immediate = (caseId: string): Mutation => ({
        mutationId: createUuidV7(),
        type: 'review.submit',
        caseId,
        baseVersion: 0,
        payload: { templateId: 'cse-review', templateVersion: 1, answers: { ...VALID_ANSWERS, urgency: 'immediate' } },
      });
      await apply(immediate(caseIds[0]!), 'alice', 3);
      await apply(immediate(caseIds[1]!), 'alice', 3);
      await apply(immediate(caseIds[2]!), 'alice', 0.5);
      const acknowledged = await apply({ mutationId: createUuidV7(), type: 'escalation.acknowledge', caseId: caseIds[1]!, baseVersion: 1, payload: {} }, 'lead', 1);
      expect(acknowledged).toMatchObject({ status: 'applied' });
    } finally {
      await storage.close();
    }

    const old = capture();
    expect(await runCli(['escalations', 'list', '--older-than', '2h', '--db', database], old.io)).toBe(0);
    expect(old.lines.out).toHaveLength(1);
    expect(old.lines.out[0]).toMatch(new RegExp(`^${caseIds[0]}  batch batch-alice  reviewer alice  escalated \\S+  age 3h 0m  NOT ACKNOWLEDGED$`));

    const open = capture();
    expect(await runCli(['escalations', 'list', '--db', database], open.io)).toBe(0);
    expect(open.lines.out.map((line) => line.split('  ')[0])).toEqual([caseIds[0], caseIds[2]]);

    const all = capture();
    expect(await runCli(['escalations', 'list', '--all', '--json', '--db', database], all.io)).toBe(0);
    const listed = JSON.parse(all.lines.out[0]!) as { caseId: string; acknowledgedBy: string | null }[];
    expect(listed.map((entry) => [entry.caseId, entry.acknowledgedBy])).toEqual([
      [caseIds[0], null],
      [caseIds[1], 'lead'],
      [caseIds[2], null],
    ]);

    const none = capture();
    expect(await runCli(['escalations', 'list', '--older-than', '1d', '--db', database], none.io)).toBe(0);
    expect(none.lines.out).toEqual(['No unacknowledged escalations older than 1d.']);

    const printed = [old, open, all, none].flatMap((run) => [...run.lines.out, ...run.lines.err]).join('\n');
    for (const text of caseText) expect(printed).not.toContain(text);
    const wrong = capture();
    expect(await runCli(['escalations', 'list', '--older-than', 'two hours', '--db', database], wrong.io)).toBe(2);
    expect(wrong.lines.err[0]).toMatch(/not a duration/);
  }, 30_000);

  it('reads durations and prints ages in days, hours and minutes', () => {
    expect(parseDuration('2h')).toBe(2 * HOUR);
    expect(parseDuration('1h30m')).toBe(1.5 * HOUR);
    expect(parseDuration('1d')).toBe(24 * HOUR);
    expect(() => parseDuration('2')).toThrow(/not a duration/);
    expect(() => parseDuration('2h ')).toThrow(/not a duration/);
    expect(formatAge(3 * HOUR + 59_999)).toBe('3h 0m');
    expect(formatAge(26 * HOUR + 12 * 60_000)).toBe('1d 2h 12m');
    expect(formatAge(5 * 60_000)).toBe('5m');
  });
});
