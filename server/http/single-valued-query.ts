import { HttpError } from './http-error';

/** A URL's query as one value per name; a repeated name is refused, not silently narrowed to one. */
export function singleValuedQuery(url: URL): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in params) throw new HttpError(400, 'validation_failed', 'A query parameter is repeated.');
    params[key] = value;
  }
  return params;
}
