import type { OutcomeTable } from '../lead-export/outcome-table';
import { neutraliseSpreadsheetText, type SpreadsheetCell } from '../lead-export/spreadsheet-cell';
import type { FieldReport, Findings } from './compute-findings';
import { choiceRows, formatShare, histogramRows, STATISTIC_WORDS } from './figure-rows';

/**
 * findings.csv and findings.xlsx: one row per figure the view shows, so a
 * reader can filter the sheet by question or by kind of figure. Shares are
 * written as the view shows them ("33.3%"), counts and statistics as numbers.
 * Text is neutralised here, once, like the outcomes table.
 */
export const FINDINGS_COLUMNS = ['Template', 'Template versions', 'Changed between versions', 'Question id', 'Question', 'Figure', 'Item', 'Value', 'Share', 'Outcomes in scope'] as const;

/** The `Figure` column: what a row's value is. */
export type FindingsFigureKind = 'answered' | 'option' | 'none chosen' | 'statistic' | 'histogram' | 'earliest' | 'latest';

export function buildFindingsTable(findings: Findings): OutcomeTable {
  const rows: SpreadsheetCell[][] = [];
  for (const template of findings.templates) {
    for (const report of template.fields) {
      const lead: SpreadsheetCell[] = [report.templateId, report.versions.join('+'), report.changedAcrossVersions ? 'yes' : 'no', report.fieldId, report.label];
      const row = (figure: FindingsFigureKind, item: string, value: SpreadsheetCell, share: string) => rows.push([...lead, figure, item, value, share, report.outcomes]);
      row('answered', 'Answered', report.answered, report.outcomes === 0 ? '0.0%' : formatShare(report.answered / report.outcomes));
      for (const [figure, item, value, share] of figureRowsOf(report)) row(figure, item, value, share);
    }
  }
  return { header: [...FINDINGS_COLUMNS], rows: rows.map((cells) => cells.map((cell) => (typeof cell === 'string' ? neutraliseSpreadsheetText(cell) : cell))) };
}


function figureRowsOf(report: FieldReport): [FindingsFigureKind, string, SpreadsheetCell, string][] {
  switch (report.type) {
    case 'single_choice':
    case 'multiple_choice':
      return choiceRows(report).map((row, index, all) => [index === all.length - 1 ? 'none chosen' : 'option', row.label, row.count, formatShare(row.share ?? 0)]);
    case 'number': {
      const distribution = report.distribution;
      if (!distribution) return [];
      return [
        ...STATISTIC_WORDS.map(([key, words]): [FindingsFigureKind, string, SpreadsheetCell, string] => ['statistic', words, distribution[key], '']),
        ...histogramRows(report).map((row): [FindingsFigureKind, string, SpreadsheetCell, string] => ['histogram', row.label, row.count, '']),
      ];
    }
    case 'text':
      return [];
    case 'date':
      return report.earliest === null ? [] : [['earliest', 'Earliest', report.earliest, ''], ['latest', 'Latest', report.latest!, '']];
  }
}
