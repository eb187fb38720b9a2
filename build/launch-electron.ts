import { spawn } from 'node:child_process';
import path from 'node:path';
import { ELECTRON_MISSING_ADVICE, locateElectronBinary } from './electron-binary';

/** `npm start` after the build: launch Electron on the bundled app, or explain why not. */
const binary = locateElectronBinary();
if (!binary.found) {
  console.error(`${binary.why}\n\n${ELECTRON_MISSING_ADVICE}`);
  process.exit(1);
}
const child = spawn(binary.path, [path.resolve(__dirname, '..')], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
