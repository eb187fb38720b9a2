/** One figure a benchmark reports, e.g. `vault.importRatio`. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Plain words for the target, e.g. "≤ 1.5 (goal 1.2)". */
  readonly target?: string;
  /** Whether the figure meets its target; absent when there is none. */
  readonly meetsTarget?: boolean;
  readonly note?: string;
}

/** A benchmark suite: a file `test/bench/suites/<name>.bench.ts` whose default export is this. */
export interface BenchSuite {
  readonly name: string;
  run(): Promise<BenchFigure[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
