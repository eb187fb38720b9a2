import type { QcDecision } from '../../shared/sync-protocol/pull';
import type { ReviewRecord, ReviewVersionSeen } from './sync-records';

/**
 * The version history of a case's review, kept sealed in its review record.
 * The endpoint sends only a review's current state, so the history is what
 * this device saw as the versions arrived: each time a record is sealed, the
 * endpoint's version it holds (and a conflict's current one) joins the
 * history, and a lead's decision is filed under the version it was made on.
 */
export function withVersionHistory(record: ReviewRecord): ReviewRecord {
  const history = reviewVersionHistory(record);
  const unchanged =
    record.history !== undefined &&
    record.history.length === history.length &&
    record.history.every((seen, index) => seen === history[index]);
  return unchanged ? record : { ...record, history };
}

/** Every version known for the record, oldest first: its stored history with what it holds now folded in. */
export function reviewVersionHistory(record: ReviewRecord): ReviewVersionSeen[] {
  const byVersion = new Map<number, ReviewVersionSeen>((record.history ?? []).map((seen) => [seen.version, seen]));
  const see = (version: Omit<ReviewVersionSeen, 'qc'>, qc: QcDecision | null) => {
    const known = byVersion.get(version.version);
    const next: ReviewVersionSeen = {
      version: version.version,
      reviewerId: version.reviewerId,
      submittedAt: version.submittedAt,
      templateVersion: version.templateVersion,
      qc: qc ?? known?.qc ?? null,
    };
    if (!known || !sameVersion(known, next)) byVersion.set(next.version, next);
  };
  const conflictCurrent = record.conflict?.current;
  if (conflictCurrent) see(conflictCurrent, null);
  const server = record.server;
  if (server) {
    const decidedHere = server.qc && server.qc.reviewVersion === server.version ? server.qc : null;
    see(server, decidedHere);
    // A decision on an earlier version (the endpoint kept it after an amendment) files under that version.
    const decidedEarlier = server.qc && !decidedHere ? byVersion.get(server.qc.reviewVersion) : undefined;
    if (decidedEarlier && server.qc) see(decidedEarlier, server.qc);
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

function sameVersion(a: ReviewVersionSeen, b: ReviewVersionSeen): boolean {
  return (
    a.reviewerId === b.reviewerId &&
    a.submittedAt === b.submittedAt &&
    a.templateVersion === b.templateVersion &&
    (a.qc === b.qc || (a.qc !== null && b.qc !== null && a.qc.decision === b.qc.decision && a.qc.comment === b.qc.comment && a.qc.decidedAt === b.qc.decidedAt && a.qc.leadId === b.qc.leadId))
  );
}
