import {
  h1SourceUri,
  h1SpecParams,
  type ComparisonActivities,
  type ComparisonSpec,
  type EvaluateComparisonInput,
  type EvaluatedComparison,
  type PointHeadline,
} from '@bcml/core';
import { pointHeadline } from '@bcml/results';
import { type MlflowClient, type ParamValue } from '@bcml/tracking';

import { withActivityFailures } from './activity-failure.js';
import { h1FileReader } from './adapters/h1-file-reader.js';
import { type ArtifactStore } from './artifacts/index.js';
import { checkTrackingServer } from './check-tracking-server.js';
import { datasetColumnsOf } from './dataset-params.js';
import { evaluateModelPair, type EvaluatedModelPair } from './evaluate-model-pair.js';
import { type H1FileReader } from './h1-source.js';
import { type ModelStore } from './model-store.js';
import { openKeyedRun } from './open-keyed-run.js';
import { pairRunMetrics } from './pair-run-metrics.js';
import { runArtifactRoot } from './run-artifacts.js';
import { type DatasetResolver } from './sweep-data.js';
import { type WorkerLogger } from './worker-logger.js';
import { writePairSummary } from './write-pair-summary.js';

/** Dependencies of the control pool's comparison activity (a subset of the sweep's, `SweepControlDeps`). */
export interface ComparisonDeps {
  /** The MLflow client of the workers' tracking server; `null`: runs are not tracked. */
  readonly tracking: MlflowClient | null;
  /** This worker's own folder for scratch files. */
  readonly storageDir: string;
  /** The data plane: the comparison's results go to its run's artifacts (or below `untrackedArtifactRoot`). */
  readonly artifacts: ArtifactStore;
  /** Where untracked comparisons keep their files (an object-store folder). */
  readonly untrackedArtifactRoot?: string;
  readonly resolveDataset: DatasetResolver;
  readonly models: ModelStore;
  /** Reads h1's predictions or ONNX files (default `h1FileReader` over `tracking`). */
  readonly h1Files?: H1FileReader;
  readonly logger: WorkerLogger;
}

/** Builds the control pool's comparison activity (`ComparisonActivities`) over its dependencies. */
export function createComparisonActivities(deps: ComparisonDeps): ComparisonActivities {
  const { tracking, logger } = deps;
  const h1Files = deps.h1Files ?? h1FileReader({ tracking });

  const evaluateComparison = async ({ runKey, spec }: EvaluateComparisonInput): Promise<EvaluatedComparison> => {
    // 1. Everything that can be wrong with the input fails here, before any MLflow run exists.
    checkTrackingServer(spec.tracking, tracking);
    const pair = await evaluateModelPair(
      { ...deps, h1Files },
      {
        datasetUri: spec.dataset.uri,
        datasetColumns: datasetColumnsOf(spec.dataset),
        splits: spec.dataset.splits.map((name, i) => ({ name, field: `dataset.splits[${i}]` })),
        h1: 'uri' in spec.h1 ? { uri: spec.h1.uri, field: 'h1.uri', name: 'h1' } : { ...spec.h1, name: 'h1' },
        h2: { uri: spec.h2.uri, field: 'h2.uri', name: 'h2' },
        performanceMetric: spec.performanceMetric,
      },
    );

    // 2. The comparison's run, found again on retry by its run key, with the scores as metrics.
    let runId: string | null = null;
    let run: Awaited<ReturnType<typeof openKeyedRun>> | null = null;
    if (tracking !== null) {
      run = await openKeyedRun(tracking, {
        experiment: spec.tracking.experiment,
        runKey,
        runName: spec.name,
        tags: { 'bcml.kind': 'comparison', 'bcml.dataset.sha256': pair.sha256 },
        params: comparisonParams(spec, pair),
      });
      runId = run.info.runId;
      await tracking.logMetrics(runId, pairRunMetrics(pair.evaluations));
      await tracking.logInputs(runId, pair.datasetInputs);
    }

    // 3. The one-point summary `renderReport` reads; the run ends here (the report is uploaded to it afterwards).
    const summaryUri = await writePairSummary(
      deps,
      {
        artifactRoot: runArtifactRoot(run, runKey, deps.untrackedArtifactRoot),
        name: spec.name,
        spec,
        datasetUri: spec.dataset.uri,
        h1Uri: h1SourceUri(spec.h1),
        h2Uri: spec.h2.uri,
        performanceMetric: spec.performanceMetric,
        runId,
      },
      pair,
    );
    if (tracking !== null && runId !== null) await tracking.endRun(runId, 'FINISHED');
    const splits: Record<string, PointHeadline> = {};
    for (const [split, evaluation] of pair.evaluations) {
      splits[split] = pointHeadline(evaluation, spec.performanceMetric);
    }
    logger.info(`compared ${spec.h2.uri} with ${h1SourceUri(spec.h1)}`, { summary: summaryUri, runId });
    return { runId, summaryUri, splits };
  };

  return {
    evaluateComparison: (input) => withActivityFailures(() => evaluateComparison(input)),
  };
}

function comparisonParams(spec: ComparisonSpec, pair: EvaluatedModelPair): Record<string, ParamValue> {
  return {
    'dataset.uri': spec.dataset.uri,
    'dataset.sha256': pair.sha256,
    'dataset.splits': spec.dataset.splits.join(','),
    ...pair.datasetParams,
    ...h1SpecParams(spec.h1),
    'h2.uri': spec.h2.uri,
    performanceMetric: spec.performanceMetric,
  };
}
