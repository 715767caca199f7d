import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { reportError } from './report-error.js';
import { UsageError } from './usage-error.js';

/** The top-level usage of `bcml`. */
export const BCML_USAGE = `usage: bcml <command> [options]   (bcml <command> --help for more)

  stack up [--workers [--trainers N]] | down | status   the local stack (Temporal + MLflow), and workers
  worker --pool control|cpu|gpu [--concurrency N] [--threads N]   run a Temporal worker until SIGTERM/SIGINT
  sweep start <spec.json> [--id ID] [--wait]        start a compatibility sweep (live progress with --wait)
  sweep status|cancel|result <workflowId>           follow, stop or collect a sweep
  compare <spec.json> [--id ID] [--wait]            compare two saved models (h1, h2) on a dataset, with a report
  regression <spec.json> [--id ID] [--wait]         check the registry's challenger against its champion (pass/fail)
  train <spec.json> [--backend NAME]                train one model here, log it to MLflow, print its runs:/ URI (an h1)
  model register <folder|uri> --name N [--alias A]...   register a model version in MLflow, point aliases at it
  schedule create <spec.json> --cron EXPR [--id ID]  a Temporal schedule of the regression check (nightly), or a sweep
  schedule describe|trigger|delete <id>            inspect, run now or delete a schedule
  data import csv|idx ...                   convert CSV or IDX files into an Arrow dataset
  report open <path>                        print the file:// URL of a report's index.html
  demo                                      the main job: stack, workers, h1 and the Adult sweep

Exit codes: 0 ok, 1 failure, 2 usage or invalid input, 3 sweep with failed points or cancelled,
4 regression check whose verdict is fail.
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, MLFLOW_TRACKING_URI (default: the local stack's),
BCML_DATA_DIR, BCML_TEMPORAL_PORT, BCML_TEMPORAL_UI_PORT, BCML_MLFLOW_PORT; a remote Temporal: TEMPORAL_API_KEY,
TEMPORAL_TLS*, TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE (as the Temporal CLI; bcml worker --help lists them).
`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/**
 * Each command's module, loaded when the command runs: `bcml sweep start` does not load the worker's Temporal
 * runtime, TensorFlow or the report renderer (a second of start-up on 2 cores).
 */
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  stack: async () => (await import('./commands/stack.js')).stackCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
  sweep: async () => (await import('./commands/sweep.js')).sweepCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  regression: async () => (await import('./commands/regression.js')).regressionCommand,
  model: async () => (await import('./commands/model.js')).modelCommand,
  train: async () => (await import('./commands/train.js')).trainCommand,
  schedule: async () => (await import('./commands/schedule.js')).scheduleCommand,
  data: async () => (await import('./commands/data-import.js')).dataCommand,
  report: async () => (await import('./commands/report-open.js')).reportCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
};

/** Runs `bcml <args>` and returns its exit code; errors are printed through `io`, never thrown. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      io.out(BCML_USAGE);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (load === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`, BCML_USAGE);
    return await (
      await load()
    )(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}
