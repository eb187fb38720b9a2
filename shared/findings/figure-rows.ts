import type { ChoiceReport, NumberReport } from './compute-findings';
import type { HistogramBucket } from './number-distribution';

/**
 * The rows behind each chart, shared by the findings view (bars and tables)
 * and the findings export, with one rounding, so a share reads the same on
 * screen, in the CSV and in the workbook.
 */
export interface FigureRow {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  /** Of the report's `outcomes`; null for a histogram bar (its counts are of answered values). */
  readonly share: number | null;
}

/** The key of the row a choice adds for outcomes that chose nothing. */
export const UNANSWERED_ROW_KEY = '(none)';

/** Every option, then the outcomes that chose none: for a single choice the counts add up to `outcomes`. */
export function choiceRows(report: ChoiceReport): FigureRow[] {
  const unanswered = report.outcomes - report.answered;
  return [
    ...report.options.map((option) => ({ key: option.value, label: option.label, count: option.count, share: option.share })),
    {
      key: UNANSWERED_ROW_KEY,
      label: report.type === 'multiple_choice' ? 'No option chosen' : 'Not answered',
      count: unanswered,
      share: report.outcomes === 0 ? 0 : unanswered / report.outcomes,
    },
  ];
}

export function histogramRows(report: NumberReport): FigureRow[] {
  return (report.distribution?.buckets ?? []).map((bucket) => ({ key: `${bucket.from}`, label: bucketLabel(bucket, report), count: bucket.count, share: null }));
}

function bucketLabel(bucket: HistogramBucket, report: NumberReport): string {
  const buckets = report.distribution!.buckets;
  if (bucket.from === bucket.to) return formatFigure(bucket.from);
  const last = bucket === buckets[buckets.length - 1];
  const integerBuckets = Number.isInteger(bucket.from) && Number.isInteger(bucket.to) && (buckets.length < 2 || buckets[1]!.from === buckets[0]!.to + 1);
  if (integerBuckets || last) return `${formatFigure(bucket.from)}–${formatFigure(bucket.to)}`;
  return `${formatFigure(bucket.from)} to under ${formatFigure(bucket.to)}`;
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Up to two decimals (an interpolated quartile), without trailing zeros. */
export function formatFigure(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The five figures of a number field, in reading order, with their words. */
export const STATISTIC_WORDS = [
  ['min', 'Minimum'],
  ['q1', 'Lower quartile'],
  ['median', 'Median'],
  ['q3', 'Upper quartile'],
  ['max', 'Maximum'],
] as const;
