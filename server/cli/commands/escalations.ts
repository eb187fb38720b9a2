import type { EscalationRecord } from '../../storage/storage';
import { optionalString, parseOptions, UsageError, withStorage, type CliIo } from '../cli-io';

export const ESCALATIONS_USAGE = 'escalations list [--older-than DURATION (e.g. 30m, 2h, 1d)] [--all] [--json]';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `2h`, `1d` (and combinations such as `1h30m`) as milliseconds. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d{1,6})([smhd])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) throw new UsageError(`--older-than: "${text.slice(0, 20)}" is not a duration such as 30m, 2h or 1d`);
  return parts.reduce((total, part) => total + Number(part[1]) * UNIT_MS[part[2]!]!, 0);
}

/** An age in whole minutes, as `3d 4h 12m`. */
export function formatAge(milliseconds: number): string {
  const minutes = Math.max(0, Math.floor(milliseconds / 60_000));
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  const words = [days > 0 ? `${days}d` : '', days > 0 || hours > 0 ? `${hours}h` : '', `${minutes % 60}m`];
  return words.filter(Boolean).join(' ');
}

/**
 * Lists escalations for an office without the app open (#13): by default
 * those no lead has acknowledged, optionally only those older than a
 * threshold; `--all` adds the acknowledged ones. Ids and times only: the
 * case's text never reaches a terminal, a log or a mail a cron job sends.
 */
export async function runEscalations(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'list') throw new UsageError('expected "escalations list"');
  const { values } = parseOptions(rest, { 'older-than': { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const olderThan = optionalString(values, 'older-than');
  const threshold = olderThan === undefined ? undefined : parseDuration(olderThan);
  if (values.all === true && threshold !== undefined) throw new UsageError('--all lists every escalation; --older-than is for unacknowledged ones');
  const at = now();
  await withStorage(values, async (storage) => {
    const listed = await storage.listEscalations({
      unacknowledgedOnly: values.all !== true,
      ...(threshold === undefined ? {} : { escalatedBefore: new Date(at.getTime() - threshold).toISOString() }),
    });
    const ageOf = (entry: EscalationRecord) => at.getTime() - Date.parse(entry.escalatedAt);
    if (values.json === true) {
      io.out(JSON.stringify(listed.map((entry) => ({ ...entry, ageMinutes: Math.floor(ageOf(entry) / 60_000) }))));
      return;
    }
    if (listed.length === 0) {
      io.out(values.all === true ? 'No escalations.' : `No unacknowledged escalations${olderThan === undefined ? '' : ` older than ${olderThan}`}.`);
      return;
    }
    for (const entry of listed) {
      const state = entry.acknowledgedAt ? `acknowledged by ${entry.acknowledgedBy} at ${entry.acknowledgedAt}` : 'NOT ACKNOWLEDGED';
      io.out(`${entry.caseId}  batch ${entry.batchId ?? '(none)'}  reviewer ${entry.reviewerId}  escalated ${entry.escalatedAt}  age ${formatAge(ageOf(entry))}  ${state}`);
    }
  });
}
