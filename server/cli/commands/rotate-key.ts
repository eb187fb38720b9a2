import { randomBytes } from 'node:crypto';
import type { ServerKeys } from '../../storage/field-cipher';
import { databaseOf, parseOptions, UsageError, withStorage, type CliIo } from '../cli-io';
import { loadServerKeyFile, replaceServerKeyFile, serverKeyPathOf } from '../server-key-file';

export const ROTATE_KEY_USAGE = 'rotate-key [--batch N]   re-seal stored case content and review text under a new server key (stop every serve first)';

/** The next key id: k<n+1> after the highest k<n> the file holds. */
function nextKeyId(keys: ServerKeys): string {
  const numbers = [...keys.keys.keys()].map((id) => /^k(\d+)$/.exec(id)?.[1]).map((digits) => (digits === undefined ? 0 : Number(digits)));
  return `k${Math.max(0, ...numbers) + 1}`;
}

/**
 * docs/server-encryption.md, "Rotating the server key". The key file first gets
 * the new key as current, beside the old; then every stored value is re-sealed,
 * a batch per transaction; only then is the old key dropped from the file. An
 * interrupted run leaves both keys in the file (every value opens), and running
 * the command again finishes the job under the same new key.
 */
export async function runRotateKey(args: string[], io: CliIo): Promise<void> {
  const { values } = parseOptions(args, { batch: { type: 'string' } }, { min: 0, max: 0, names: '' });
  const batch = values.batch === undefined ? 500 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new UsageError('--batch is a whole number from 1 to 100000');
  const file = serverKeyPathOf(databaseOf(values));
  const before = loadServerKeyFile(file);
  let rotating = before;
  if (before.keys.size === 1) {
    const keyId = nextKeyId(before);
    rotating = { currentKeyId: keyId, keys: new Map([...before.keys, [keyId, randomBytes(32)]]), personIndexKey: before.personIndexKey };
    replaceServerKeyFile(file, rotating);
    io.out(`New server key ${keyId} added to ${file}; re-sealing stored values…`);
  } else {
    io.out(`Resuming an interrupted rotation to key ${before.currentKeyId}…`);
  }
  const sealed = await withStorage(values, (storage) => storage.sealStoredValues(batch, (total) => io.out(`  ${total} values re-sealed`)));
  replaceServerKeyFile(file, { currentKeyId: rotating.currentKeyId, keys: new Map([[rotating.currentKeyId, rotating.keys.get(rotating.currentKeyId)!]]), personIndexKey: rotating.personIndexKey });
  io.out(`Done: ${sealed} values re-sealed under ${rotating.currentKeyId}; the old key is removed from ${file}`);
}
