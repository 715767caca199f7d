import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type ControlActivities } from '@bcml/core';
import { startEphemeralStack, type Stack, type StackConfig } from '@bcml/infra';
import { createMlflowClient, trackingConfigFromEnv, type MlflowClient } from '@bcml/tracking';
import { selectBackend } from '@bcml/training';
import {
  createArtifactCache,
  createArtifactStore,
  createControlActivities,
  createTrainerActivities,
  datasetResolver,
  localModelStore,
  mlflowArtifactTransport,
  runWorker,
  type ArtifactStore,
  type DatasetResolver,
  type WorkerLogger,
} from '@bcml/workers';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/** A throwaway stack with a control worker and a cpu trainer in this process, as the integration tests run sweeps. */
export interface SweepHarness {
  /** A scratch folder removed by `down`. */
  readonly tmp: string;
  readonly config: StackConfig;
  /** The environment a `bcml` child process needs to reach this stack. */
  readonly env: Record<string, string | undefined>;
  readonly tracking: MlflowClient;
  readonly client: Client;
  /** The workers' dataset resolver (with the tracking client, for `runs:/` datasets). */
  readonly resolveDataset: DatasetResolver;
  /** The control worker's activities, to call one directly (`MockActivityEnvironment`). */
  readonly control: ControlActivities;
  /** An artifact store of its own (its own cache), to read results back as another host would. */
  readonly reader: ArtifactStore;
  /** Stops the workers, closes the client, stops the stack and removes `tmp`. */
  down(): Promise<void>;
}

/** Options of `startSweepHarness`. */
export interface SweepHarnessOptions {
  /** The scratch folder's name prefix, e.g. `bcml-pandas-sweep-`. */
  readonly prefix: string;
  /** The control worker's logger (default: warnings to the console only). */
  readonly controlLogger?: WorkerLogger;
  /** Points the cpu trainer runs at once (default 1). */
  readonly trainerConcurrency?: number;
  /** The workers' memory budget for datasets in bytes (`BCML_WORKER_MEMORY_BYTES`; default the workers' default). */
  readonly memoryBudgetBytes?: number;
  /** The trainer's least time between two progress signals (default the workers' 1 s; 0: every epoch). */
  readonly progressSignalIntervalMs?: number;
}

const quiet: WorkerLogger = { info: () => undefined, warn: (message) => console.warn(message) };

/**
 * Starts a throwaway Temporal dev server and MLflow server (`startEphemeralStack`), selects native TensorFlow, and
 * runs a control worker and a cpu trainer in this process over MLflow-backed artifact stores (each with its own
 * cache, as separate hosts have). Call `down` in `afterAll`.
 */
export async function startSweepHarness(options: SweepHarnessOptions): Promise<SweepHarness> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
  await selectBackend('tensorflow');
  const tmp = mkdtempSync(join(tmpdir(), options.prefix));
  const abort = new AbortController();
  const workers: Promise<void>[] = [];
  let stack: Stack | undefined;
  let connection: Connection | undefined;
  const down = async (): Promise<void> => {
    abort.abort();
    await Promise.allSettled(workers);
    await connection?.close();
    await stack?.down();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const started = await startEphemeralStack(join(tmp, 'stack'));
    stack = started.stack;
    const { config } = started;
    const env = {
      ...process.env,
      ...started.env,
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      MLFLOW_TRACKING_URI: config.mlflow.trackingUri,
    };
    const tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: config.mlflow.trackingUri }));
    const resolveDataset = datasetResolver({
      tracking,
      ...(options.memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes: options.memoryBudgetBytes }),
    });
    const models = localModelStore({ tracking });
    const host = (name: string): { storageDir: string; artifacts: ArtifactStore } => ({
      storageDir: join(tmp, name, 'work'),
      artifacts: createArtifactStore({
        transports: [mlflowArtifactTransport(tracking)],
        cache: createArtifactCache({ dir: join(tmp, name, 'cache') }),
      }),
    });
    const logger = options.controlLogger ?? quiet;
    const control = createControlActivities({ tracking, ...host('control'), resolveDataset, models, logger });
    const trainer = createTrainerActivities({
      tracking,
      ...host('trainer'),
      resolveDataset,
      models,
      logger: quiet,
      ...(options.progressSignalIntervalMs === undefined
        ? {}
        : { progressSignalIntervalMs: options.progressSignalIntervalMs }),
    });
    const temporal = { address: config.temporal.address, namespace: config.temporal.namespace };
    const common = { temporal, signal: abort.signal, shutdownSignals: [], shutdownGraceTimeMs: 1000 } as const;
    workers.push(
      runWorker({ ...common, pool: 'control', concurrency: 2, activities: control }),
      runWorker({ ...common, pool: 'cpu', concurrency: options.trainerConcurrency ?? 1, activities: trainer }),
    );
    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: temporal.namespace });
    return { tmp, config, env, tracking, client, resolveDataset, control, reader: host('reader').artifacts, down };
  } catch (error) {
    await down();
    throw error;
  }
}
