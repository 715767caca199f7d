// The `bcml` command's entry point (libs/cli/bin/bcml.mjs imports it): run the command, exit with its code.
import { runCli } from './run-cli.js';

// A closed pipe (`bcml … | head`) is not a failure of the command: stop writing, keep going.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => void (process.stdout.writable && process.stdout.write(text)),
  err: (text) => void (process.stderr.writable && process.stderr.write(text)),
  env: process.env,
});
