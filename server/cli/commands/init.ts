import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { databaseOf, parseOptions, withStorage, type CliIo } from '../cli-io';
import { serverKeyPathOf } from '../server-key-file';

export const INIT_USAGE = 'init [--db PATH|URL]   create or upgrade the database and install the default review template';

export async function runInit(args: string[], io: CliIo): Promise<void> {
  const { values } = parseOptions(args, {}, { min: 0, max: 0, names: '' });
  await withStorage(values, async (storage) => {
    const template = await storage.setTemplate(DEFAULT_CSE_REVIEW_TEMPLATE, new Date().toISOString());
    io.out(`Database ready (${storage.dialect}): ${redactUrl(databaseOf(values))}`);
    io.out(`Template ${DEFAULT_CSE_REVIEW_TEMPLATE.templateId} version ${template.version}${template.created ? ' installed' : ' already present'}`);
    const sealed = await storage.sealStoredValues(1000);
    if (sealed > 0) io.out(`Sealed ${sealed} stored values written before encryption (docs/server-encryption.md)`);
    io.out(`Server key file: ${serverKeyPathOf(databaseOf(values))} (keep it outside the database's backups; without it nothing can be read)`);
  }, { createKey: true });
}

/** Never print a password that came in a database URL. */
export function redactUrl(database: string): string {
  return database.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
