import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../../shared/sync-protocol/canonical-json';
import type { Mutation } from '../../shared/sync-protocol/push';

/**
 * What "the same mutation" means: SHA-256 over its canonical JSON, id
 * included. The push handler passes the mutation as it was sent (parsed JSON,
 * before the schema), so every member sent is covered.
 */
export function mutationContentHash(mutation: Mutation | JsonValue): string {
  return createHash('sha256').update(canonicalJson(mutation as JsonValue)).digest('hex');
}
