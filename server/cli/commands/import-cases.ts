import { readCaseFile } from '../case-import/read-case-file';
import { CommandFailed, parseOptions, withStorage, type CliIo } from '../cli-io';

export const IMPORT_USAGE = 'import-cases FILE.json|FILE.jsonl|FILE.csv [--db …]   import case files, all or nothing';

export async function runImportCases(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseOptions(args, {}, { min: 1, max: 1, names: 'one file' });
  const reading = readCaseFile(positionals[0]!);
  if (!reading.ok) {
    for (const problem of reading.problems) io.err(`${problem.where}: ${problem.field}: ${problem.problem}`);
    throw new CommandFailed(`nothing imported: ${reading.problems.length} problem${reading.problems.length === 1 ? '' : 's'} in the file`);
  }
  await withStorage(values, async (storage) => {
    const result = await storage.importCases(reading.cases, new Date().toISOString());
    io.out(`Imported ${reading.cases.length} cases (${result.inserted} new, ${result.updated} updated)`);
  });
}
