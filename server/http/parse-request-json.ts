import { HttpError } from './http-error';

/**
 * JSON.parse plus the two things it lets through that the API refuses:
 * - a member named `__proto__`, however it is spelled (`"\u005f_proto__"`
 *   too): it would reach object prototypes, and a schema would drop it
 *   silently, so the content hash would not cover what was sent;
 * - U+0000 in any string: PostgreSQL cannot store it, and both databases
 *   must answer alike (docs/api.md, "General rules").
 * Both can only be written with a `\u` escape or the literal name, so bodies
 * without either are not walked at all.
 */
export function parseRequestJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  if (text.includes('__proto__') || text.includes('\\u')) refuseReservedContent(value, []);
  return value;
}

function pathOf(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? String(part) : /^[A-Za-z0-9_]{1,64}$/.test(part) ? part : '?')).join('.');
}

function refuseReservedContent(value: unknown, path: (string | number)[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw new HttpError(400, 'validation_failed', 'Text may not contain the NUL character.', [{ path: pathOf(path), code: 'nul_character' }]);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => refuseReservedContent(item, [...path, index]));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw new HttpError(400, 'invalid_json', 'The body uses a reserved member name.');
    if (key.includes('\u0000')) {
      throw new HttpError(400, 'validation_failed', 'Text may not contain the NUL character.', [{ path: pathOf([...path, '?']), code: 'nul_character' }]);
    }
    refuseReservedContent((value as Record<string, unknown>)[key], [...path, key]);
  }
}
