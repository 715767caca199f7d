import { join } from 'node:path';

import { resolveStackConfig } from '@bcml/infra';
import { trackingConfigFromEnv } from '@bcml/tracking';
import { parseS3Uri, s3OptionsFromEnv, startWorker, type WorkerLogger } from '@bcml/workers';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { intOption } from '../int-option.js';
import { netrcCredentials } from '../netrc-credentials.js';
import { parseCommand, stringOption } from '../parse-command.js';
import { temporalTarget } from '../temporal-target.js';
import { trackingUri } from '../tracking-uri.js';
import { UsageError } from '../usage-error.js';
import { workerDeviceLine } from '../worker-device-line.js';

/** The usage of `bcml worker`. */
export const WORKER_USAGE = `usage: bcml worker --pool control|cpu|gpu [--concurrency N] [--threads N] [--checkpoint-interval S]
                   [--allow-cpu]

Runs a Temporal worker until SIGTERM or SIGINT (graceful: running activities finish or are cancelled).
  --pool control       polls bcml-control: the workflows and the control activities (a sweep's prepare, reduce
                       and report; model comparisons; regression checks against the MLflow model registry)
  --pool cpu|gpu       polls bcml-train-<pool>: trains sweep points; gpu on @tensorflow/tfjs-node-gpu (installed by
                       BCML_GPU=1 npm run bootstrap); it refuses to start where TensorFlow sees no GPU
  --allow-cpu          gpu pool only: start anyway and train on the CPU (says so when it starts)
  --checkpoint-interval S
                       trainers: the least seconds between two checkpoint uploads of a point (default 10, or
                       BCML_CHECKPOINT_INTERVAL; 0: every epoch). A retry resumes from the last one uploaded
  --concurrency N      activities at once (default: 4 for control, 1 for trainers)
  --threads N          TensorFlow's threads in this process (TF_NUM_INTRAOP_THREADS; default: every core). With
                       several trainer processes on one machine give each its share (bcml stack up --workers does)

Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and MLFLOW_TRACKING_URI (defaults: the local stack's, see
BCML_TEMPORAL_PORT and BCML_MLFLOW_PORT). Files travel between workers only through MLflow's artifact store;
this worker's own scratch files go under <BCML_DATA_DIR>/work, its artifact cache under
<BCML_DATA_DIR>/cache/artifacts (bounded by BCML_CACHE_MAX_BYTES, default 8 GiB).
An S3 bucket or S3-compatible server also carries artifacts (s3://bucket/key), with credentials only from
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION (or AWS_DEFAULT_REGION);
AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) names an S3-compatible server (path-style addressing).
BCML_ARTIFACT_ROOT=s3://bucket/prefix: where runs without MLflow tracking put their files.
BCML_WORKER_MEMORY_BYTES: the memory a dataset may take once read and encoded (default: half of the machine's);
a sweep whose dataset does not fit fails before any training.
Credentials of http(s) dataset files come from the netrc file NETRC names (default ~/.netrc), never from specs.
A remote Temporal, as the Temporal CLI reaches it: TEMPORAL_API_KEY, TEMPORAL_TLS (true/false),
TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (mutual TLS), TEMPORAL_TLS_SERVER_CA_CERT_PATH,
TEMPORAL_TLS_SERVER_NAME (each *_PATH also as *_DATA; older names TEMPORAL_TLS_CERT, _KEY, _CA), and the
TEMPORAL_PROFILE of TEMPORAL_CONFIG_FILE (default ~/.config/temporalio/temporal.toml).
`;

/** `bcml worker`: reads the flags and the environment into `WorkerSettings` and runs `@bcml/workers`' `startWorker`. */
export async function workerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      pool: { type: 'string' },
      concurrency: { type: 'string' },
      threads: { type: 'string' },
      'checkpoint-interval': { type: 'string' },
      'allow-cpu': { type: 'boolean' },
    },
    WORKER_USAGE,
  );
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
  const allowCpu = parsed.values['allow-cpu'] === true;
  if (allowCpu && pool !== 'gpu') throw new UsageError('--allow-cpu goes with --pool gpu', WORKER_USAGE);
  const concurrency = intOption(
    'concurrency',
    stringOption(parsed, 'concurrency'),
    pool === 'control' ? 4 : 1,
    1,
    WORKER_USAGE,
  );

  const threads = stringOption(parsed, 'threads');
  if (threads !== undefined) {
    // Read by TensorFlow when its runtime starts (the backend is loaded later, by startWorker): the process's own
    // environment, not io.env.
    const count = String(intOption('threads', threads, 0, 1, WORKER_USAGE));
    process.env['TF_NUM_INTRAOP_THREADS'] = count;
    process.env['TF_NUM_INTEROP_THREADS'] = '1';
    process.env['OMP_NUM_THREADS'] = count;
  }

  const intervalRaw = stringOption(parsed, 'checkpoint-interval') ?? io.env['BCML_CHECKPOINT_INTERVAL'];
  const checkpointIntervalMs =
    intervalRaw === undefined ? undefined : intOption('checkpoint-interval', intervalRaw, 0, 0, WORKER_USAGE) * 1000;

  const stack = resolveStackConfig(io.env);
  const cacheMaxBytes = cacheBound(io.env['BCML_CACHE_MAX_BYTES']);
  const memoryBudgetBytes = memoryBudget(io.env['BCML_WORKER_MEMORY_BYTES']);
  const s3 = s3OptionsFromEnv(io.env);
  const untrackedArtifactRoot = artifactRoot(io.env['BCML_ARTIFACT_ROOT']);
  const temporal = temporalTarget(io.env);
  const tracking = trackingConfigFromEnv({ ...io.env, MLFLOW_TRACKING_URI: trackingUri(io.env) });
  const httpAuthorization = netrcCredentials(io.env);
  const logger: WorkerLogger = {
    info: (message) => io.out(`${new Date().toISOString()} ${message}\n`),
    warn: (message) => io.err(`${new Date().toISOString()} warning: ${message}\n`),
  };
  await startWorker({
    pool,
    concurrency,
    temporal,
    tracking,
    storageDir: join(stack.dataDir, 'work'),
    cacheDir: join(stack.dataDir, 'cache', 'artifacts'),
    ...(cacheMaxBytes === undefined ? {} : { cacheMaxBytes }),
    ...(memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes }),
    ...(s3 === undefined ? {} : { s3 }),
    ...(untrackedArtifactRoot === undefined ? {} : { untrackedArtifactRoot }),
    ...(httpAuthorization === undefined ? {} : { httpAuthorization }),
    ...(allowCpu ? { allowCpu } : {}),
    ...(checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs }),
    logger,
    onReady: (ready) => {
      io.out(`${workerDeviceLine(ready.backend)}\n`);
      io.out(
        `bcml worker: pool ${pool}, task queue ${ready.taskQueue}, concurrency ${concurrency}, ` +
          `Temporal ${temporal.address} (${temporal.namespace}), MLflow ${ready.trackingUri}\n`,
      );
    },
  });
  io.out('bcml worker: stopped\n');
  return EXIT.ok;
}

/** `BCML_CACHE_MAX_BYTES`: the artifact cache's bound, a whole number of bytes ≥ 1 MiB (unset: the default). */
function cacheBound(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1024 * 1024) {
    throw new UsageError(
      `invalid BCML_CACHE_MAX_BYTES: expected a whole number of bytes >= 1048576, received ${JSON.stringify(raw)}`,
      WORKER_USAGE,
    );
  }
  return value;
}

/** `BCML_WORKER_MEMORY_BYTES`: the worker's memory budget for datasets, a whole number of bytes ≥ 1 (unset: the default). */
function memoryBudget(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(
      `invalid BCML_WORKER_MEMORY_BYTES: expected a whole number of bytes >= 1, received ${JSON.stringify(raw)}`,
      WORKER_USAGE,
    );
  }
  return value;
}

/** `BCML_ARTIFACT_ROOT`: where untracked runs put their files, an `s3://bucket/prefix` (unset: none). */
function artifactRoot(raw: string | undefined): string | undefined {
  const root = raw?.trim();
  if (root === undefined || root === '') return undefined;
  parseS3Uri(root, 'BCML_ARTIFACT_ROOT');
  return root;
}
