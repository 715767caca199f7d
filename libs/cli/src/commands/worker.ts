import { join } from 'node:path';

import { resolveStackConfig } from '@bcml/infra';
import { createMlflowClient, trackingConfigFromEnv } from '@bcml/tracking';
import { selectBackend } from '@bcml/training';
import {
  createControlActivities,
  createTrainerActivities,
  loadSweepReports,
  runWorker,
  type WorkerLogger,
} from '@bcml/workers';

import { datasetResolver } from '../dataset-resolver.js';
import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { intOption } from '../int-option.js';
import { localModelStore } from '../local-model-store.js';
import { parseCommand, stringOption } from '../parse-command.js';
import { temporalTarget } from '../temporal-target.js';
import { trackingUri } from '../tracking-uri.js';
import { UsageError } from '../usage-error.js';

/** The usage of `bcml worker`. */
export const WORKER_USAGE = `usage: bcml worker --pool control|cpu|gpu [--concurrency N]

Runs a Temporal worker until SIGTERM or SIGINT (graceful: running activities finish or are cancelled).
  --pool control       polls bcml-control: the workflows and the control activities (a sweep's prepare, reduce
                       and report; model comparisons; regression checks against the MLflow model registry)
  --pool cpu|gpu       polls bcml-train-<pool>: trains sweep points
  --concurrency N      activities at once (default: 4 for control, 1 for trainers)

Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and MLFLOW_TRACKING_URI (defaults: the local stack's, see
BCML_TEMPORAL_PORT and BCML_MLFLOW_PORT); work files go under <BCML_DATA_DIR>/work.
`;

/** `bcml worker`: the composition root of a worker process (MLflow client, datasets, models, storage). */
export async function workerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { pool: { type: 'string' }, concurrency: { type: 'string' } }, WORKER_USAGE);
  if (parsed.help) {
    io.out(WORKER_USAGE);
    return EXIT.ok;
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`, WORKER_USAGE);
  }
  const pool = stringOption(parsed, 'pool');
  if (pool !== 'control' && pool !== 'cpu' && pool !== 'gpu') {
    throw new UsageError(
      `invalid --pool: expected control, cpu or gpu, received ${JSON.stringify(pool ?? '')}`,
      WORKER_USAGE,
    );
  }
  const concurrency = intOption(
    'concurrency',
    stringOption(parsed, 'concurrency'),
    pool === 'control' ? 4 : 1,
    1,
    WORKER_USAGE,
  );

  const stack = resolveStackConfig(io.env);
  const temporal = temporalTarget(io.env);
  const tracking = createMlflowClient(trackingConfigFromEnv({ ...io.env, MLFLOW_TRACKING_URI: trackingUri(io.env) }));
  const logger: WorkerLogger = {
    info: (message) => io.out(`${new Date().toISOString()} ${message}\n`),
    warn: (message) => io.err(`${new Date().toISOString()} warning: ${message}\n`),
  };
  await selectBackend(pool === 'gpu' ? 'tensorflow-gpu' : 'tensorflow');
  const resolveDataset = datasetResolver({ tracking });
  const models = localModelStore({ tracking });
  const reports = await loadSweepReports();
  const onReady = (taskQueue: string): void =>
    io.out(
      `bcml worker: pool ${pool}, task queue ${taskQueue}, concurrency ${concurrency}, ` +
        `Temporal ${temporal.address} (${temporal.namespace}), MLflow ${tracking.trackingUri}\n`,
    );
  if (pool === 'control') {
    const activities = createControlActivities({
      tracking,
      storageDir: join(stack.dataDir, 'work'),
      resolveDataset,
      models,
      reports,
      logger,
    });
    await runWorker({ pool, activities, concurrency, temporal, onReady });
  } else {
    const activities = createTrainerActivities({ tracking, resolveDataset, models, reports, logger });
    await runWorker({ pool, activities, concurrency, temporal, onReady });
  }
  io.out('bcml worker: stopped\n');
  return EXIT.ok;
}
