import { describe, expect, it } from 'vitest';
import type { ChoiceReport, NumberReport } from './compute-findings';
import { choiceRows, formatFigure, formatShare, histogramRows } from './figure-rows';
import { describeNumbers } from './number-distribution';

const base = { key: 'k', templateId: 't', fieldId: 'f', label: 'F', versions: [1], changedAcrossVersions: false };

describe('figure rows', () => {
  it('add a "not answered" row so a single choice adds up to every outcome in scope', () => {
    const report: ChoiceReport = {
      ...base,
      type: 'single_choice',
      outcomes: 4,
      answered: 3,
      options: [
        { value: 'a', label: 'A', count: 2, share: 0.5 },
        { value: 'b', label: 'B', count: 1, share: 0.25 },
      ],
    };
    expect(choiceRows(report).map(({ label, count, share }) => [label, count, share])).toEqual([
      ['A', 2, 0.5],
      ['B', 1, 0.25],
      ['Not answered', 1, 0.25],
    ]);
    expect(choiceRows({ ...report, type: 'multiple_choice' }).at(-1)!.label).toBe('No option chosen');
  });

  it('label whole-number histogram bars by their inclusive range', () => {
    const report: NumberReport = { ...base, type: 'number', outcomes: 4, answered: 4, distribution: describeNumbers([0, 3, 12, 25], true) };
    expect(histogramRows(report).slice(0, 2).map(({ label, count }) => [label, count])).toEqual([
      ['0–2', 1],
      ['3–5', 1],
    ]);
  });

  it('round shares to one decimal of a percent, figures to two decimals', () => {
    expect(formatShare(1 / 3)).toBe('33.3%');
    expect(formatShare(0)).toBe('0.0%');
    expect(formatShare(1)).toBe('100.0%');
    expect(formatFigure(2.5)).toBe('2.5');
    expect(formatFigure(1.756)).toBe('1.76');
    expect(formatFigure(4)).toBe('4');
  });
});
