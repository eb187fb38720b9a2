import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import type { TemplateDefinition } from '../../shared/review-template/template-definition';
import type { OutcomeAnswers } from '../../shared/review-template/validate-outcome';
import type { SeededRandom } from '../../shared/synthetic-cases/seeded-random';

/**
 * The findings proofs' world: a template change between version 1 and 2,
 * outcomes drawn from a seeded generator, and the truth about them counted
 * plainly, outcome by outcome, never by calling the findings module.
 */

/** Version 2 of the template: urgency gains an option and the confidence question is relabelled. */
export const TEMPLATE_V2: TemplateDefinition = {
  ...DEFAULT_CSE_REVIEW_TEMPLATE,
  fields: DEFAULT_CSE_REVIEW_TEMPLATE.fields.map((field) => {
    if (field.id === 'urgency' && field.type === 'single_choice') return { ...field, options: [...field.options, { value: 'within_24h', label: 'Within 24 hours' }] };
    if (field.id === 'reviewer_confidence') return { ...field, label: 'Confidence in the finding' };
    return field;
  }),
};
export const CHANGED_IN_V2 = ['urgency', 'reviewer_confidence'] as const;

/** What the truth is counted from: an outcome's template version and answers. */
export interface CountedOutcome {
  readonly templateVersion: number;
  readonly answers: OutcomeAnswers;
}

/** Valid answers of the given version, drawn from a seeded generator; optional questions sometimes left out. */
export function drawAnswers(random: SeededRandom, template: TemplateDefinition): OutcomeAnswers {
  const answers: Record<string, OutcomeAnswers[string]> = {};
  for (const field of template.fields) {
    if (field.type === 'single_choice') answers[field.id] = random.pick(field.options).value;
    if (field.type === 'multiple_choice') {
      const chosen = field.options.filter(() => random.next() < 0.4).map((option) => option.value);
      if (chosen.length > 0) answers[field.id] = chosen;
    }
    if (field.type === 'number') answers[field.id] = random.integer(0, 14);
  }
  if (answers.recommendation !== 'no_further_action' || random.next() < 0.5) answers.rationale = 'Seeded rationale for a fictional case.';
  return answers;
}

function percent(count: number, total: number): string {
  return total === 0 ? '0.0%' : `${((count / total) * 100).toFixed(1)}%`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The truth, counted plainly: per field (per version where it changed), every option's count and share, or the number figures. */
export function expectedFields(kept: readonly CountedOutcome[]) {
  const expected = new Map<string, { outcomes: number; answered: number; rows: { key: string; count: string; share: string }[] | null; min?: number; median?: number; max?: number; histogramTotal?: number }>();
  const templates: Record<number, TemplateDefinition> = { 1: DEFAULT_CSE_REVIEW_TEMPLATE, 2: TEMPLATE_V2 };
  for (const fieldId of DEFAULT_CSE_REVIEW_TEMPLATE.fields.map((field) => field.id)) {
    const groups = (CHANGED_IN_V2 as readonly string[]).includes(fieldId) ? [[1], [2]] : [[1, 2]];
    for (const versions of groups) {
      const field = templates[versions[versions.length - 1]!]!.fields.find((candidate) => candidate.id === fieldId)!;
      const scoped = kept.filter((outcome) => versions.includes(outcome.templateVersion));
      const answerOf = (outcome: CountedOutcome) => outcome.answers[fieldId];
      const key = `cse-review:${fieldId}:v${versions.join('+')}`;
      if (field.type === 'single_choice' || field.type === 'multiple_choice') {
        const chose = (outcome: CountedOutcome, value: string) => {
          const answer = answerOf(outcome);
          return Array.isArray(answer) ? answer.includes(value) : answer === value;
        };
        const answered = scoped.filter((outcome) => field.options.some((option) => chose(outcome, option.value))).length;
        expected.set(key, {
          outcomes: scoped.length,
          answered,
          rows: [
            ...field.options.map((option) => {
              const count = scoped.filter((outcome) => chose(outcome, option.value)).length;
              return { key: option.value, count: String(count), share: percent(count, scoped.length) };
            }),
            { key: '(none)', count: String(scoped.length - answered), share: percent(scoped.length - answered, scoped.length) },
          ],
        });
      } else if (field.type === 'number') {
        const values = scoped.map(answerOf).filter((answer): answer is number => typeof answer === 'number');
        expected.set(key, {
          outcomes: scoped.length,
          answered: values.length,
          rows: null,
          ...(values.length > 0 ? { min: Math.min(...values), median: median(values), max: Math.max(...values), histogramTotal: values.length } : {}),
        });
      } else {
        expected.set(key, { outcomes: scoped.length, answered: scoped.filter((outcome) => typeof answerOf(outcome) === 'string').length, rows: null });
      }
    }
  }
  return expected;
}


/** One report's figures as an export states them, all as text, so CSV and XLSX compare alike. */
export interface ExportedReport {
  readonly answered: string;
  readonly rows: readonly { readonly count: string; readonly share: string }[] | null;
  readonly min?: string;
  readonly median?: string;
  readonly max?: string;
}

/** Reads findings.csv / findings.xlsx records (header first) back into figures per report key. */
export function exportedFigures(records: readonly (readonly string[])[]): { header: readonly string[]; reports: Map<string, ExportedReport> } {
  const [header, ...rows] = records;
  const grouped = new Map<string, { figure: string; item: string; value: string; share: string }[]>();
  for (const [template, versions, , fieldId, , figure, item, value, share] of rows) {
    const key = `${template}:${fieldId}:v${versions}`;
    grouped.set(key, [...(grouped.get(key) ?? []), { figure: figure!, item: item!, value: value!, share: share! }]);
  }
  const reports = new Map<string, ExportedReport>();
  for (const [key, group] of grouped) {
    const choices = group.filter((row) => row.figure === 'option' || row.figure === 'none chosen');
    const statistic = (item: string) => group.find((row) => row.figure === 'statistic' && row.item === item)?.value;
    reports.set(key, {
      answered: group.find((row) => row.figure === 'answered')?.value ?? '',
      rows: choices.length === 0 ? null : choices.map((row) => ({ count: row.value, share: row.share })),
      ...(statistic('Minimum') === undefined ? {} : { min: statistic('Minimum'), median: statistic('Median'), max: statistic('Maximum') }),
    });
  }
  return { header: header ?? [], reports };
}

/** The same shape, from the truth counted by expectedFields. */
export function expectedExportFigures(kept: readonly CountedOutcome[]): Map<string, ExportedReport> {
  return new Map(
    [...expectedFields(kept)].map(([key, truth]) => [
      key,
      {
        answered: String(truth.answered),
        rows: truth.rows?.map((row) => ({ count: row.count, share: row.share })) ?? null,
        ...(truth.min === undefined ? {} : { min: String(truth.min), median: String(truth.median), max: String(truth.max) }),
      },
    ]),
  );
}

/** The first sheet of a workbook as rows of text. */
export async function workbookRecords(bytes: Uint8Array): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  const records: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => records.push((row.values as unknown[]).slice(1).map((cell) => (cell === null || cell === undefined ? '' : String(cell)))));
  return records;
}
