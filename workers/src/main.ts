import { InvalidInputError, type WorkerPool } from '@bcml/core';
import { createMlflowClient, type TrackingConfig } from '@bcml/tracking';
import { selectBackend, type BackendName, type SelectBackendOptions, type SelectedBackend } from '@bcml/training';

import { datasetResolver } from './adapters/dataset-resolver.js';
import { checkTrackingCredentials } from './check-tracking-credentials.js';
import { type HttpAuthorization } from './adapters/netrc.js';
import {
  createArtifactCache,
  createArtifactStore,
  mlflowArtifactTransport,
  parseS3Uri,
  s3ArtifactTransport,
  type ArtifactTransport,
  type S3Options,
} from './artifacts/index.js';
import { localModelStore } from './adapters/local-model-store.js';
import { createControlActivities } from './control-activities.js';
import { runWorker, type RunWorkerOptions } from './run-worker.js';
import { type TemporalTarget } from './temporal-connection.js';
import { createTrainerActivities } from './trainer-activities.js';
import { type WorkerLogger } from './worker-logger.js';

/** What a started worker reports once it polls: its task queue and the MLflow server its activities log to. */
export interface WorkerReady {
  /** `bcml-control` or `bcml-train-<pool>`. */
  readonly taskQueue: string;
  /** The MLflow server's base URL, as the client normalised it. */
  readonly trackingUri: string;
  /** The tfjs backend it selected; `device` is `gpu` only where TensorFlow sees a GPU. */
  readonly backend: SelectedBackend;
}

/** The plain settings `startWorker` builds a worker from (read from flags and the environment by its caller). */
export interface WorkerSettings {
  /** `control`: the workflows and the control activities; `cpu`/`gpu`: the trainer activity. */
  readonly pool: 'control' | WorkerPool;
  /** Activities run at once; ≥ 1. */
  readonly concurrency: number;
  /** The Temporal server to poll. */
  readonly temporal: TemporalTarget;
  /** The MLflow server (`trackingConfigFromEnv` from `@bcml/tracking`). */
  readonly tracking: TrackingConfig;
  /** This worker's own folder for scratch files (`<BCML_DATA_DIR>/work`); nothing in it is shared with other workers. */
  readonly storageDir: string;
  /** This worker's artifact cache (`<BCML_DATA_DIR>/cache/artifacts`): content fetched by digest, bounded. */
  readonly cacheDir: string;
  /** Bound of the artifact cache in bytes (default `DEFAULT_CACHE_MAX_BYTES`). */
  readonly cacheMaxBytes?: number;
  /** An S3 bucket or S3-compatible server (`s3OptionsFromEnv`): `s3://` artifacts travel through it. */
  readonly s3?: S3Options;
  /** Where runs without MLflow tracking put their files (`s3://bucket/prefix`); needs a transport of its scheme. */
  readonly untrackedArtifactRoot?: string;
  /** Credentials of http(s) dataset files (`netrcAuthorization` of the worker's netrc file); default none. */
  readonly httpAuthorization?: HttpAuthorization;
  /**
   * The memory this worker's datasets may take once read and encoded, in bytes (`BCML_WORKER_MEMORY_BYTES`; default
   * `defaultMemoryBudgetBytes()`, half of the machine's memory): a sweep whose dataset does not fit fails in prepare,
   * before any training, with an error naming `dataset.uri`, the estimate and the budget.
   */
  readonly memoryBudgetBytes?: number;
  readonly logger: WorkerLogger;
  /** The tfjs backend (default `tensorflow-gpu` for the gpu pool, else `tensorflow`). */
  readonly backend?: BackendName;
  /**
   * `tensorflow-gpu` only: start even where TensorFlow sees no GPU and train on the CPU (default false: such a gpu
   * pool worker refuses to start, since points routed to the gpu queue would silently run many times slower).
   */
  readonly allowCpu?: boolean;
  /** Trainers: the least time between two checkpoint uploads of a point (default 10 s; 0: every epoch). */
  readonly checkpointIntervalMs?: number;
  /** Called once the worker is created (polling starts right after). */
  readonly onReady?: (ready: WorkerReady) => void;
  /** Stops the worker gracefully when aborted. */
  readonly signal?: AbortSignal;
  /** Process signals that stop the worker gracefully; default `SIGTERM` and `SIGINT` (`[]`: none, e.g. in tests). */
  readonly shutdownSignals?: readonly NodeJS.Signals[];
}

/** What `startWorker` runs through; tests pass fakes (default: `selectBackend` and `runWorker`). */
export interface StartWorkerDeps {
  readonly selectBackend?: (name: BackendName, options: SelectBackendOptions) => Promise<SelectedBackend>;
  readonly runWorker?: (options: RunWorkerOptions) => Promise<void>;
  /** Checks the MLflow credentials before anything starts (default `checkTrackingCredentials`). */
  readonly checkTracking?: (config: TrackingConfig, logger: WorkerLogger) => Promise<void>;
}

/**
 * The worker's composition root: refuses MLflow credentials the server rejects (`checkTrackingCredentials`), selects
 * the tfjs backend (`tensorflow-gpu` refuses a machine where TensorFlow sees
 * no GPU, unless `allowCpu`; `onReady` says which device it got), builds the MLflow client, the dataset resolver
 * (`datasetResolver`), the model store (`localModelStore`), the artifact store (MLflow's transport, plus S3's
 * with `s3`) and the pool's activities, then runs the worker
 * (`runWorker`) until it is stopped (`signal`, SIGTERM or SIGINT). Resolves once the worker has shut down.
 */
export async function startWorker(settings: WorkerSettings, deps: StartWorkerDeps = {}): Promise<void> {
  const { pool, concurrency, temporal, logger, signal, shutdownSignals } = settings;
  const tracking = createMlflowClient(settings.tracking);
  // Wrong credentials refuse to start (before the backend loads): every activity would fail with them.
  await (deps.checkTracking ?? checkTrackingCredentials)(settings.tracking, logger);
  // The gpu pool refuses a machine without a GPU unless allowCpu; onReady's backend says which device it got.
  const backend = await (deps.selectBackend ?? selectBackend)(
    settings.backend ?? (pool === 'gpu' ? 'tensorflow-gpu' : 'tensorflow'),
    { requireGpu: settings.allowCpu !== true },
  );
  const { httpAuthorization } = settings;
  const { memoryBudgetBytes } = settings;
  const resolveDataset = datasetResolver({
    tracking,
    ...(httpAuthorization === undefined ? {} : { httpAuthorization }),
    ...(memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes }),
  });
  const models = localModelStore({ tracking });
  const transports: ArtifactTransport[] = [mlflowArtifactTransport(tracking)];
  if (settings.s3 !== undefined) transports.push(s3ArtifactTransport(settings.s3));
  const { untrackedArtifactRoot } = settings;
  if (untrackedArtifactRoot !== undefined) checkArtifactRoot(untrackedArtifactRoot, transports);
  const artifacts = createArtifactStore({
    transports,
    cache: createArtifactCache({
      dir: settings.cacheDir,
      ...(settings.cacheMaxBytes === undefined ? {} : { maxBytes: settings.cacheMaxBytes }),
    }),
  });
  const storageDir = settings.storageDir;
  const stores = { storageDir, artifacts, ...(untrackedArtifactRoot === undefined ? {} : { untrackedArtifactRoot }) };
  const run = deps.runWorker ?? runWorker;
  const common = {
    concurrency,
    temporal,
    ...(signal === undefined ? {} : { signal }),
    ...(shutdownSignals === undefined ? {} : { shutdownSignals }),
    onReady: (taskQueue: string) => settings.onReady?.({ taskQueue, trackingUri: tracking.trackingUri, backend }),
  };
  if (pool === 'control') {
    const activities = createControlActivities({ tracking, ...stores, resolveDataset, models, logger });
    await run({ ...common, pool, activities });
  } else {
    const activities = createTrainerActivities({
      tracking,
      ...stores,
      resolveDataset,
      models,
      logger,
      ...(settings.checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs: settings.checkpointIntervalMs }),
    });
    await run({ ...common, pool, activities });
  }
}

/** Refuses an untracked-artifact root that no transport serves (an `s3://` root without the AWS credentials). */
function checkArtifactRoot(root: string, transports: readonly ArtifactTransport[]): void {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(root)?.[1]?.toLowerCase() ?? '';
  if (scheme === 's3:') parseS3Uri(root, 'untrackedArtifactRoot');
  if (transports.some((t) => t.schemes.includes(scheme))) return;
  if (scheme === 's3:') {
    throw new InvalidInputError(
      'AWS_ACCESS_KEY_ID',
      'S3 credentials (the untracked artifact root is on S3)',
      undefined,
    );
  }
  const schemes = transports.flatMap((t) => t.schemes).join(', ');
  throw new InvalidInputError('untrackedArtifactRoot', `a URI of this worker's stores (${schemes})`, root);
}
