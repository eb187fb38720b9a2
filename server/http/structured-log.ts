/**
 * One JSON object per line. Callers pass only operational facts (route,
 * status, device id, error code, durations): never a body, a query value or
 * an error message from below, which could carry case data.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface StructuredLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function jsonLinesLog(write: (line: string) => void = (line) => process.stdout.write(line)): StructuredLog {
  const emit = (level: string, event: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

export const silentLog: StructuredLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
