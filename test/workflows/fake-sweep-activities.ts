import { CancelledFailure, Context } from '@temporalio/activity';

import {
  isProgressSignalEpoch,
  POINT_PROGRESS_SIGNAL,
  type FinishSweepInput,
  type PointProgress,
  type PointSpec,
  type PreparedSweep,
  type PrepareSweepInput,
  type ReduceSweepInput,
  type RenderReportInput,
  type StorePointResultsInput,
  type SweepControlActivities,
  type TrainedPoint,
  type TrainerActivities,
  type TrainPackHeartbeat,
  type TrainPackInput,
  type TrainPointHeartbeat,
  type TrainPointInput,
} from '@bcml/core';

/** Typed fake control activities that record their calls. */
export interface FakeSweepControl {
  readonly activities: SweepControlActivities;
  readonly calls: {
    readonly prepareSweep: PrepareSweepInput[];
    readonly storePointResults: StorePointResultsInput[];
    readonly reduceSweep: ReduceSweepInput[];
    readonly renderReport: RenderReportInput[];
    readonly finishSweep: FinishSweepInput[];
  };
}

/** Fake control activities; `prepareError` makes `prepareSweep` throw it (a bad dataset, say). */
export function createFakeSweepControl(options: { readonly prepareError?: () => Error } = {}): FakeSweepControl {
  const calls: FakeSweepControl['calls'] = {
    prepareSweep: [],
    storePointResults: [],
    reduceSweep: [],
    renderReport: [],
    finishSweep: [],
  };
  return {
    calls,
    activities: {
      prepareSweep: (input) => {
        calls.prepareSweep.push(input);
        if (options.prepareError !== undefined) return Promise.reject(options.prepareError());
        const workUri = `mlflow-artifacts:/0/bcml-fake/${input.runKey}`;
        const prepared: PreparedSweep = {
          parentRunId: `parent-of-${input.spec.name}`,
          experimentId: 'experiment-1',
          workUri,
          h1OutputsUri: `${workUri}/h1-outputs.arrow`,
          initialModelUri: `${workUri}/initial-model`,
          datasetSha256: 'a'.repeat(64),
          classes: 2,
        };
        return Promise.resolve(prepared);
      },
      storePointResults: (input) => {
        calls.storePointResults.push(input);
        return Promise.resolve({ uri: `${input.prepared.workUri}/point-results/part-${input.part}.json` });
      },
      reduceSweep: (input) => {
        calls.reduceSweep.push(input);
        return Promise.resolve({ summaryUri: `${input.prepared.workUri}/sweep-summary.json` });
      },
      renderReport: (input) => {
        calls.renderReport.push(input);
        return Promise.resolve({ reportUri: input.summaryUri.replace('sweep-summary.json', 'report/index.html') });
      },
      finishSweep: (input) => {
        calls.finishSweep.push(input);
        return Promise.resolve();
      },
    },
  };
}

/** How the fake trainer behaves. */
export interface FakeTrainerOptions {
  /** Wall-clock time of one fake epoch. */
  readonly epochMs: number;
  /** An error for `trainPoint` to throw for this point and attempt (`undefined`: train normally). */
  readonly fail?: (input: TrainPointInput, attempt: number) => Error | undefined;
  /** An error for `trainPack` to throw for this pack and attempt (`undefined`: train normally). */
  readonly failPack?: (input: TrainPackInput, attempt: number) => Error | undefined;
  /** What `trainPack` returns instead of its trained points (a malformed result, say). */
  readonly packResult?: (trained: TrainedPoint[], input: TrainPackInput) => unknown[];
  /** A promise an activity of these points awaits before its first epoch (`undefined`: none). */
  readonly hold?: (pointIds: readonly string[]) => Promise<void> | undefined;
}

/** A typed fake trainer that heartbeats and signals each epoch and records what happened. */
export interface FakeTrainer {
  readonly activities: TrainerActivities;
  /** Every `trainPoint` attempt, in start order. */
  readonly attempts: { readonly pointId: string; readonly attempt: number; readonly input: TrainPointInput }[];
  /** Every `trainPack` attempt, in start order. */
  readonly packAttempts: { readonly pointIds: string[]; readonly attempt: number; readonly input: TrainPackInput }[];
  /** Points trained to the end, by either activity. */
  readonly completed: string[];
  /** Points whose activity saw the cancellation. */
  readonly cancelled: string[];
  /** The most activities (`trainPoint` or `trainPack`) that ran at the same time. */
  readonly maxConcurrent: () => number;
}

/**
 * Fake `trainPoint` and `trainPack`: `epochs` sleeps of `epochMs`, each followed by a heartbeat and a `pointProgress`
 * signal (a pack's points in one array).
 */
export function createFakeTrainer(options: FakeTrainerOptions): FakeTrainer {
  let concurrent = 0;
  let maxConcurrent = 0;
  const attempts: FakeTrainer['attempts'] = [];
  const packAttempts: FakeTrainer['packAttempts'] = [];
  const completed: string[] = [];
  const cancelled: string[] = [];

  /** Runs one activity over `points`: counts it, trains its epochs and records how it ended. */
  const run = async <T>(points: readonly PointSpec[], train: (context: Context) => Promise<T>): Promise<T> => {
    const context = Context.current();
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    try {
      await options.hold?.(points.map((p) => p.id));
      const result = await train(context);
      completed.push(...points.map((p) => p.id));
      return result;
    } catch (error) {
      if (error instanceof CancelledFailure) cancelled.push(...points.map((p) => p.id));
      throw error;
    } finally {
      concurrent -= 1;
    }
  };

  /**
   * `epochs` sleeps, each followed by `heartbeat(epoch)` and, within `budget` (`isProgressSignalEpoch`), a
   * `pointProgress` signal (an array for a `pack`).
   */
  const epochsOf = async (
    context: Context,
    workflowId: string,
    points: readonly PointSpec[],
    pack: boolean,
    epochs: number,
    budget: number | undefined,
    heartbeat: (epoch: number) => TrainPointHeartbeat | TrainPackHeartbeat,
  ): Promise<void> => {
    let lastSignalled = 0;
    for (let epoch = 1; epoch <= epochs; epoch += 1) {
      context.heartbeat(heartbeat(epoch - 1));
      await context.sleep(options.epochMs);
      context.heartbeat(heartbeat(epoch));
      if (!isProgressSignalEpoch(epoch, epochs, lastSignalled, budget ?? epochs)) continue;
      lastSignalled = epoch;
      // As the real trainer: one object for a point alone, one array per epoch for a pack, within its budget.
      const progress: PointProgress[] = points.map((point) => ({ pointId: point.id, epoch, epochs }));
      await context.client.workflow.getHandle(workflowId).signal(POINT_PROGRESS_SIGNAL, pack ? progress : progress[0]);
    }
  };

  const trainPoint = (input: TrainPointInput): Promise<TrainedPoint> => {
    const { point, training } = input;
    return run([point], async (context) => {
      attempts.push({ pointId: point.id, attempt: context.info.attempt, input });
      const started = Date.now();
      const failure = options.fail?.(input, context.info.attempt);
      if (failure !== undefined) throw failure;
      const checkpointUri = checkpointOf(input.prepared, point);
      await epochsOf(context, input.workflowId, [point], false, training.epochs, input.progressSignals, (epoch) => ({
        epoch,
        epochs: training.epochs,
        checkpointUri,
      }));
      return trainedPoint(input.prepared, point, Date.now() - started);
    });
  };

  const trainPack = (input: TrainPackInput): Promise<TrainedPoint[]> => {
    const points = input.points.map((p) => p.point);
    return run(points, async (context) => {
      packAttempts.push({ pointIds: points.map((p) => p.id), attempt: context.info.attempt, input });
      const started = Date.now();
      const failure = options.failPack?.(input, context.info.attempt);
      if (failure !== undefined) throw failure;
      const epochs = input.points[0]?.training.epochs ?? 0;
      const checkpointUris = points.map((point) => checkpointOf(input.prepared, point));
      await epochsOf(context, input.workflowId, points, true, epochs, input.progressSignals, (epoch) => ({
        epoch,
        epochs,
        checkpointUris,
      }));
      const trained = points.map((point) => trainedPoint(input.prepared, point, Date.now() - started));
      // The workflow validates what comes back: a fake may return anything.
      return (options.packResult?.(trained, input) ?? trained) as TrainedPoint[];
    });
  };

  return {
    activities: { trainPoint, trainPack },
    attempts,
    packAttempts,
    completed,
    cancelled,
    maxConcurrent: () => maxConcurrent,
  };
}

function checkpointOf(prepared: PreparedSweep, point: PointSpec): string {
  return `${prepared.workUri}/points/${point.id}/checkpoint`;
}

/** What the fake trainer returns for a point: its URIs under the sweep's folder and scores that grow with λ. */
function trainedPoint(prepared: PreparedSweep, point: PointSpec, durationMs: number): TrainedPoint {
  const score = 0.8 + point.lambda / 10;
  return {
    mlflowRunId: `run-${point.index}`,
    modelUri: `${prepared.workUri}/points/${point.id}/model`,
    predictionsUri: `${prepared.workUri}/points/${point.id}/predictions`,
    evaluations: {
      train: `${prepared.workUri}/points/${point.id}/evaluations/train.json`,
      test: `${prepared.workUri}/points/${point.id}/evaluations/test.json`,
    },
    durationMs,
    splits: {
      train: { performance: score, btc: 0.95, nfr: 0.02 },
      test: { performance: score - 0.01, btc: 0.94, nfr: 0.03 },
    },
  };
}
