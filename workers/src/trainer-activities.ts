import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

import {
  InvalidInputError,
  isProgressSignalEpoch,
  POINT_PROGRESS_SIGNAL,
  trainingHead,
  type PackedPoint,
  type PointHeadline,
  type PointProgress,
  type TrainedPoint,
  type TrainerActivities,
  type TrainPackHeartbeat,
  type TrainPackInput,
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
  trainPacked,
  writePredictions,
  type EpochReport,
  type H1Outputs,
  type LabelledData,
} from '@bcml/training';
import { type LayersModel } from '@tensorflow/tfjs-layers';
import { type MetricPoint, type MlflowClient, type Run, type TensorSignature } from '@bcml/tracking';
import { Context } from '@temporalio/activity';

import { toActivityFailure } from './activity-failure.js';
import { datasetInputs } from './dataset-inputs.js';
import { epochMetrics } from './epoch-metrics.js';
import { epochPipeline, stageCheckpoint } from './epoch-pipeline.js';
import { mapLimit, parseArtifactRef, type ArtifactStore } from './artifacts/index.js';
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
  /**
   * The least time between two progress signals of an activity (default `DEFAULT_PROGRESS_SIGNAL_MS`; 0: every
   * epoch, within the activity's share of the sweep's signals). The last epoch's always goes.
   */
  readonly progressSignalIntervalMs?: number;
}

/** Checkpoints go up at most every 10 s (and after the last epoch). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

/**
 * Points of a pack whose MLflow and artifact requests run at once (opening runs, logging metrics, uploads): a pack of
 * 64 points side by side would send hundreds of requests at once and exhaust the tracking server's database pool.
 */
const POINTS_AT_ONCE = 4;

/** Progress signals to the workflow at most this often (and after the last epoch). */
export const DEFAULT_PROGRESS_SIGNAL_MS = 1_000;

/** Whether `value` is a `TrainPointHeartbeat` (what an earlier attempt heartbeated). */
function isHeartbeat(value: unknown): value is TrainPointHeartbeat {
  const v = value as Partial<TrainPointHeartbeat> | null | undefined;
  return typeof v?.checkpointUri === 'string' && typeof v.epoch === 'number' && typeof v.epochs === 'number';
}

/** Whether `value` is a `TrainPackHeartbeat` of `size` points (what an earlier attempt of the pack heartbeated). */
function isPackHeartbeat(value: unknown, size: number): value is TrainPackHeartbeat {
  const v = value as Partial<TrainPackHeartbeat> | null | undefined;
  return (
    Array.isArray(v?.checkpointUris) &&
    v.checkpointUris.length === size &&
    v.checkpointUris.every((uri) => typeof uri === 'string') &&
    typeof v.epoch === 'number' &&
    typeof v.epochs === 'number'
  );
}

/** What one trainer activity trains: one point (`trainPoint`) or a pack of them (`trainPack`). */
interface TrainingGroup extends Omit<TrainPackInput, 'points'> {
  readonly points: readonly PackedPoint[];
  /** `point`: `trainCompatibility` and `TrainPointHeartbeat`; `pack`: `trainPacked` and `TrainPackHeartbeat`. */
  readonly mode: 'point' | 'pack';
}

/** One point's MLflow run and files while its group trains. */
interface PointRun {
  readonly packed: PackedPoint;
  readonly run: Run | null;
  readonly runId: string | null;
  /** Where the point's files go in the artifact store. */
  readonly root: string;
  /** Epochs an earlier attempt already logged to the run. */
  readonly loggedEpochs: ReadonlySet<number>;
  /** The run existed before this attempt, which may have logged some metrics: they go through `logMetricsOnce`. */
  readonly resumed: boolean;
  /** This point's own scratch folder (checkpoints, model, predictions). */
  readonly scratch: string;
  /** Epoch metrics not yet sent (they go with the checkpoint that covers them). */
  unlogged: MetricPoint[];
}

/** Builds the trainer pools' activities (`TrainerActivities`) over their dependencies. */
export function createTrainerActivities(deps: TrainerDeps): TrainerActivities {
  const { tracking, artifacts, resolveDataset, models, logger } = deps;

  /** Opens (or finds again, on retry) the point's child run. */
  const openRun = async (group: TrainingGroup, packed: PackedPoint, scratch: string): Promise<PointRun> => {
    const { prepared } = group;
    let run: Run | null = null;
    // Epochs an earlier attempt already logged to this run (it logs an epoch's metrics before heartbeating the
    // checkpoint that covers it, so a kill in between leaves them logged for an epoch this attempt trains again).
    let loggedEpochs = new Set<number>();
    let resumed = false;
    if (tracking !== null && prepared.experimentId !== null) {
      const found = await tracking.getOrCreateRun(prepared.experimentId, packed.runKey, {
        runName: packed.point.id,
        ...(prepared.parentRunId === null ? {} : { parentRunId: prepared.parentRunId }),
        tags: { 'bcml.kind': 'sweep-point', 'bcml.point': packed.point.id },
      });
      run = found.run;
      if (!found.created) {
        resumed = true;
        if (run.info.status !== 'RUNNING') await tracking.updateRun(run.info.runId, { status: 'RUNNING' });
        loggedEpochs = new Set((await tracking.getMetricHistory(run.info.runId, 'loss')).map((m) => m.step));
      }
      // Logged by every attempt: one killed right after creating the run left it without them (same values).
      await tracking.logParams(run.info.runId, pointParams(packed, group.points.length));
    }
    await mkdir(scratch, { recursive: true });
    return {
      packed,
      run,
      runId: run?.info.runId ?? null,
      root: runArtifactRoot(run, packed.runKey, deps.untrackedArtifactRoot),
      loggedEpochs,
      resumed,
      scratch,
      unlogged: [],
    };
  };

  const trainGroup = async (group: TrainingGroup, scratch: string): Promise<TrainedPoint[]> => {
    const context = Context.current();
    const started = Date.now();
    const { prepared, dataset, mode } = group;
    const size = group.points.length;
    const folders = group.points.map((_, k) => (mode === 'point' ? scratch : join(scratch, `point-${k}`)));
    const checkpointDirs = folders.map((folder) => join(folder, 'checkpoint'));
    // Resume: the checkpoints an earlier attempt (on any machine) uploaded and heartbeated.
    const previous: unknown = context.info.heartbeatDetails;
    const resumeUris =
      mode === 'point' && isHeartbeat(previous)
        ? [previous.checkpointUri]
        : mode === 'pack' && isPackHeartbeat(previous, size)
          ? previous.checkpointUris
          : undefined;
    if (resumeUris !== undefined) {
      await Promise.all(
        resumeUris.map(async (checkpointUri, k) => {
          const fetched = await artifacts.fetch(checkpointUri, 'heartbeat checkpointUri');
          const { uri } = parseArtifactRef(checkpointUri, 'heartbeat checkpointUri');
          await adoptCheckpoint(checkpointDirs[k]!, fetched, uri.slice(uri.lastIndexOf('/') + 1));
        }),
      );
      const epoch = (previous as { readonly epoch: number }).epoch;
      logger.info(`resuming ${group.points.map((p) => p.point.id).join(', ')} after epoch ${epoch}`, {
        checkpoints: resumeUris,
      });
    }

    const data = await resolveDataset(dataset);
    const train = splitOf(data, dataset.trainSplit, 'dataset.trainSplit');
    const test = splitOf(data, dataset.testSplit, 'dataset.testSplit');
    const h1Dir = await artifacts.fetch(prepared.h1OutputsUri, 'prepared.h1OutputsUri');
    const h1Train = await readH1Outputs(join(h1Dir, splitArrowFile(dataset.trainSplit)));
    const h1Test = await readH1Outputs(join(h1Dir, splitArrowFile(dataset.testSplit)));
    const initialDir = await artifacts.fetch(prepared.initialModelUri, 'prepared.initialModelUri');
    const initial = await models.load(join(initialDir, trainingHead(group.points[0]!.training)));
    // A model of the user's own (`tfjs`) is h2 itself (its architecture is not one bcml builds); others are built
    // from the spec and take the prepared weights.
    const ownModel = group.points[0]!.training.model.kind === 'tfjs' ? initial : undefined;
    // The prepared weights are copied out only for a model built from the spec (an own model already holds them).
    const initialWeights = ownModel === undefined ? modelWeights(initial) : undefined;
    if (ownModel === undefined) initial.dispose();

    const runs = await mapLimit(group.points, POINTS_AT_ONCE, (packed, k) => openRun(group, packed, folders[k]!));
    if (tracking !== null) {
      // The MLflow UI's Datasets panel: what each point trained and was evaluated on (MLflow deduplicates a retry's).
      const inputs = datasetInputs(dataset, data, [
        { name: dataset.trainSplit, context: 'training' },
        { name: dataset.testSplit, context: 'eval' },
      ]);
      await mapLimit(runs, POINTS_AT_ONCE, (r) =>
        r.runId === null ? Promise.resolve() : tracking.logInputs(r.runId, inputs),
      );
    }
    const heartbeatOf = (epoch: number, epochs: number, uris: readonly string[]): unknown =>
      mode === 'point'
        ? ({ epoch, epochs, checkpointUri: uris[0]! } satisfies TrainPointHeartbeat)
        : ({ epoch, epochs, checkpointUris: uris } satisfies TrainPackHeartbeat);
    let last: unknown = resumeUris === undefined ? undefined : previous;
    const timer = setInterval(() => context.heartbeat(last), deps.heartbeatIntervalMs ?? 2000);
    // Each epoch's round trips run while the next epoch trains, in order (see epochPipeline); checkpoints (with the
    // metrics of their epochs) and progress go out at most at their intervals, so that short epochs are not held up
    // by the servers' requests.
    const pipeline = epochPipeline();
    const checkpointInterval = deps.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    const signalInterval = deps.progressSignalIntervalMs ?? DEFAULT_PROGRESS_SIGNAL_MS;
    let lastUpload = Date.now();
    let lastSignal = -Infinity;
    let lastSignalledEpoch = 0;
    const tracked = (r: PointRun): r is PointRun & { readonly runId: string } => tracking !== null && r.runId !== null;
    /** Logs a tracked run's metrics; a run an earlier attempt opened gets only the (key, step) pairs it lacks. */
    const logOnce = async (
      r: PointRun & { readonly runId: string },
      metrics: readonly MetricPoint[],
    ): Promise<void> => {
      if (r.resumed) await tracking!.logMetricsOnce(r.runId, metrics);
      else await tracking!.logMetrics(r.runId, metrics);
    };
    try {
      const onEpoch = async (reports: readonly EpochReport[]): Promise<void> => {
        const { epoch, epochs } = reports[0]!;
        const final = epoch === epochs;
        const now = Date.now();
        const checkpoints = reports.map((r) => r.checkpoint);
        const upload = checkpoints.every((c) => c !== null) && (final || now - lastUpload >= checkpointInterval);
        if (upload) lastUpload = now;
        reports.forEach((report, k) => {
          const r = runs[k]!;
          if (tracked(r) && !r.loggedEpochs.has(epoch)) r.unlogged.push(...epochMetrics(report));
        });
        // Epoch metrics go to MLflow with the checkpoint that covers them, after its upload and before its heartbeat:
        // a retry resumes from the last heartbeated checkpoint, so every epoch is logged (by this attempt or the
        // retry), and once (the retry skips epochs it finds logged).
        const flush = upload || final;
        // At most one a second, within the activity's share of the sweep's signals (each is a history event).
        const signal =
          final ||
          (now - lastSignal >= signalInterval &&
            isProgressSignalEpoch(epoch, epochs, lastSignalledEpoch, group.progressSignals ?? epochs));
        if (signal) {
          lastSignal = now;
          lastSignalledEpoch = epoch;
        }
        // The checkpoint folders are removed by the next epoch's write: their files are linked aside for the upload.
        const staged = upload
          ? await Promise.all(checkpoints.map((c, k) => stageCheckpoint(c, join(folders[k]!, 'staged'))))
          : null;
        const metrics = runs.map((r) => (flush ? r.unlogged.splice(0) : []));
        const logMetrics = (): Promise<unknown> =>
          mapLimit(runs, POINTS_AT_ONCE, (r, k) =>
            tracked(r) && metrics[k]!.length > 0 ? logOnce(r, metrics[k]!) : Promise.resolve(),
          );
        await pipeline.push(async () => {
          // Cancelled: what is still queued belongs to epochs the next attempt trains again.
          if (context.cancellationSignal.aborted) return;
          if (staged !== null) {
            // Upload first, heartbeat after: whatever the server holds can be fetched by the next attempt.
            const uris = await mapLimit(staged, POINTS_AT_ONCE, async (folder, k) => {
              const uri = await artifacts.putFolder(
                folder,
                artifactChild(runs[k]!.root, RESULT_FILES.checkpoints, basename(checkpoints[k]!)),
              );
              await rm(folder, { recursive: true, force: true });
              return uri;
            });
            if (context.cancellationSignal.aborted) return;
            await logMetrics();
            last = heartbeatOf(epoch, epochs, uris);
            context.heartbeat(last);
          } else {
            await logMetrics();
          }
          if (!signal) return;
          // One signal per epoch for the whole group (a pack's points in an array): each signal is an event in the
          // sweep's history, which Temporal caps.
          const progress: PointProgress[] = runs.map(({ packed }) => ({ pointId: packed.point.id, epoch, epochs }));
          try {
            await context.client.workflow
              .getHandle(group.workflowId)
              .signal(POINT_PROGRESS_SIGNAL, mode === 'point' ? progress[0]! : progress);
          } catch (error) {
            const ids = progress.map((p) => p.pointId).join(', ');
            logger.warn(`could not signal progress of ${ids}`, { error: String(error) });
          }
        });
      };
      const common = {
        data: train,
        h1Outputs: h1Train,
        validation: { data: test, h1Outputs: h1Test },
        ...(initialWeights === undefined ? {} : { initialWeights }),
        signal: context.cancellationSignal,
        logger,
      };
      const results =
        mode === 'point'
          ? [
              await trainCompatibility(group.points[0]!.training, {
                ...common,
                ...(ownModel === undefined ? {} : { model: ownModel }),
                checkpoint: { dir: checkpointDirs[0]! },
                onEpoch: (report) => onEpoch([report]),
              }),
            ]
          : await trainPacked(
              group.points.map((p) => p.training),
              { ...common, checkpoints: checkpointDirs.map((dir) => ({ dir })), onEpoch, field: 'points.training' },
            );
      await pipeline.drain();
      // Each point's model, predictions and evaluations are made here (kernels, one point after another); their
      // uploads then all go side by side.
      const finished: FinishedPoint[] = [];
      try {
        for (const [k, result] of results.entries()) {
          finished.push(await finishLocally(runs[k]!, result.model, { train, test, h1Train, h1Test }));
        }
      } finally {
        for (const result of results) result.model.dispose();
      }
      const durationMs = Date.now() - started;
      return await mapLimit(finished, POINTS_AT_ONCE, (f) => upload(f, durationMs));
    } catch (error) {
      await pipeline.settle();
      if (context.cancellationSignal.aborted) {
        await endRuns(runs, 'KILLED');
        const reason: unknown = context.cancellationSignal.reason;
        throw reason instanceof Error ? reason : error;
      }
      const failure = toActivityFailure(error);
      if (failure !== error && !(error instanceof TrainingCancelledError)) await endRuns(runs, 'FAILED');
      throw failure;
    } finally {
      clearInterval(timer);
    }

    /** Saves a point's model, writes its predictions and evaluations into its scratch folder. */
    async function finishLocally(
      r: PointRun,
      model: LayersModel,
      splitsData: {
        readonly train: LabelledData;
        readonly test: LabelledData;
        readonly h1Train: H1Outputs;
        readonly h1Test: H1Outputs;
      },
    ): Promise<FinishedPoint> {
      const { point, training } = r.packed;
      const modelDir = join(r.scratch, RESULT_FILES.model);
      const predictionsDir = join(r.scratch, RESULT_FILES.predictions);
      const splits: Record<string, PointHeadline> = {};
      // Prepared by an older worker: no metric, so accuracy.
      const metric = prepared.performanceMetric ?? 'accuracy';
      await models.save(model, modelDir);
      await mkdir(predictionsDir, { recursive: true });
      for (const [split, labelled, h1] of [
        [dataset.trainSplit, splitsData.train, splitsData.h1Train],
        [dataset.testSplit, splitsData.test, splitsData.h1Test],
      ] as const) {
        const table = await predict(model, labelled, {
          signal: context.cancellationSignal,
          ...(training.evalBatchSize === undefined ? {} : { batchSize: training.evalBatchSize }),
        });
        await writePredictions(join(predictionsDir, splitArrowFile(split)), table);
        // Evaluated once, here: reduce reads this file back instead of recomputing it.
        const evaluation = pointEvaluation(point.id, split, predictionArrays(table), h1, data.classes, metric);
        await writeJsonFile(join(r.scratch, pointEvaluationPath(split)), evaluation);
        splits[split] = pointHeadline(evaluation, metric);
      }
      const signature = {
        inputShape: [...splitsData.train.examples.shape],
        outputShape: model.outputs[0]!.shape.slice(1) as number[],
      };
      return { r, modelDir, predictionsDir, splits, signature };
    }

    /** Sends a point's files up (each its own round trips, side by side), then ends its run. */
    async function upload(f: FinishedPoint, durationMs: number): Promise<TrainedPoint> {
      const { r, modelDir, predictionsDir, splits, signature } = f;
      const splitNames = [dataset.trainSplit, dataset.testSplit];
      const [predictionsUri, evaluationUris, modelUri] = await Promise.all([
        artifacts.putFolder(predictionsDir, artifactChild(r.root, RESULT_FILES.predictions)),
        Promise.all(
          splitNames.map((split) => {
            const path = pointEvaluationPath(split);
            return artifacts.putFile(join(r.scratch, path), artifactChild(r.root, path));
          }),
        ),
        tracking !== null && r.run !== null
          ? tracking
              .logTfjsModel(r.run.info, modelDir, {
                artifactPath: RESULT_FILES.model,
                flavorConfig: { classes: prepared.classes },
                signature,
              })
              .then((logged) => logged.modelUri)
          : artifacts.putFolder(modelDir, artifactChild(r.root, RESULT_FILES.model)),
      ]);
      const evaluations = Object.fromEntries(splitNames.map((split, i) => [split, evaluationUris[i] as string]));
      if (tracked(r)) {
        // A retry after an attempt that got this far (its endRun or its completion lost) logs none of them again.
        await logOnce(r, headlineMetrics(splits, r.packed.training.epochs));
        await tracking!.endRun(r.runId, 'FINISHED');
      }
      return { mlflowRunId: r.runId, modelUri, predictionsUri, evaluations, durationMs, splits };
    }
  };

  /** Ends every tracked run of the group with `status` (best effort: the failure being reported matters more). */
  const endRuns = async (runs: readonly PointRun[], status: 'KILLED' | 'FAILED'): Promise<void> => {
    await Promise.all(
      runs.map((r) =>
        tracking !== null && r.runId !== null
          ? tracking.endRun(r.runId, status).catch(() => undefined)
          : Promise.resolve(),
      ),
    );
  };

  const activity =
    <I, O>(groupOf: (input: I) => TrainingGroup, unwrap: (points: TrainedPoint[]) => O) =>
    async (input: I): Promise<O> => {
      try {
        const group = groupOf(input);
        return unwrap(await withScratch(deps.storageDir, (scratch) => trainGroup(group, scratch)));
      } catch (error) {
        throw toActivityFailure(error);
      }
    };

  return {
    trainPoint: activity(
      (input: TrainPointInput) => ({
        ...input,
        points: [{ runKey: input.runKey, point: input.point, training: input.training }],
        mode: 'point',
      }),
      (points) => points[0]!,
    ),
    trainPack: activity(
      (input: TrainPackInput): TrainingGroup => {
        if (input.points.length === 0) throw new InvalidInputError('points', 'at least one point', 0);
        return { ...input, mode: 'pack' };
      },
      (points) => points,
    ),
  };
}

/** A point trained and written locally, before its upload. */
interface FinishedPoint {
  readonly r: PointRun;
  readonly modelDir: string;
  readonly predictionsDir: string;
  readonly splits: Record<string, PointHeadline>;
  /** The model's MLflow signature: one example's input and output shapes. */
  readonly signature: TensorSignature;
}

function pointParams(input: PackedPoint, packed: number): Record<string, string | number> {
  const { point, training } = input;
  return {
    packedWith: packed,
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

function headlineMetrics(splits: Readonly<Record<string, PointHeadline>>, step: number): MetricPoint[] {
  return Object.entries(splits).flatMap(([split, h]) =>
    Object.entries(h).flatMap(([key, value]) =>
      typeof value === 'number' ? [{ key: `${split}_${key}`, value, step }] : [],
    ),
  );
}
