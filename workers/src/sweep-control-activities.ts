import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  checkPerformanceMetric,
  h1SourceUri,
  h1SpecParams,
  InvalidInputError,
  parsePointResult,
  performanceOf,
  POINT_RESULTS_PER_PART,
  pointTrainingSpec,
  sweepPoints,
  trainingHead,
  type FinishSweepInput,
  type PointResult,
  type PointSpec,
  type Evaluation,
  type PerformanceRecord,
  type PointSplitScores,
  type PreparedSweep,
  type PrepareSweepInput,
  type ReducedSweep,
  type ReduceSweepInput,
  type StoredPointResults,
  type StorePointResultsInput,
  type SweepControlActivities,
  type SweepPoint,
  type TrainingHead,
} from '@bcml/core';
import {
  evaluationPath,
  pointSplitScores,
  readEvaluationFile,
  RESULT_FILES,
  splitArrowFile,
  sweepSummary,
  writeJsonFile,
  writeResultFiles,
} from '@bcml/results';
import { checkH2Model, checkTrainingInputs, dataSize, writeH1Outputs, type H1Outputs } from '@bcml/training';
import { type MlflowClient, type RunStatus } from '@bcml/tracking';

import { heartbeat } from './activity-context.js';
import { withActivityFailures } from './activity-failure.js';
import { mapLimit, type ArtifactStore } from './artifacts/index.js';
import { checkTrackingServer } from './check-tracking-server.js';
import { datasetInputs } from './dataset-inputs.js';
import { h1FileReader } from './adapters/h1-file-reader.js';
import { openH1Source, type H1FileReader } from './h1-source.js';
import { loadModelAt } from './load-model-at.js';
import { type ModelStore } from './model-store.js';
import { renderSummaryReport } from './render-summary-report.js';
import { artifactChild, runArtifactRoot, withScratch } from './run-artifacts.js';
import { datasetReadParams } from './dataset-params.js';
import { idSourceOf, splitOf, type DatasetResolver } from './sweep-data.js';
import { type WorkerLogger } from './worker-logger.js';

/** The folder of a large sweep's point results (`storePointResults`) in its work folder. */
const POINT_RESULTS = 'point-results';

/** Dependencies of the control pool's sweep activities. */
export interface SweepControlDeps {
  /** The MLflow client of the workers' tracking server; `null`: runs are not tracked. */
  readonly tracking: MlflowClient | null;
  /** This worker's own folder for scratch files (`<BCML_DATA_DIR>/work`); nothing in it is shared. */
  readonly storageDir: string;
  /** The data plane: what activities hand each other goes here, and comes back through the worker's cache. */
  readonly artifacts: ArtifactStore;
  /** Where untracked runs keep their files (an object-store folder); tracked runs use their MLflow run's artifacts. */
  readonly untrackedArtifactRoot?: string;
  readonly resolveDataset: DatasetResolver;
  readonly models: ModelStore;
  /** Reads h1's predictions or ONNX files (default `h1FileReader` over `tracking`). */
  readonly h1Files?: H1FileReader;
  readonly logger: WorkerLogger;
}

/** Builds the control pool's sweep activities (`SweepControlActivities`) over their dependencies. */
export function createSweepControlActivities(deps: SweepControlDeps): SweepControlActivities {
  const { tracking, storageDir, artifacts, resolveDataset, models, logger } = deps;
  const h1Files = deps.h1Files ?? h1FileReader({ tracking });

  const prepareSweep = async ({ runKey, spec }: PrepareSweepInput): Promise<PreparedSweep> => {
    // 1. Validate everything against the data and h1 before any MLflow run exists.
    checkTrackingServer(spec.tracking, tracking);
    const data = await resolveDataset(spec.dataset);
    const train = splitOf(data, spec.dataset.trainSplit, 'dataset.trainSplit');
    const test = splitOf(data, spec.dataset.testSplit, 'dataset.testSplit');
    checkPerformanceMetric(spec.performanceMetric, train.numClasses);
    const splitNames = [spec.dataset.trainSplit, spec.dataset.testSplit];
    const ids = idSourceOf(data, splitNames);
    if (ids !== 'column') {
      // Said once per sweep (not per batch or point); the parent run records it as the param `dataset.ids`.
      logger.info(`dataset ${spec.dataset.uri}: no id column, so the ids are the row positions in each split file`, {
        ids,
      });
    }
    const h1 = await openH1Source({ models, files: h1Files }, spec.h1, { name: 'h1' });
    let h1Train: H1Outputs;
    let h1Test: H1Outputs;
    const points = sweepPoints(spec);
    try {
      const batchSize = spec.h2.evalBatchSize;
      const options = batchSize === undefined ? {} : { batchSize };
      h1Train = await h1.outputs(spec.dataset.trainSplit, train, options);
      heartbeat();
      h1Test = await h1.outputs(spec.dataset.testSplit, test, options);
      heartbeat();
      const checked = new Set<string>();
      for (const point of points) {
        if (checked.has(point.lossName)) continue;
        checked.add(point.lossName);
        checkTrainingInputs(
          pointTrainingSpec(spec, point),
          { data: train, h1Outputs: h1Train, validation: { data: test, h1Outputs: h1Test }, h1: h1.model },
          'h2',
        );
      }
    } finally {
      await h1.dispose();
    }
    const h2Model = spec.h2.model;
    if (h2Model.kind === 'tfjs') {
      // A model of the user's own: loadable, and fitting the data and every head the grid trains.
      const own = await loadModelAt(models, h2Model.uri, 'h2.model.uri');
      try {
        for (const point of points) checkH2Model(own, train, trainingHead(pointTrainingSpec(spec, point)));
      } finally {
        own.dispose();
      }
    }

    // 2. The parent MLflow run, found again on retry by its run key.
    let parentRunId: string | null = null;
    let experimentId: string | null = null;
    let parentRun: { info: { artifactUri: string } } | null = null;
    if (tracking !== null) {
      const experiment = await tracking.getOrCreateExperiment(spec.tracking.experiment);
      experimentId = experiment.experimentId;
      const { run } = await tracking.getOrCreateRun(experimentId, runKey, {
        runName: spec.name,
        tags: { 'bcml.kind': 'sweep', 'bcml.dataset.sha256': data.sha256 },
      });
      parentRunId = run.info.runId;
      parentRun = run;
      // Logged by every attempt, not only the one that created the run: an attempt killed in between left the run
      // without them (the values come from the spec and the data only, so a retry logs the same ones).
      await tracking.logBatch(parentRunId, {
        params: {
          ...sweepParams(spec, points.length, data.sha256),
          ...datasetReadParams(spec.dataset, data, splitNames),
        },
      });
      await tracking.logInputs(
        parentRunId,
        datasetInputs(spec.dataset, data, [
          { name: spec.dataset.trainSplit, context: 'training' },
          { name: spec.dataset.testSplit, context: 'eval' },
        ]),
      );
    }
    const root = runArtifactRoot(parentRun, runKey, deps.untrackedArtifactRoot);

    // 3. The cached h1 outputs and h2's initial weights (one per head the grid trains), uploaded once to the
    // parent run's artifacts: every trainer, on any machine, fetches them by reference.
    const uploaded = await withScratch(storageDir, async (scratch) => {
      const h1Dir = join(scratch, RESULT_FILES.h1Outputs);
      await mkdir(h1Dir, { recursive: true });
      await writeH1Outputs(join(h1Dir, splitArrowFile(spec.dataset.trainSplit)), h1Train);
      await writeH1Outputs(join(h1Dir, splitArrowFile(spec.dataset.testSplit)), h1Test);
      const initialDir = join(scratch, RESULT_FILES.initialModel);
      const heads = new Set<TrainingHead>(points.map((p) => trainingHead(pointTrainingSpec(spec, p))));
      for (const head of heads) {
        // A model of the user's own (`tfjs`, checked in 1.) is loaded and saved as it is.
        const model =
          h2Model.kind === 'tfjs'
            ? await loadModelAt(models, h2Model.uri, 'h2.model.uri')
            : models.build(h2Model, {
                inputShape: train.examples.shape,
                numClasses: train.numClasses,
                seed: spec.seed,
                head,
                field: 'h2.model',
              });
        try {
          await models.save(model, join(initialDir, head));
        } finally {
          model.dispose();
        }
      }
      heartbeat();
      const h1OutputsUri = await artifacts.putFolder(h1Dir, artifactChild(root, RESULT_FILES.h1Outputs));
      const initialModelUri = await artifacts.putFolder(initialDir, artifactChild(root, RESULT_FILES.initialModel));
      return { h1OutputsUri, initialModelUri };
    });
    heartbeat();
    logger.info(`prepared sweep ${runKey}`, { points: points.length, parentRunId });
    return {
      parentRunId,
      experimentId,
      workUri: root,
      h1OutputsUri: uploaded.h1OutputsUri,
      initialModelUri: uploaded.initialModelUri,
      datasetSha256: data.sha256,
      classes: train.numClasses,
      ...(spec.performanceMetric === 'accuracy' ? {} : { performanceMetric: spec.performanceMetric }),
    };
  };

  const storePointResults = async ({ prepared, part, points }: StorePointResultsInput): Promise<StoredPointResults> => {
    if (!Number.isSafeInteger(part) || part < 0) throw new InvalidInputError('part', 'an integer >= 0', part);
    if (points.length > POINT_RESULTS_PER_PART) {
      throw new InvalidInputError('points', `at most ${POINT_RESULTS_PER_PART} point results`, points.length);
    }
    const name = `part-${String(part).padStart(4, '0')}.json`;
    return withScratch(storageDir, async (scratch) => {
      await writeJsonFile(join(scratch, name), points);
      return {
        uri: await artifacts.putFile(join(scratch, name), artifactChild(prepared.workUri, POINT_RESULTS, name)),
      };
    });
  };

  /** The point results of `reduceSweep`'s `pointParts`, in order, each validated. */
  const readPointParts = async (parts: readonly string[]): Promise<PointResult[]> => {
    const results: PointResult[] = [];
    for (const [i, ref] of parts.entries()) {
      const field = `pointParts[${i}]`;
      const parsed: unknown = JSON.parse(await readFile(await artifacts.fetch(ref, field), 'utf8'));
      if (!Array.isArray(parsed)) throw new InvalidInputError(field, 'a file of an array of point results', parsed);
      parsed.forEach((item: unknown, j) => results.push(parsePointResult(item, `${field}[${j}]`)));
    }
    return results;
  };

  const reduceSweep = async (input: ReduceSweepInput): Promise<ReducedSweep> => {
    const { spec, prepared } = input;
    const results = [...input.points, ...(await readPointParts(input.pointParts ?? []))];
    const data = await resolveDataset(spec.dataset);
    const splits = [spec.dataset.trainSplit, spec.dataset.testSplit];
    const byId = new Map(results.map((r) => [r.pointId, r]));
    const h1Performance: Record<string, PerformanceRecord | null> = Object.fromEntries(splits.map((s) => [s, null]));
    const summaryPoints: SweepPoint[] = [];
    const evaluations = new Map<string, Evaluation>();
    // Fetch every evaluation file first, a few at a time (into this worker's cache); the loop below reads them there.
    const refs = results.flatMap((r) => (r.status === 'completed' ? Object.values(r.evaluations ?? {}) : []));
    await mapLimit(refs, 4, (ref) => artifacts.fetch(ref, 'points[].evaluations'));
    for (const point of sweepPoints(spec)) {
      const result = byId.get(point.id);
      const base = pointBase(point);
      if (result?.status !== 'completed' || result.evaluations === null) {
        // A completed point without evaluation files came from a trainer older than this reduce: say so.
        const stale = result?.status === 'completed';
        const error = stale ? 'the trainer returned no evaluation files (a worker of an older bcml)' : result?.error;
        summaryPoints.push({
          ...base,
          status: stale ? 'failed' : (result?.status ?? 'cancelled'),
          ...(error === undefined ? {} : { error }),
          mlflowRunId: result?.mlflowRunId ?? null,
          modelUri: null,
          durationMs: result?.durationMs ?? null,
          splits: {},
        });
        continue;
      }
      // The trainer evaluated the point once and uploaded the files; reduce reads them back by reference.
      const scores: Record<string, PointSplitScores> = {};
      for (const split of splits) {
        const ref = result.evaluations[split];
        if (ref === undefined) {
          throw new InvalidInputError(
            `points[${point.id}].evaluations`,
            `an evaluation of split "${split}"`,
            undefined,
          );
        }
        const evaluation = await readEvaluationFile(
          await artifacts.fetch(ref, `${point.id} evaluation`),
          `${point.id} ${split} evaluation`,
        );
        const path = evaluationPath(point.id, split);
        evaluations.set(path, evaluation);
        scores[split] = pointSplitScores(evaluation, path, spec.performanceMetric);
        h1Performance[split] ??= performanceOf(evaluation.scores, spec.performanceMetric, 'h1');
        heartbeat();
      }
      summaryPoints.push({
        ...base,
        status: 'completed',
        mlflowRunId: result.mlflowRunId,
        modelUri: result.modelUri,
        durationMs: result.durationMs,
        splits: scores,
      });
    }
    const summary = sweepSummary({
      name: spec.name,
      spec,
      dataset: {
        uri: spec.dataset.uri,
        sha256: prepared.datasetSha256,
        classes: [...data.classes],
        splits: Object.fromEntries(splits.map((s) => [s, dataSize(splitOf(data, s, 'dataset'))])),
        trainSplit: spec.dataset.trainSplit,
        testSplit: spec.dataset.testSplit,
      },
      h1: { uri: h1SourceUri(spec.h1), performance: h1Performance },
      performanceMetric: spec.performanceMetric,
      points: summaryPoints,
      splits,
    });
    const summaryUri = await withScratch(storageDir, async (scratch) => {
      await writeResultFiles(scratch, summary, evaluations);
      return artifacts.putFolder(scratch, artifactChild(prepared.workUri, RESULT_FILES.results));
    });
    logger.info(`reduced sweep ${spec.name}`, { summary: summaryUri });
    return { summaryUri };
  };

  const finishSweep = async ({ parentRunId, status, counts }: FinishSweepInput): Promise<void> => {
    if (tracking === null || parentRunId === null) return;
    const runStatus: RunStatus = status === 'completed' ? 'FINISHED' : status === 'cancelled' ? 'KILLED' : 'FAILED';
    await tracking.setTags(parentRunId, {
      'bcml.status': status,
      'bcml.points.total': String(counts.total),
      'bcml.points.completed': String(counts.completed),
      'bcml.points.failed': String(counts.failed),
      'bcml.points.cancelled': String(counts.cancelled),
    });
    await tracking.endRun(parentRunId, runStatus);
  };

  return {
    prepareSweep: (input) => withActivityFailures(() => prepareSweep(input)),
    storePointResults: (input) => withActivityFailures(() => storePointResults(input)),
    reduceSweep: (input) => withActivityFailures(() => reduceSweep(input)),
    renderReport: (input) =>
      withActivityFailures(() =>
        renderSummaryReport(
          {
            artifacts,
            tracking,
            storageDir,
            untrackedArtifactRoot: deps.untrackedArtifactRoot,
            resolveDataset,
            logger,
          },
          input,
        ),
      ),
    finishSweep: (input) => withActivityFailures(() => finishSweep(input)),
  };
}

function pointBase(point: PointSpec): Pick<SweepPoint, 'id' | 'dissonance' | 'loss' | 'lambda' | 'lambdaLabel'> {
  return {
    id: point.id,
    dissonance: point.dissonance,
    loss: point.loss,
    lambda: point.lambda,
    lambdaLabel: point.lambdaLabel,
  };
}

function sweepParams(spec: PrepareSweepInput['spec'], points: number, sha256: string): Record<string, string | number> {
  return {
    'dataset.uri': spec.dataset.uri,
    'dataset.sha256': sha256,
    'dataset.trainSplit': spec.dataset.trainSplit,
    'dataset.testSplit': spec.dataset.testSplit,
    ...h1SpecParams(spec.h1),
    'h2.model': JSON.stringify(spec.h2.model),
    'h2.optimizer': JSON.stringify(spec.h2.optimizer),
    'h2.epochs': spec.h2.epochs,
    'h2.batchSize': spec.h2.batchSize,
    'sweep.dissonances': spec.sweep.dissonances.join(','),
    'sweep.losses': spec.sweep.losses.join(','),
    'sweep.lambdas': JSON.stringify(spec.sweep.lambdas),
    'sweep.points': points,
    performanceMetric: spec.performanceMetric,
    'execution.pool': spec.execution.pool,
    'execution.parallelism': spec.execution.parallelism,
    seed: spec.seed,
  };
}
