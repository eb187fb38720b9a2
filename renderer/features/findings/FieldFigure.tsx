import { useId } from 'react';
import type { FieldReport, NumberReport } from '../../../shared/findings/compute-findings';
import { choiceRows, formatFigure, formatShare, histogramRows, STATISTIC_WORDS, type FigureRow } from '../../../shared/findings/figure-rows';
import { shareBaseWords, versionNote } from './findings-words';

export type FindingsMode = 'charts' | 'tables';

/**
 * One question's findings: bars with their numbers beside them, or the same
 * rows as a table (for screen readers and for copying into a report).
 */
export function FieldFigure({ report, mode }: { report: FieldReport; mode: FindingsMode }) {
  const captionId = useId();
  return (
    <figure className="findings-field" data-testid="findings-field" data-field-key={report.key} data-outcomes={report.outcomes} data-answered={report.answered}>
      <figcaption id={captionId}>
        <strong>{report.label}</strong>{' '}
        <span className="muted">
          {versionNote(report)} Answered in {report.answered} of {report.outcomes} outcome{report.outcomes === 1 ? '' : 's'}.
        </span>
      </figcaption>
      <FieldBody report={report} mode={mode} captionId={captionId} />
    </figure>
  );
}

function FieldBody({ report, mode, captionId }: { report: FieldReport; mode: FindingsMode; captionId: string }) {
  switch (report.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const rows = choiceRows(report);
      return (
        <>
          <p className="findings-base">{shareBaseWords(report)}</p>
          {mode === 'charts' ? <Bars rows={rows} captionId={captionId} scale={report.outcomes} /> : <FigureTable rows={rows} captionId={captionId} firstColumn="Option" />}
        </>
      );
    }
    case 'number':
      return <NumberBody report={report} mode={mode} captionId={captionId} />;
    case 'text':
      return <p className="findings-base">Free text is not summarised here.</p>;
    case 'date':
      return report.earliest === null ? null : (
        <p className="findings-base">
          Earliest {report.earliest}, latest {report.latest}.
        </p>
      );
  }
}


function NumberBody({ report, mode, captionId }: { report: NumberReport; mode: FindingsMode; captionId: string }) {
  const distribution = report.distribution;
  if (!distribution) return <p className="findings-base">No answers in scope.</p>;
  const rows = histogramRows(report);
  return (
    <>
      <dl className="findings-statistics" data-testid="findings-statistics">
        {STATISTIC_WORDS.map(([key, words]) => (
          <div key={key}>
            <dt>{words}</dt>
            <dd data-statistic={key}>{formatFigure(distribution[key])}</dd>
          </div>
        ))}
      </dl>
      <p className="findings-base">Quartiles as Excel&apos;s QUARTILE.INC; bars count the answers in each range.</p>
      {mode === 'charts' ? (
        <Bars rows={rows} captionId={captionId} scale={Math.max(...rows.map((row) => row.count))} />
      ) : (
        <FigureTable rows={rows} captionId={captionId} firstColumn="Range" />
      )}
    </>
  );
}

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 250;
const BAR_SPACE = 250;
const FIGURE_SPACE = 110;

/** Horizontal bars; the figure is written beside each bar, so nothing has to be read off an axis. */
function Bars({ rows, captionId, scale }: { rows: readonly FigureRow[]; captionId: string; scale: number }) {
  const width = LABEL_WIDTH + BAR_SPACE + FIGURE_SPACE;
  return (
    <svg
      className="findings-bars"
      role="img"
      aria-labelledby={captionId}
      viewBox={`0 0 ${width} ${rows.length * ROW_HEIGHT}`}
      width={width}
      height={rows.length * ROW_HEIGHT}
      data-testid="findings-bars"
    >
      <desc>{rows.map((row) => `${row.label}: ${figureText(row)}`).join('; ')}</desc>
      {rows.map((row, index) => {
        const length = scale === 0 ? 0 : (row.count / scale) * BAR_SPACE;
        const y = index * ROW_HEIGHT;
        return (
          <g key={row.key} data-testid="findings-bar" data-row-key={row.key} data-count={row.count}>
            <text x={LABEL_WIDTH - 8} y={y + ROW_HEIGHT / 2} textAnchor="end" dominantBaseline="middle" className="findings-bar-label">
              {row.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={Math.max(length, row.count > 0 ? 2 : 0)} height={ROW_HEIGHT - 8} className="findings-bar" />
            <text x={LABEL_WIDTH + length + 6} y={y + ROW_HEIGHT / 2} dominantBaseline="middle" className="findings-bar-figure" data-testid="findings-bar-figure">
              {figureText(row)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function FigureTable({ rows, captionId, firstColumn }: { rows: readonly FigureRow[]; captionId: string; firstColumn: string }) {
  const withShare = rows.some((row) => row.share !== null);
  return (
    <table className="findings-table" aria-labelledby={captionId} data-testid="findings-table">
      <thead>
        <tr>
          <th scope="col">{firstColumn}</th>
          <th scope="col">Outcomes</th>
          {withShare && <th scope="col">Share</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid="findings-row" data-row-key={row.key}>
            <th scope="row">{row.label}</th>
            <td data-testid="findings-count">{row.count}</td>
            {withShare && <td data-testid="findings-share">{row.share === null ? '' : formatShare(row.share)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function figureText(row: FigureRow): string {
  return row.share === null ? String(row.count) : `${row.count} (${formatShare(row.share)})`;
}
