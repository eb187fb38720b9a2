import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../../shared/sync-protocol/canonical-json';
import type { Mutation } from '../../shared/sync-protocol/push';

/** What "the same mutation" means: SHA-256 over its canonical JSON, id included. */
export function mutationContentHash(mutation: Mutation): string {
  return createHash('sha256').update(canonicalJson(mutation as unknown as JsonValue)).digest('hex');
}
