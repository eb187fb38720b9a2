import { outcomeEscalates } from '../../../shared/review-template/escalation';
import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import type { ReviewRecord } from '../../sync/sync-records';
import { momentWords } from '../../ui/moment-words';

/**
 * Tells the reviewer that an outcome escalated and whether a lead has
 * acknowledged it (by whom, when), as the endpoint last reported; an
 * escalating outcome not sent yet is said to go ahead of the others.
 */
export function EscalationNote({ review, template }: { review: ReviewRecord | null; template: TemplateDefinition }) {
  const escalation = review?.server?.escalation ?? null;
  if (escalation) {
    const acknowledged = escalation.acknowledgedAt !== null;
    return (
      <p className={acknowledged ? 'escalation-note' : 'escalation-note warning'} data-testid="escalation-status" data-acknowledged={String(acknowledged)}>
        {acknowledged
          ? `Escalated · acknowledged by ${escalation.acknowledgedBy ?? 'a lead'} at ${momentWords(escalation.acknowledgedAt!)}`
          : `Escalated ${momentWords(escalation.escalatedAt)} · awaiting acknowledgement`}
      </p>
    );
  }
  if (review?.pending && outcomeEscalates(template, review.pending.answers)) {
    return (
      <p className="escalation-note warning" data-testid="escalation-status" data-acknowledged="false">
        Escalates · it will be sent ahead of your other outcomes
      </p>
    );
  }
  return null;
}
