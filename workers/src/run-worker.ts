import {
  CONTROL_TASK_QUEUE,
  trainTaskQueue,
  type ControlActivities,
  type TrainerActivities,
  type WorkerPool,
} from '@bcml/core';
import { NativeConnection, Worker } from '@temporalio/worker';

import { heartbeatTicker } from './heartbeat-ticker.js';
import { temporalConnectionOptions, type TemporalTarget } from './temporal-connection.js';
import { workflowsPath } from './workflows-path.js';

/** The pool a worker serves and the activities it runs there. */
export type WorkerPoolActivities =
  | {
      /** `bcml-control`: the workflows and the control activities (the sweep's, comparison's and regression's). */
      readonly pool: 'control';
      readonly activities: ControlActivities & object;
    }
  | {
      /** `bcml-train-<pool>`: the trainer activity. */
      readonly pool: WorkerPool;
      readonly activities: TrainerActivities & object;
    };

/** Options of `runWorker`: the pool and its activities, concurrency, the server, and when to stop. */
export type RunWorkerOptions = WorkerPoolActivities & {
  /** Activities run at once (trainers: points trained at once); ≥ 1. */
  readonly concurrency: number;
  /** The server, with its TLS settings and API key (`temporalTargetFromEnv`). */
  readonly temporal: TemporalTarget;
  /** The worker's identity in Temporal (default: Temporal's `<pid>@<host>`). */
  readonly identity?: string;
  /** Stops the worker gracefully when aborted (running activities are cancelled and awaited). */
  readonly signal?: AbortSignal;
  /** Process signals that stop the worker gracefully; default `SIGTERM` and `SIGINT` (`[]`: none, e.g. in tests). */
  readonly shutdownSignals?: readonly NodeJS.Signals[];
  /** How long running activities get to finish after a shutdown request before they are cancelled (default 30 s). */
  readonly shutdownGraceTimeMs?: number;
  /** Called once the worker is created (polling starts right after). */
  readonly onReady?: (taskQueue: string) => void;
};

/**
 * Runs a Temporal worker for one pool until it is stopped (`signal`, SIGTERM or SIGINT): the control pool polls
 * `bcml-control` with the workflows (`workflowsPath()`) and the control activities (heartbeating while they run,
 * `heartbeatTicker`); a trainer pool polls
 * `bcml-train-<pool>` with `trainPoint` and `trainPack`, at most `concurrency` at a time. Resolves once the worker has shut down and
 * its connection is closed; rejects if the worker fails.
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`invalid concurrency: expected an integer >= 1, received ${options.concurrency}`);
  }
  const taskQueue = options.pool === 'control' ? CONTROL_TASK_QUEUE : trainTaskQueue(options.pool);
  const connection = await NativeConnection.connect(temporalConnectionOptions(options.temporal));
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.temporal.namespace,
      taskQueue,
      activities: options.activities,
      // Control activities heartbeat while they run (trainers heartbeat their checkpoints themselves).
      ...(options.pool === 'control'
        ? { workflowsPath: workflowsPath(), interceptors: { activity: [heartbeatTicker] } }
        : {}),
      maxConcurrentActivityTaskExecutions: options.concurrency,
      shutdownGraceTime: options.shutdownGraceTimeMs ?? 30_000,
      ...(options.identity === undefined ? {} : { identity: options.identity }),
    });
    const stop = (): void => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    };
    const signals = options.shutdownSignals ?? ['SIGTERM', 'SIGINT'];
    for (const name of signals) process.once(name, stop);
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      options.onReady?.(taskQueue);
      if (options.signal?.aborted === true) return;
      await worker.run();
    } finally {
      for (const name of signals) process.off(name, stop);
      options.signal?.removeEventListener('abort', stop);
    }
  } finally {
    await connection.close();
  }
}
