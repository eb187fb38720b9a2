import { buildSignedExport } from '../../shared/lead-export/build-signed-export';
import { sampleDeviceKeys, sampleExportInput } from '../../shared/lead-export/testing/sample-export';
import { beginExportFolder } from '../files/export-folder-writer';

/**
 * Child process for the crash test: builds a real signed export, writes its
 * first files, reports the device's public key on stdout, and waits to be
 * killed before it can write the rest.
 * argv: parent folder, export folder name, number of files to write first.
 */
const [parentDir, folderName, countText] = process.argv.slice(2);
void (async () => {
  const keys = await sampleDeviceKeys();
  const { files } = await buildSignedExport(sampleExportInput(), keys.signingKey);
  const writer = beginExportFolder(parentDir!, folderName!);
  for (const file of files.slice(0, Number(countText))) writer.writeFile(file.name, file.bytes);
  process.stdout.write(`between-files ${JSON.stringify(keys.publicKey)}\n`);
  setInterval(() => undefined, 60_000);
})();
