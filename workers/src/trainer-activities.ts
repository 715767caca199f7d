import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

import {
  POINT_PROGRESS_SIGNAL,
  trainingHead,
  type PointHeadline,
  type PointProgress,
  type TrainedPoint,
  type TrainerActivities,
  type TrainPointHeartbeat,
  type TrainPointInput,
} from '@bcml/core';
import { pointEvaluationPath, pointHeadline, RESULT_FILES, splitArrowFile, writeJsonFile } from '@bcml/results';
import {
  adoptCheckpoint,
  modelWeights,
  predict,
  predictionArrays,
  readH1Outputs,
  trainCompatibility,
  TrainingCancelledError,
  writePredictions,
  type EpochReport,
} from '@bcml/training';
import { type MetricPoint, type MlflowClient, type Run } from '@bcml/tracking';
import { Context } from '@temporalio/activity';

import { toActivityFailure } from './activity-failure.js';
import { epochPipeline, stageCheckpoint } from './epoch-pipeline.js';
import { parseArtifactRef, type ArtifactStore } from './artifacts/index.js';
import { type ModelStore } from './model-store.js';
import { pointEvaluation } from './point-evaluation.js';
import { artifactChild, runArtifactRoot, withScratch } from './run-artifacts.js';
import { splitOf, type DatasetResolver } from './sweep-data.js';
import { type WorkerLogger } from './worker-logger.js';

/** Dependencies of the trainer pools' activity. */
export interface TrainerDeps {
  /** The MLflow client of the workers' tracking server; `null`: runs are not tracked. */
  readonly tracking: MlflowClient | null;
  /** This worker's own folder for scratch files (training checkpoints, the model and predictions before upload). */
  readonly storageDir: string;
  /** The data plane: h1's outputs and the initial model come from it; checkpoints, predictions and evaluations go to it. */
  readonly artifacts: ArtifactStore;
  /** Where untracked points keep their files (an object-store folder); tracked points use their MLflow run's. */
  readonly untrackedArtifactRoot?: string;
  readonly resolveDataset: DatasetResolver;
  readonly models: ModelStore;
  readonly logger: WorkerLogger;
  /** How often a training point heartbeats its last details between epochs, so that cancellation gets through (default 2000 ms). */
  readonly heartbeatIntervalMs?: number;
  /**
   * The least time between two checkpoint uploads of a point (default `DEFAULT_CHECKPOINT_INTERVAL_MS`; 0: every
   * epoch). The last epoch's checkpoint always goes up. A retry resumes from the last uploaded one, so this bounds the
   * work a crash can lose; each upload costs the store a few requests per epoch, which dominate short epochs.
   */
  readonly checkpointIntervalMs?: number;
}

/** Checkpoints go up at most every 10 s (and after the last epoch). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

/** Progress signals to the workflow at most this often (and after the last epoch). */
const PROGRESS_SIGNAL_MS = 1_000;

/** Whether `value` is a `TrainPointHeartbeat` (what an earlier attempt heartbeated). */
function isHeartbeat(value: unknown): value is TrainPointHeartbeat {
  const v = value as Partial<TrainPointHeartbeat> | null | undefined;
  return typeof v?.checkpointUri === 'string' && typeof v.epoch === 'number' && typeof v.epochs === 'number';
}

/** Builds the trainer pools' activity (`TrainerActivities`) over its dependencies. */
export function createTrainerActivities(deps: TrainerDeps): TrainerActivities {
  const { tracking, storageDir, artifacts, resolveDataset, models, logger } = deps;

  const trainPoint = async (input: TrainPointInput, scratch: string): Promise<TrainedPoint> => {
    const context = Context.current();
    const started = Date.now();
    const { point, training, prepared, dataset } = input;
    const checkpointDir = join(scratch, 'checkpoint');
    // Resume: the checkpoint an earlier attempt (on any machine) uploaded and heartbeated.
    const previous: unknown = context.info.heartbeatDetails;
    if (isHeartbeat(previous)) {
      const fetched = await artifacts.fetch(previous.checkpointUri, 'heartbeat checkpointUri');
      const { uri } = parseArtifactRef(previous.checkpointUri, 'heartbeat checkpointUri');
      await adoptCheckpoint(checkpointDir, fetched, uri.slice(uri.lastIndexOf('/') + 1));
      logger.info(`resuming ${point.id} after epoch ${previous.epoch}`, { checkpoint: previous.checkpointUri });
    }

    const data = await resolveDataset(dataset);
    const train = splitOf(data, dataset.trainSplit, 'dataset.trainSplit');
    const test = splitOf(data, dataset.testSplit, 'dataset.testSplit');
    const h1Dir = await artifacts.fetch(prepared.h1OutputsUri, 'prepared.h1OutputsUri');
    const h1Train = await readH1Outputs(join(h1Dir, splitArrowFile(dataset.trainSplit)));
    const h1Test = await readH1Outputs(join(h1Dir, splitArrowFile(dataset.testSplit)));
    const initialDir = await artifacts.fetch(prepared.initialModelUri, 'prepared.initialModelUri');
    const initial = await models.load(join(initialDir, trainingHead(training)));
    const initialWeights = modelWeights(initial);
    initial.dispose();

    let run: Run | null = null;
    // Epochs an earlier attempt already logged to this run (it logs an epoch's metrics before heartbeating the
    // checkpoint that covers it, so a kill in between leaves them logged for an epoch this attempt trains again).
    let loggedEpochs = new Set<number>();
    if (tracking !== null && prepared.experimentId !== null) {
      const found = await tracking.getOrCreateRun(prepared.experimentId, input.runKey, {
        runName: point.id,
        ...(prepared.parentRunId === null ? {} : { parentRunId: prepared.parentRunId }),
        tags: { 'bcml.kind': 'sweep-point', 'bcml.point': point.id },
      });
      run = found.run;
      if (found.created) {
        await tracking.logParams(run.info.runId, pointParams(input));
      } else {
        if (run.info.status !== 'RUNNING') await tracking.updateRun(run.info.runId, { status: 'RUNNING' });
        loggedEpochs = new Set((await tracking.getMetricHistory(run.info.runId, 'loss')).map((m) => m.step));
      }
    }
    const runId = run?.info.runId ?? null;
    const root = runArtifactRoot(run, input.runKey, deps.untrackedArtifactRoot);

    let last: TrainPointHeartbeat | undefined = isHeartbeat(previous) ? previous : undefined;
    const timer = setInterval(() => context.heartbeat(last), deps.heartbeatIntervalMs ?? 2000);
    // Each epoch's round trips run while the next epoch trains, in order (see epochPipeline); checkpoints (with the
    // metrics of their epochs) and progress go out at most at their intervals, so that short epochs are not held up
    // by the servers' requests.
    const pipeline = epochPipeline();
    const checkpointInterval = deps.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    let lastUpload = Date.now();
    let lastSignal = -Infinity;
    let unlogged: MetricPoint[] = [];
    try {
      const onEpoch = async (report: EpochReport): Promise<void> => {
        const final = report.epoch === report.epochs;
        const now = Date.now();
        const upload = report.checkpoint !== null && (final || now - lastUpload >= checkpointInterval);
        if (upload) lastUpload = now;
        if (tracking !== null && runId !== null && !loggedEpochs.has(report.epoch)) {
          unlogged.push(...epochMetrics(report));
        }
        // Epoch metrics go to MLflow with the checkpoint that covers them, after its upload and before its heartbeat:
        // a retry resumes from the last heartbeated checkpoint, so every epoch is logged (by this attempt or the
        // retry), and once (the retry skips epochs it finds logged).
        const flush = upload || final;
        const signal = final || now - lastSignal >= PROGRESS_SIGNAL_MS;
        if (signal) lastSignal = now;
        // The checkpoint folder is removed by the next epoch's write: its files are linked aside for the upload.
        const staged =
          upload && report.checkpoint !== null
            ? await stageCheckpoint(report.checkpoint, join(scratch, 'staged'))
            : null;
        const metrics = flush ? unlogged : [];
        if (flush) unlogged = [];
        await pipeline.push(async () => {
          // Cancelled: what is still queued belongs to epochs the next attempt trains again.
          if (context.cancellationSignal.aborted) return;
          if (staged !== null && report.checkpoint !== null) {
            // Upload first, heartbeat after: whatever the server holds can be fetched by the next attempt.
            const checkpointUri = await artifacts.putFolder(
              staged,
              artifactChild(root, RESULT_FILES.checkpoints, basename(report.checkpoint)),
            );
            await rm(staged, { recursive: true, force: true });
            if (context.cancellationSignal.aborted) return;
            if (metrics.length > 0 && tracking !== null && runId !== null) await tracking.logMetrics(runId, metrics);
            last = { epoch: report.epoch, epochs: report.epochs, checkpointUri };
            context.heartbeat(last);
          } else if (metrics.length > 0 && tracking !== null && runId !== null) {
            await tracking.logMetrics(runId, metrics);
          }
          if (!signal) return;
          const progress: PointProgress = { pointId: point.id, epoch: report.epoch, epochs: report.epochs };
          try {
            await context.client.workflow.getHandle(input.workflowId).signal(POINT_PROGRESS_SIGNAL, progress);
          } catch (error) {
            logger.warn(`could not signal progress of ${point.id}`, { error: String(error) });
          }
        });
      };
      const result = await trainCompatibility(training, {
        data: train,
        h1Outputs: h1Train,
        validation: { data: test, h1Outputs: h1Test },
        checkpoint: { dir: checkpointDir },
        initialWeights,
        signal: context.cancellationSignal,
        onEpoch,
        logger,
      });
      await pipeline.drain();
      const modelDir = join(scratch, RESULT_FILES.model);
      const predictionsDir = join(scratch, RESULT_FILES.predictions);
      const splits: Record<string, PointHeadline> = {};
      try {
        await models.save(result.model, modelDir);
        await mkdir(predictionsDir, { recursive: true });
        for (const [split, labelled, h1] of [
          [dataset.trainSplit, train, h1Train],
          [dataset.testSplit, test, h1Test],
        ] as const) {
          const table = await predict(result.model, labelled, {
            signal: context.cancellationSignal,
            ...(training.evalBatchSize === undefined ? {} : { batchSize: training.evalBatchSize }),
          });
          await writePredictions(join(predictionsDir, splitArrowFile(split)), table);
          // Evaluated once, here: reduce reads this file back instead of recomputing it.
          const evaluation = pointEvaluation(point.id, split, predictionArrays(table), h1, data.classes);
          await writeJsonFile(join(scratch, pointEvaluationPath(split)), evaluation);
          splits[split] = pointHeadline(evaluation);
        }
      } finally {
        result.model.dispose();
      }
      // The point's files go up side by side (each its own round trips); the run ends once all are there.
      const splitNames = [dataset.trainSplit, dataset.testSplit];
      const [predictionsUri, evaluationUris, modelUri] = await Promise.all([
        artifacts.putFolder(predictionsDir, artifactChild(root, RESULT_FILES.predictions)),
        Promise.all(
          splitNames.map((split) => {
            const path = pointEvaluationPath(split);
            return artifacts.putFile(join(scratch, path), artifactChild(root, path));
          }),
        ),
        tracking !== null && run !== null
          ? tracking
              .logTfjsModel(run.info, modelDir, {
                artifactPath: RESULT_FILES.model,
                flavorConfig: { classes: prepared.classes },
              })
              .then((logged) => logged.modelUri)
          : artifacts.putFolder(modelDir, artifactChild(root, RESULT_FILES.model)),
      ]);
      const evaluations = Object.fromEntries(splitNames.map((split, i) => [split, evaluationUris[i] as string]));
      if (tracking !== null && run !== null) {
        await tracking.logMetrics(run.info.runId, headlineMetrics(splits, training.epochs));
        await tracking.endRun(run.info.runId, 'FINISHED');
      }
      return { mlflowRunId: runId, modelUri, predictionsUri, evaluations, durationMs: Date.now() - started, splits };
    } catch (error) {
      await pipeline.settle();
      if (context.cancellationSignal.aborted) {
        if (tracking !== null && runId !== null) await tracking.endRun(runId, 'KILLED').catch(() => undefined);
        const reason: unknown = context.cancellationSignal.reason;
        throw reason instanceof Error ? reason : error;
      }
      const failure = toActivityFailure(error);
      if (failure !== error && tracking !== null && runId !== null && !(error instanceof TrainingCancelledError)) {
        await tracking.endRun(runId, 'FAILED').catch(() => undefined);
      }
      throw failure;
    } finally {
      clearInterval(timer);
    }
  };

  return {
    trainPoint: async (input) => {
      try {
        return await withScratch(storageDir, (scratch) => trainPoint(input, scratch));
      } catch (error) {
        throw toActivityFailure(error);
      }
    },
  };
}

function pointParams(input: TrainPointInput): Record<string, string | number> {
  const { point, training } = input;
  return {
    point: point.id,
    dissonance: point.dissonance,
    loss: point.loss,
    lossName: point.lossName,
    lambda: point.lambdaLabel,
    model: JSON.stringify(training.model),
    optimizer: JSON.stringify(training.optimizer),
    epochs: training.epochs,
    batchSize: training.batchSize,
    seed: training.seed,
    head: trainingHead(training),
    ...(training.lossOptions === undefined ? {} : { lossOptions: JSON.stringify(training.lossOptions) }),
  };
}

function epochMetrics(report: EpochReport): MetricPoint[] {
  const step = report.epoch;
  const metrics: MetricPoint[] = [
    { key: 'loss', value: report.loss, step },
    { key: 'base', value: report.base, step },
    { key: 'epoch_seconds', value: report.seconds, step },
  ];
  if (report.dissonance !== null) metrics.push({ key: 'dissonance', value: report.dissonance, step });
  const v = report.validation;
  if (v !== null) {
    for (const [key, value] of Object.entries({
      val_accuracy: v.accuracy,
      val_btc: v.btc,
      val_bec: v.bec,
      val_nfr: v.nfr,
    })) {
      if (value !== null) metrics.push({ key, value, step });
    }
  }
  return metrics;
}

function headlineMetrics(splits: Readonly<Record<string, PointHeadline>>, step: number): MetricPoint[] {
  return Object.entries(splits).flatMap(([split, h]) =>
    Object.entries(h).flatMap(([key, value]) =>
      typeof value === 'number' ? [{ key: `${split}_${key}`, value, step }] : [],
    ),
  );
}
