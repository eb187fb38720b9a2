import { answerForReading } from '../review-template/answer-words';
import type { ExportInput, ExportedOutcome } from './export-input';
import { neutraliseSpreadsheetText, type SpreadsheetCell } from './spreadsheet-cell';

/**
 * The one table behind outcomes.csv and outcomes.xlsx: a row per case, the
 * review's facts first, then a column per template field in template order.
 * Every text cell is neutralised here, once, so neither writer can forget.
 */
export interface OutcomeTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly SpreadsheetCell[])[];
}

export type ExportInputProblem =
  /** An outcome answers another template (or version) than the export's. */
  | 'TemplateMismatch'
  /** A case is not approved, and the lead did not choose to export without QC (or it is returned). */
  | 'NotExportable'
  /** An outcome's batch is not one of the export's batches. */
  | 'BatchNotInExport'
  /** Nothing to export. */
  | 'NoOutcomes'
  /** The recipient or the justification is empty or too long (DPA 2018 s.62 wants both). */
  | 'DisclosureDetailsInvalid';

/** Carries a code and counts only: never a case's reference or answers. */
export class ExportInputError extends Error {
  constructor(
    readonly problem: ExportInputProblem,
    readonly count: number,
  ) {
    super(`Export refused: ${problem} (${count} outcome${count === 1 ? '' : 's'})`);
    this.name = 'ExportInputError';
  }
}

const REVIEW_COLUMNS = [
  'Case reference',
  'Case id',
  'Batch id',
  'Reviewer id',
  'Review version',
  'Review status',
  'Submitted at',
  'QC decision',
  'QC lead id',
  'QC decided at',
  'QC comment',
] as const;

/** Checks the outcomes fit the export (see ExportInputProblem) and orders them by batch, then case reference. */
export function exportableOutcomes(input: ExportInput): readonly ExportedOutcome[] {
  if (input.outcomes.length === 0) throw new ExportInputError('NoOutcomes', 0);
  const batchOrder = new Map(input.batches.map((batch, index) => [batch.batchId, index]));
  const refuse = (problem: ExportInputProblem, failing: (outcome: ExportedOutcome) => boolean) => {
    const count = input.outcomes.filter(failing).length;
    if (count > 0) throw new ExportInputError(problem, count);
  };
  refuse('BatchNotInExport', (outcome) => !batchOrder.has(outcome.batchId));
  refuse(
    'TemplateMismatch',
    ({ review }) => review.templateId !== input.template.templateId || review.templateVersion !== input.templateVersion,
  );
  refuse('NotExportable', ({ review }) => review.status === 'returned' || (review.status === 'submitted' && input.qcPolicy.requireApproval));
  return [...input.outcomes].sort(
    (a, b) => batchOrder.get(a.batchId)! - batchOrder.get(b.batchId)! || compareText(a.caseReference, b.caseReference) || compareText(a.caseId, b.caseId),
  );
}

export function buildOutcomeTable(input: ExportInput): OutcomeTable {
  const fields = input.template.fields;
  const header = [...REVIEW_COLUMNS, ...fields.map((field) => field.label)].map(neutraliseSpreadsheetText);
  const rows = exportableOutcomes(input).map(({ caseId, caseReference, batchId, review }) => {
    const cells: SpreadsheetCell[] = [
      caseReference,
      caseId,
      batchId,
      review.reviewerId,
      review.version,
      review.status,
      review.submittedAt,
      review.qc?.decision ?? '',
      review.qc?.leadId ?? '',
      review.qc?.decidedAt ?? '',
      review.qc?.comment ?? '',
      ...fields.map((field) => answerForReading(field, review.answers[field.id])),
    ];
    return cells.map((cell) => (typeof cell === 'string' ? neutraliseSpreadsheetText(cell) : cell));
  });
  return { header, rows };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
