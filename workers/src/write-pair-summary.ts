import {
  type Evaluation,
  type PerformanceMetric,
  type PerformanceRecord,
  performanceOf,
  type PointSplitScores,
  type SweepPoint,
} from '@bcml/core';
import { evaluationPath, pointSplitScores, RESULT_FILES, sweepSummary, writeResultFiles } from '@bcml/results';

import { type ArtifactStore } from './artifacts/index.js';
import { PAIR_POINT_ID, type EvaluatedModelPair } from './evaluate-model-pair.js';
import { artifactChild, withScratch } from './run-artifacts.js';

/** What the summary of a compared pair records besides the evaluations, and where its results go. */
export interface PairSummaryRequest {
  /** The run's artifact root (`runArtifactRoot`): the results folder goes to `<root>/results`. */
  readonly artifactRoot: string;
  readonly name: string;
  /** The validated spec (a comparison's or a regression check's), without secrets. */
  readonly spec: object;
  readonly datasetUri: string;
  /** The reference model's URI (h1, the champion's version). */
  readonly h1Uri: string;
  /** The candidate's URI (h2, the challenger's version). */
  readonly h2Uri: string;
  /** The metric the summary's performance is read by (the evaluations hold its scores). */
  readonly performanceMetric: PerformanceMetric;
  /** The MLflow run of the comparison; `null` when not tracked. */
  readonly runId: string | null;
}

/** Where `writePairSummary` wrote to. */
export interface PairSummaryDeps {
  readonly artifacts: ArtifactStore;
  /** This worker's own folder for scratch files. */
  readonly storageDir: string;
}

/**
 * Writes the results folder of a compared pair (its evaluation files and `sweep-summary.json`, shaped as `reduceSweep`
 * writes them but with one completed point, `PAIR_POINT_ID`, of dissonance `none`, which `renderReport` renders as a
 * comparison) to the artifact store. The evaluated `test` split is the summary's test split (else the first),
 * `train` its training split (else another evaluated split): a comparison trains nothing, these only order and colour
 * the report's splits. Resolves the folder's artifact reference.
 */
export async function writePairSummary(
  deps: PairSummaryDeps,
  request: PairSummaryRequest,
  pair: EvaluatedModelPair,
): Promise<string> {
  const scores: Record<string, PointSplitScores> = {};
  const h1Performance: Record<string, PerformanceRecord | null> = {};
  const files = new Map<string, Evaluation>();
  for (const [split, evaluation] of pair.evaluations) {
    const path = evaluationPath(PAIR_POINT_ID, split);
    files.set(path, evaluation);
    scores[split] = pointSplitScores(evaluation, path, request.performanceMetric);
    h1Performance[split] = performanceOf(evaluation.scores, request.performanceMetric, 'h1');
  }
  const point: SweepPoint = {
    id: PAIR_POINT_ID,
    dissonance: 'none',
    loss: 'none',
    lambda: 0,
    lambdaLabel: '0',
    status: 'completed',
    mlflowRunId: request.runId,
    modelUri: request.h2Uri,
    durationMs: pair.durationMs,
    splits: scores,
  };
  const splits = [...pair.evaluations.keys()];
  const testSplit = splits.includes('test') ? 'test' : (splits[0] ?? 'test');
  const trainSplit = splits.includes('train') ? 'train' : (splits.find((s) => s !== testSplit) ?? testSplit);
  const summary = sweepSummary({
    name: request.name,
    spec: request.spec,
    dataset: {
      uri: request.datasetUri,
      sha256: pair.sha256,
      classes: [...pair.classes],
      splits: { ...pair.sizes },
      trainSplit,
      testSplit,
    },
    h1: { uri: request.h1Uri, performance: h1Performance },
    performanceMetric: request.performanceMetric,
    points: [point],
    splits,
  });
  return withScratch(deps.storageDir, async (scratch) => {
    await writeResultFiles(scratch, summary, files);
    return deps.artifacts.putFolder(scratch, artifactChild(request.artifactRoot, RESULT_FILES.results));
  });
}
