import type { Findings } from './compute-findings';
import { choiceRows, formatFigure, formatShare } from './figure-rows';

/**
 * findings-summary.pdf: the figures on one A4 page, written here as a plain
 * PDF 1.4 file (the two standard Helvetica fonts, text and filled bars, no
 * embedded anything). Made in the app rather than printed, so the same bytes
 * are hashed in the signed manifest, no print spooler or temporary file ever
 * sees them, and the result is the same in Electron, in the test harness and
 * in Node. What does not fit on the page is named, and is in findings.csv.
 */
export interface SummaryHeading {
  readonly title: string;
  /** Lines under the title: when, by whom, for whom, the filter. */
  readonly lines: readonly string[];
}

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 40;
const LINE = 11;
const BAR_X = 330;
const BAR_WIDTH = 140;

interface DrawnLine {
  readonly text: string;
  readonly bold?: boolean;
  readonly size?: number;
  readonly indent?: number;
  /** 0..1 of BAR_WIDTH: a bar drawn beside the line, its figure after it. */
  readonly bar?: { readonly fraction: number; readonly figure: string };
}

export function writeFindingsSummaryPdf(findings: Findings, heading: SummaryHeading): Uint8Array {
  const lines = summaryLines(findings, heading);
  const room = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LINE);
  const shown = lines.length <= room ? lines : [...lines.slice(0, room - 1), { text: `... ${lines.length - room + 1} more lines are in findings.csv.`, bold: true }];
  const commands: string[] = [];
  shown.forEach((line, index) => {
    const y = PAGE_HEIGHT - MARGIN - (index + 1) * LINE;
    const x = MARGIN + (line.indent ?? 0);
    commands.push(`BT /${line.bold ? 'F2' : 'F1'} ${line.size ?? 8.5} Tf ${x} ${y} Td (${pdfText(line.text)}) Tj ET`);
    if (line.bar) {
      const width = Math.round(line.bar.fraction * BAR_WIDTH * 100) / 100;
      if (width > 0) commands.push(`0.114 0.31 0.627 rg ${BAR_X} ${y - 1} ${width} 8 re f 0 0 0 rg`);
      commands.push(`BT /F1 8.5 Tf ${BAR_X + width + 4} ${y} Td (${pdfText(line.bar.figure)}) Tj ET`);
    }
  });
  return assemblePdf(commands.join('\n'));
}

function summaryLines(findings: Findings, heading: SummaryHeading): DrawnLine[] {
  const lines: DrawnLine[] = [{ text: heading.title, bold: true, size: 13 }, ...heading.lines.map((text) => ({ text }))];
  lines.push({ text: `${findings.outcomesInScope} outcomes in scope${findings.withoutTemplate > 0 ? `; ${findings.withoutTemplate} answer a template version not held, in no figure` : ''}.` });
  for (const template of findings.templates) {
    lines.push({ text: `${template.title} (versions ${template.versions.join(', ')})`, bold: true, size: 10 });
    for (const report of template.fields) {
      const versions = report.changedAcrossVersions ? ` - version ${report.versions.join('+')} only (changed between versions)` : '';
      lines.push({ text: `${report.label}${versions}: answered in ${report.answered} of ${report.outcomes}`, bold: true, indent: 6 });
      if (report.type === 'single_choice' || report.type === 'multiple_choice') {
        for (const row of choiceRows(report)) {
          lines.push({ text: row.label, indent: 14, bar: { fraction: row.share ?? 0, figure: `${row.count} (${formatShare(row.share ?? 0)})` } });
        }
      } else if (report.type === 'number' && report.distribution) {
        const { min, q1, median, q3, max } = report.distribution;
        lines.push({ text: `min ${formatFigure(min)}, lower quartile ${formatFigure(q1)}, median ${formatFigure(median)}, upper quartile ${formatFigure(q3)}, max ${formatFigure(max)}`, indent: 14 });
      } else if (report.type === 'date' && report.earliest !== null) {
        lines.push({ text: `earliest ${report.earliest}, latest ${report.latest}`, indent: 14 });
      }
    }
  }
  return lines;
}

/** WinAnsi text in a PDF string: the standard fonts' own encoding; a character outside it shows as "?". */
function pdfText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === '(' || char === ')') out += `\\${char}`;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8).padStart(3, '0')}`;
    else if (char === '\u2013') out += '\\226';
    else if (char === '\u2014') out += '\\227';
    else out += '?';
  }
  return out;
}

function assemblePdf(content: string): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  // Every character is ASCII by now (pdfText escapes the rest), so string length is byte length.
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
