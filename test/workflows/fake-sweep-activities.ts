import { CancelledFailure, Context } from '@temporalio/activity';

import {
  POINT_PROGRESS_SIGNAL,
  type FinishSweepInput,
  type PointProgress,
  type PreparedSweep,
  type PrepareSweepInput,
  type ReduceSweepInput,
  type RenderReportInput,
  type SweepControlActivities,
  type TrainedPoint,
  type TrainerActivities,
  type TrainPointHeartbeat,
  type TrainPointInput,
} from '@bcml/core';

/** Typed fake control activities that record their calls. */
export interface FakeSweepControl {
  readonly activities: SweepControlActivities;
  readonly calls: {
    readonly prepareSweep: PrepareSweepInput[];
    readonly reduceSweep: ReduceSweepInput[];
    readonly renderReport: RenderReportInput[];
    readonly finishSweep: FinishSweepInput[];
  };
}

/** Fake control activities; `prepareError` makes `prepareSweep` throw it (a bad dataset, say). */
export function createFakeSweepControl(options: { readonly prepareError?: () => Error } = {}): FakeSweepControl {
  const calls: FakeSweepControl['calls'] = { prepareSweep: [], reduceSweep: [], renderReport: [], finishSweep: [] };
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
  /** An error to throw for this point and attempt (`undefined`: train normally). */
  readonly fail?: (input: TrainPointInput, attempt: number) => Error | undefined;
}

/** A typed fake trainer that heartbeats and signals each epoch and records what happened. */
export interface FakeTrainer {
  readonly activities: TrainerActivities;
  /** Every attempt, in start order. */
  readonly attempts: { readonly pointId: string; readonly attempt: number; readonly input: TrainPointInput }[];
  readonly completed: string[];
  readonly cancelled: string[];
  /** The most attempts that ran at the same time. */
  readonly maxConcurrent: () => number;
}

/** Fake `trainPoint`: `epochs` sleeps of `epochMs`, each followed by a heartbeat and a `pointProgress` signal. */
export function createFakeTrainer(options: FakeTrainerOptions): FakeTrainer {
  let concurrent = 0;
  let maxConcurrent = 0;
  const attempts: FakeTrainer['attempts'] = [];
  const completed: string[] = [];
  const cancelled: string[] = [];
  const trainPoint = async (input: TrainPointInput): Promise<TrainedPoint> => {
    const context = Context.current();
    const { point, training } = input;
    attempts.push({ pointId: point.id, attempt: context.info.attempt, input });
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    const started = Date.now();
    try {
      const failure = options.fail?.(input, context.info.attempt);
      if (failure !== undefined) throw failure;
      const checkpoint = `${input.prepared.workUri}/points/${point.id}/checkpoint`;
      for (let epoch = 1; epoch <= training.epochs; epoch += 1) {
        context.heartbeat({
          epoch: epoch - 1,
          epochs: training.epochs,
          checkpointUri: checkpoint,
        } satisfies TrainPointHeartbeat);
        await context.sleep(options.epochMs);
        context.heartbeat({ epoch, epochs: training.epochs, checkpointUri: checkpoint } satisfies TrainPointHeartbeat);
        const progress: PointProgress = { pointId: point.id, epoch, epochs: training.epochs };
        await context.client.workflow.getHandle(input.workflowId).signal(POINT_PROGRESS_SIGNAL, progress);
      }
      completed.push(point.id);
      const score = 0.8 + point.lambda / 10;
      return {
        mlflowRunId: `run-${point.index}`,
        modelUri: `${input.prepared.workUri}/points/${point.id}/model`,
        predictionsUri: `${input.prepared.workUri}/points/${point.id}/predictions`,
        evaluations: {
          train: `${input.prepared.workUri}/points/${point.id}/evaluations/train.json`,
          test: `${input.prepared.workUri}/points/${point.id}/evaluations/test.json`,
        },
        durationMs: Date.now() - started,
        splits: {
          train: { performance: score, btc: 0.95, nfr: 0.02 },
          test: { performance: score - 0.01, btc: 0.94, nfr: 0.03 },
        },
      };
    } catch (error) {
      if (error instanceof CancelledFailure) cancelled.push(point.id);
      throw error;
    } finally {
      concurrent -= 1;
    }
  };
  return { activities: { trainPoint }, attempts, completed, cancelled, maxConcurrent: () => maxConcurrent };
}
