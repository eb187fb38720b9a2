/** A numbered schema step, written once per dialect. Never edit a released one: add the next number. */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}
