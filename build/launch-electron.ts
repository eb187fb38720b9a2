import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEMO_CODE_VARIABLE, DEMO_ENDPOINT_VARIABLE } from '../electron/services/demo-enrolment';
import { demoEndpointPort, DemoEndpointFailed, describeDemoEndpoint, startDemoEndpoint } from './demo-endpoint';
import { ELECTRON_MISSING_ADVICE, ensureElectronBinary, locateElectronBinary, runElectronInstaller } from './electron-binary';
import { userDataDir } from './user-data-dir';

/**
 * `npm start` after the build: the Electron binary (fetched by Electron's
 * installer where missing), a local demo endpoint, then the app with that
 * endpoint and a reviewer code prefilled. The endpoint stops when the app exits.
 */
async function main(): Promise<number> {
  const binary = await ensureElectronBinary({
    locate: locateElectronBinary,
    runInstaller: runElectronInstaller,
    overrideChosen: Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH),
    log: (line) => console.log(line),
  });
  if (!binary.found) {
    console.error(`${binary.why}\n\n${ELECTRON_MISSING_ADVICE}`);
    return 1;
  }

  const dataDir = userDataDir();
  const endpoint = await startDemoEndpoint({ userDataDir: dataDir, port: demoEndpointPort(process.env) });
  console.log(`${describeDemoEndpoint(endpoint)}\nStarting CaseDesk; the endpoint stops when the app exits.`);

  const app = spawn(binary.path, [path.resolve(__dirname, '..')], {
    stdio: 'inherit',
    env: { ...process.env, [DEMO_ENDPOINT_VARIABLE]: endpoint.endpointUrl, [DEMO_CODE_VARIABLE]: endpoint.reviewer.code },
  });
  const forward = (signal: NodeJS.Signals) => app.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const exitCode = await new Promise<number>((resolve) => {
    app.once('error', () => resolve(1));
    app.once('exit', (code, signal) => resolve(signal ? 1 : (code ?? 0)));
  });
  await endpoint.stop();
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const reason = error instanceof DemoEndpointFailed ? error.message : `failed unexpectedly (${error instanceof Error ? error.name : typeof error})`;
    console.error(`npm start: the demo endpoint could not start: ${reason}`);
    console.error(`Its files are in ${path.join(userDataDir(), 'demo-endpoint')}: delete that folder to start the demo afresh, or set CASEDESK_DEMO_PORT if the port is taken.`);
    process.exit(1);
  },
);
