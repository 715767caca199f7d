import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import {
  pointTrainingSpec,
  SWEEP_SUMMARY_SCHEMA,
  sweepPoints,
  trainingHead,
  type FinishSweepInput,
  type PointSpec,
  type PointSplitScores,
  type PreparedSweep,
  type PrepareSweepInput,
  type ProportionRecord,
  type ReducedSweep,
  type ReduceSweepInput,
  type SweepControlActivities,
  type SweepPoint,
  type SweepSummary,
  type TrainingHead,
} from '@bcml/core';
import {
  checkTrainingInputs,
  computeH1Outputs,
  dataSize,
  predictionArrays,
  readH1Outputs,
  readPredictions,
  writeH1Outputs,
  type H1Outputs,
} from '@bcml/training';
import { type MlflowClient, type RunStatus } from '@bcml/tracking';

import { heartbeat } from './activity-context.js';
import { withActivityFailures } from './activity-failure.js';
import { checkTrackingServer } from './check-tracking-server.js';
import { loadModelAt } from './load-model-at.js';
import { type ModelStore } from './model-store.js';
import { pointEvaluation } from './point-evaluation.js';
import { renderSummaryReport } from './render-summary-report.js';
import { splitOf, type DatasetResolver } from './sweep-data.js';
import { SWEEP_FILES } from './sweep-files.js';
import { type SweepReports } from './sweep-reports.js';
import { type WorkerLogger } from './worker-logger.js';
import { fileUri, localPath, runKeyDir } from './work-paths.js';
import { writeJsonFile } from './write-json-file.js';

/** Dependencies of the control pool's sweep activities. */
export interface SweepControlDeps {
  /** The MLflow client of the workers' tracking server; `null`: runs are not tracked. */
  readonly tracking: MlflowClient | null;
  /** A folder every worker of the deployment reads and writes (sweeps go under `<storageDir>/sweeps/`). */
  readonly storageDir: string;
  readonly resolveDataset: DatasetResolver;
  readonly models: ModelStore;
  /** `@bcml/reports`' builders (`loadSweepReports()`). */
  readonly reports: SweepReports;
  readonly logger: WorkerLogger;
}

/** The h1 outputs file of one split below `PreparedSweep.h1OutputsUri` (a folder). */
export function h1OutputsFile(h1OutputsUri: string, split: string): string {
  return join(localPath(h1OutputsUri), `${split}.arrow`);
}

/** The predictions file of one split below `TrainedPoint.predictionsUri` (a folder). */
export function predictionsFile(predictionsUri: string, split: string): string {
  return join(localPath(predictionsUri), `${split}.arrow`);
}

/** Builds the control pool's sweep activities (`SweepControlActivities`) over their dependencies. */
export function createSweepControlActivities(deps: SweepControlDeps): SweepControlActivities {
  const { tracking, storageDir, resolveDataset, models, reports, logger } = deps;

  const prepareSweep = async ({ runKey, spec }: PrepareSweepInput): Promise<PreparedSweep> => {
    // 1. Validate everything against the data and h1 before any MLflow run exists.
    checkTrackingServer(spec.tracking, tracking);
    const data = await resolveDataset(spec.dataset);
    const train = splitOf(data, spec.dataset.trainSplit, 'dataset.trainSplit');
    const test = splitOf(data, spec.dataset.testSplit, 'dataset.testSplit');
    const h1 = await loadModelAt(models, spec.h1.uri, 'h1.uri');
    let h1Train: H1Outputs;
    let h1Test: H1Outputs;
    const points = sweepPoints(spec);
    try {
      const batchSize = spec.h2.evalBatchSize;
      const options = { field: 'h1', ...(batchSize === undefined ? {} : { batchSize }) };
      h1Train = await computeH1Outputs(h1, train, options);
      heartbeat();
      h1Test = await computeH1Outputs(h1, test, options);
      heartbeat();
      const checked = new Set<string>();
      for (const point of points) {
        if (checked.has(point.lossName)) continue;
        checked.add(point.lossName);
        checkTrainingInputs(
          pointTrainingSpec(spec, point),
          { data: train, h1Outputs: h1Train, validation: { data: test, h1Outputs: h1Test }, h1 },
          'h2',
        );
      }
    } finally {
      h1.dispose();
    }

    // 2. The cached h1 outputs and h2's initial weights (one per head the grid trains).
    const workDir = runKeyDir(storageDir, runKey);
    const h1Dir = join(workDir, SWEEP_FILES.h1Outputs);
    await mkdir(h1Dir, { recursive: true });
    await writeH1Outputs(join(h1Dir, `${spec.dataset.trainSplit}.arrow`), h1Train);
    await writeH1Outputs(join(h1Dir, `${spec.dataset.testSplit}.arrow`), h1Test);
    const initialDir = join(workDir, SWEEP_FILES.initialModel);
    const heads = new Set<TrainingHead>(points.map((p) => trainingHead(pointTrainingSpec(spec, p))));
    for (const head of heads) {
      const model = models.build(spec.h2.model, {
        inputShape: train.examples.shape,
        numClasses: train.numClasses,
        seed: spec.seed,
        head,
      });
      try {
        await models.save(model, join(initialDir, head));
      } finally {
        model.dispose();
      }
    }
    heartbeat();

    // 3. The parent MLflow run, found again on retry by its run key.
    let parentRunId: string | null = null;
    let experimentId: string | null = null;
    if (tracking !== null) {
      const experiment = await tracking.getOrCreateExperiment(spec.tracking.experiment);
      experimentId = experiment.experimentId;
      const { run, created } = await tracking.getOrCreateRun(experimentId, runKey, {
        runName: spec.name,
        tags: { 'bcml.kind': 'sweep', 'bcml.dataset.sha256': data.sha256 },
      });
      parentRunId = run.info.runId;
      if (created) {
        await tracking.logBatch(parentRunId, { params: sweepParams(spec, points.length, data.sha256) });
      }
      await tracking.uploadArtifacts(run.info.artifactUri, h1Dir, SWEEP_FILES.h1Outputs);
    }
    logger.info(`prepared sweep ${runKey}`, { points: points.length, parentRunId });
    return {
      parentRunId,
      experimentId,
      workUri: fileUri(workDir),
      h1OutputsUri: fileUri(h1Dir),
      initialModelUri: fileUri(initialDir),
      datasetSha256: data.sha256,
      classes: train.numClasses,
    };
  };

  const reduceSweep = async ({ spec, prepared, points: results }: ReduceSweepInput): Promise<ReducedSweep> => {
    const workDir = localPath(prepared.workUri);
    const data = await resolveDataset(spec.dataset);
    const splits = [spec.dataset.trainSplit, spec.dataset.testSplit];
    const h1 = new Map<string, H1Outputs>();
    for (const split of splits) h1.set(split, await readH1Outputs(h1OutputsFile(prepared.h1OutputsUri, split)));
    const byId = new Map(results.map((r) => [r.pointId, r]));
    const h1Performance: Record<string, ProportionRecord | null> = Object.fromEntries(splits.map((s) => [s, null]));
    const summaryPoints: SweepPoint[] = [];
    for (const point of sweepPoints(spec)) {
      const result = byId.get(point.id);
      const base = pointBase(point);
      if (result?.status !== 'completed' || result.predictionsUri === null) {
        summaryPoints.push({
          ...base,
          status: result?.status ?? 'cancelled',
          ...(result?.error === undefined ? {} : { error: result.error }),
          mlflowRunId: result?.mlflowRunId ?? null,
          modelUri: null,
          durationMs: result?.durationMs ?? null,
          splits: {},
        });
        continue;
      }
      const scores: Record<string, PointSplitScores> = {};
      for (const split of splits) {
        const predictions = predictionArrays(
          await readPredictions(predictionsFile(result.predictionsUri, split)),
          `${point.id} predictions`,
        );
        const evaluation = pointEvaluation(
          reports,
          point.id,
          split,
          predictions,
          h1.get(split) as H1Outputs,
          data.classes,
        );
        const path = reports.evaluationPath(point.id, split);
        await writeJsonFile(join(workDir, path), evaluation);
        scores[split] = reports.pointSplitScores(evaluation, path);
        h1Performance[split] ??= evaluation.scores.accuracyH1;
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
    const summary: SweepSummary = {
      schema: SWEEP_SUMMARY_SCHEMA,
      name: spec.name,
      createdAt: new Date().toISOString(),
      spec: JSON.parse(JSON.stringify(spec)) as Record<string, unknown>,
      dataset: {
        uri: spec.dataset.uri,
        sha256: prepared.datasetSha256,
        classes: [...data.classes],
        splits: Object.fromEntries(splits.map((s) => [s, dataSize(splitOf(data, s, 'dataset'))])),
        trainSplit: spec.dataset.trainSplit,
        testSplit: spec.dataset.testSplit,
      },
      h1: { uri: spec.h1.uri, performance: h1Performance },
      performanceMetric: spec.performanceMetric,
      points: summaryPoints,
      pareto: Object.fromEntries(splits.map((s) => [s, reports.paretoRecord(summaryPoints, s)])),
    };
    const summaryPath = join(workDir, SWEEP_FILES.summary);
    await writeJsonFile(summaryPath, summary);
    logger.info(`reduced sweep ${spec.name}`, { summary: summaryPath });
    return { summaryUri: fileUri(summaryPath) };
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
    reduceSweep: (input) => withActivityFailures(() => reduceSweep(input)),
    renderReport: (input) => withActivityFailures(() => renderSummaryReport({ reports, tracking }, input)),
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
    'h1.uri': spec.h1.uri,
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
