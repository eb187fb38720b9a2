/** A stored ISO 8601 time as the reader's locale writes a date and time. */
export function momentWords(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
