import { beginExportFolder } from '../files/export-folder-writer';

/**
 * Child process for the crash test: writes the first files of an export, says
 * so on stdout, and waits to be killed before it can write the rest.
 * argv: parent folder, export folder name, number of files to write first.
 */
const [parentDir, folderName, countText] = process.argv.slice(2);
const writer = beginExportFolder(parentDir!, folderName!);
const files = [
  ['outcomes.csv', 'case,answer\r\nC-1,yes\r\n'],
  ['outcomes.xlsx', 'not really a workbook'],
  ['outcomes.json', '{}'],
  ['manifest.json', '{}'],
] as const;
for (const [name, text] of files.slice(0, Number(countText))) writer.writeFile(name, new TextEncoder().encode(text));
process.stdout.write('between-files\n');
setInterval(() => undefined, 60_000);
