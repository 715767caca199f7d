import {
  createStack,
  resolveStackConfig,
  serviceState,
  startService,
  stopService,
  workerService,
  workerServices,
  type StackConfig,
} from '@bcml/infra';

import { availableParallelism } from 'node:os';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { intOption } from '../int-option.js';
import { parseCommand, stringOption } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

/** The usage of `bcml stack`. */
export const STACK_USAGE = `usage: bcml stack up [--workers [--trainers N]] | down | status

  up          start the Temporal dev server and the MLflow server (a no-op for what already runs)
  up --workers  also start a control worker and N cpu trainer processes as background services (--trainers N,
              default one per core; each gets its share of the cores as TensorFlow threads)
  down        stop the workers and the stack that \`up\` started
  status      what runs, where it logs, and the URLs (exit 3 when something is not healthy)

Ports and folders come from BCML_TEMPORAL_PORT, BCML_TEMPORAL_UI_PORT, BCML_MLFLOW_PORT, BCML_DATA_DIR.
`;

/** The URLs and folders of the stack, as `up` and `status` print them. */
export function stackUrls(config: StackConfig): string {
  return [
    `  Temporal UI    ${config.temporal.uiUrl}`,
    `  Temporal gRPC  ${config.temporal.address} (namespace ${config.temporal.namespace})`,
    `  MLflow UI      ${config.mlflow.trackingUri}`,
    `  data and logs  ${config.dataDir}`,
    '',
  ].join('\n');
}

/**
 * Starts a control worker and `trainers` cpu trainer processes (default: one per core, each with its share of the
 * cores as TensorFlow threads) as background services (pid and log in the data dir).
 */
export async function startWorkerServices(
  config: StackConfig,
  io: CliIo,
  trainers = availableParallelism(),
): Promise<void> {
  const threads = Math.max(1, Math.floor(availableParallelism() / trainers));
  const specs = [
    workerService(config, 'control', { concurrency: 4 }),
    ...Array.from({ length: trainers }, (_, i) => workerService(config, 'cpu', { instance: i + 1, threads })),
  ];
  for (const spec of specs) {
    const outcome = await startService(spec, config.startTimeoutSeconds);
    io.out(`${spec.name}: ${outcome}; log ${spec.logFile}\n`);
  }
}

/** `bcml stack up|down|status`. */
export async function stackCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { workers: { type: 'boolean' }, trainers: { type: 'string' } }, STACK_USAGE);
  if (parsed.help) {
    io.out(STACK_USAGE);
    return EXIT.ok;
  }
  const [sub, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, STACK_USAGE);
  if (parsed.values['workers'] === true && sub !== 'up') {
    throw new UsageError('--workers goes with `stack up`', STACK_USAGE);
  }
  const trainersFlag = stringOption(parsed, 'trainers');
  if (trainersFlag !== undefined && parsed.values['workers'] !== true) {
    throw new UsageError('--trainers goes with `stack up --workers`', STACK_USAGE);
  }
  const trainers = intOption('trainers', trainersFlag, availableParallelism(), 1, STACK_USAGE);
  const config = resolveStackConfig(io.env);
  const stack = createStack(config);
  switch (sub) {
    case 'up': {
      for (const [name, outcome] of Object.entries(await stack.up())) io.out(`${name}: ${outcome}\n`);
      if (parsed.values['workers'] === true) await startWorkerServices(config, io, trainers);
      io.out(stackUrls(config));
      return EXIT.ok;
    }
    case 'down': {
      const stopped: string[] = [];
      for (const spec of workerServices(config)) if (await stopService(spec)) stopped.push(spec.name);
      stopped.push(...(await stack.down()));
      io.out(stopped.length > 0 ? `stopped: ${stopped.join(', ')}\n` : 'nothing was running\n');
      return EXIT.ok;
    }
    case 'status': {
      let healthy = true;
      for (const state of await stack.status()) {
        healthy &&= state.healthy;
        const what = state.running
          ? `running (pid ${String(state.pid)})${state.healthy ? '' : ', NOT healthy'}`
          : 'stopped';
        io.out(`${state.name}: ${what}; log ${state.logFile}\n`);
      }
      for (const spec of workerServices(config)) {
        const state = await serviceState(spec);
        if (state.running) io.out(`${state.name}: running (pid ${String(state.pid)}); log ${state.logFile}\n`);
      }
      io.out(stackUrls(config));
      return healthy ? EXIT.ok : EXIT.incomplete;
    }
    case undefined:
      throw new UsageError('missing stack command', STACK_USAGE);
    default:
      throw new UsageError(`unknown stack command ${JSON.stringify(sub)}`, STACK_USAGE);
  }
}
