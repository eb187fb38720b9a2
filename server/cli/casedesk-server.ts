import { runCli } from './run-cli';

/** Entry point of `casedesk-server` and `npm run server -- …`. */
void runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
