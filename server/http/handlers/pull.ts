import { decodeCursor, DEFAULT_PULL_PAGE, encodeCursor, pullQuerySchema, type PullResponse } from '../../../shared/sync-protocol/pull';
import { StorageError, type PullPage } from '../../storage/storage';
import type { ApiContext, AuthenticatedDevice, JsonResponse } from '../api-context';
import { HttpError, parseOrThrow } from '../http-error';
import { singleValuedQuery } from '../single-valued-query';

export async function handlePull(context: ApiContext, device: AuthenticatedDevice, url: URL): Promise<JsonResponse> {
  const query = parseOrThrow(pullQuerySchema, singleValuedQuery(url));
  const after = decodeCursor(query.cursor);
  if (after === null) throw new HttpError(400, 'validation_failed', 'The cursor is not one this server issued.', [{ path: 'cursor', code: 'invalid_cursor' }]);
  const wait = context.pullRowLimiter.wait(device.deviceId);
  if (wait > 0) throw new HttpError(429, 'rate_limited', 'Too many changes pulled by this device in the last minute.', undefined, { 'Retry-After': String(wait) });
  let page: PullPage;
  try {
    page = await context.storage.pullChanges(device.userId, after, query.limit ?? DEFAULT_PULL_PAGE);
  } catch (error) {
    if (error instanceof StorageError && error.code === 'cursor_not_issued') {
      throw new HttpError(410, 'cursor_not_issued', 'The cursor is past every change this server has issued; pull again from the start.');
    }
    throw error;
  }
  context.pullRowLimiter.charge(device.deviceId, page.changes.length);
  const response: PullResponse = { changes: page.changes, cursor: encodeCursor(page.lastSequence), hasMore: page.hasMore };
  return { status: 200, body: response };
}
