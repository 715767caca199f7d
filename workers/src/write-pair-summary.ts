import { join } from 'node:path';

import {
  SWEEP_SUMMARY_SCHEMA,
  type PointSplitScores,
  type ProportionRecord,
  type SweepPoint,
  type SweepSummary,
} from '@bcml/core';

import { PAIR_POINT_ID, type EvaluatedModelPair } from './evaluate-model-pair.js';
import { SWEEP_FILES } from './sweep-files.js';
import { type SweepReports } from './sweep-reports.js';
import { writeJsonFile } from './write-json-file.js';

/** What the summary of a compared pair records besides the evaluations. */
export interface PairSummaryRequest {
  /** The working folder (`runKeyDir(storageDir, runKey)`): the summary and `evaluations/` go here. */
  readonly workDir: string;
  readonly name: string;
  /** The validated spec (a comparison's or a regression check's), without secrets. */
  readonly spec: object;
  readonly datasetUri: string;
  /** The reference model's URI (h1, the champion's version). */
  readonly h1Uri: string;
  /** The candidate's URI (h2, the challenger's version). */
  readonly h2Uri: string;
  readonly performanceMetric: string;
  /** The MLflow run of the comparison; `null` when not tracked. */
  readonly runId: string | null;
}

/**
 * Writes the evaluation files of a compared pair and its `sweep-summary.json`, shaped as `reduceSweep` writes them
 * but with one completed point, `PAIR_POINT_ID`, of dissonance `none` (which `renderReport` renders as a comparison).
 * The evaluated `test` split is the summary's test split (else the first), `train` its training split (else another
 * evaluated split): a comparison trains nothing, these only order and colour the report's splits. Resolves the
 * summary's path.
 */
export async function writePairSummary(
  reports: Pick<SweepReports, 'evaluationPath' | 'pointSplitScores' | 'paretoRecord'>,
  request: PairSummaryRequest,
  pair: EvaluatedModelPair,
): Promise<string> {
  const scores: Record<string, PointSplitScores> = {};
  const h1Performance: Record<string, ProportionRecord | null> = {};
  for (const [split, evaluation] of pair.evaluations) {
    const path = reports.evaluationPath(PAIR_POINT_ID, split);
    await writeJsonFile(join(request.workDir, path), evaluation);
    scores[split] = reports.pointSplitScores(evaluation, path);
    h1Performance[split] = evaluation.scores.accuracyH1;
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
  const summary: SweepSummary = {
    schema: SWEEP_SUMMARY_SCHEMA,
    name: request.name,
    createdAt: new Date().toISOString(),
    spec: JSON.parse(JSON.stringify(request.spec)) as Record<string, unknown>,
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
    pareto: Object.fromEntries(splits.map((s) => [s, reports.paretoRecord([point], s)])),
  };
  const summaryPath = join(request.workDir, SWEEP_FILES.summary);
  await writeJsonFile(summaryPath, summary);
  return summaryPath;
}
