import {
  BcmlError,
  type EvaluateRegressionInput,
  type EvaluationPerformance,
  type PolicyOutcome,
  type RecordedRegressionVerdict,
  type RecordRegressionVerdictInput,
  type RegressionActivities,
  type RegressionEvaluation,
  type RegressionMetricScores,
  type RegressionSpec,
} from '@bcml/core';
import { modelVersionUri, type MetricPoint, type MlflowClient, type ParamValue } from '@bcml/tracking';

import { withActivityFailures } from './activity-failure.js';
import { type ArtifactStore } from './artifacts/index.js';
import { checkTrackingServer } from './check-tracking-server.js';
import { datasetColumnsOf } from './dataset-params.js';
import { evaluateModelPair, type EvaluatedModelPair } from './evaluate-model-pair.js';
import { type ModelStore } from './model-store.js';
import { openKeyedRun } from './open-keyed-run.js';
import { pairRunMetrics } from './pair-run-metrics.js';
import { renderSummaryReport } from './render-summary-report.js';
import { resolveRegistryAlias } from './resolve-registry-alias.js';
import { runArtifactRoot } from './run-artifacts.js';
import { type DatasetResolver } from './sweep-data.js';
import { type WorkerLogger } from './worker-logger.js';
import { writePairSummary } from './write-pair-summary.js';

/** Dependencies of the control pool's regression activities (the sweep's, `SweepControlDeps`). */
export interface RegressionDeps {
  /**
   * The MLflow client of the workers' tracking server. The model registry lives there, so a regression check needs
   * one: with `null` its activities fail at once, non-retryably.
   */
  readonly tracking: MlflowClient | null;
  /** This worker's own folder for scratch files. */
  readonly storageDir: string;
  /** The data plane: the check's results and report go to its run's artifacts. */
  readonly artifacts: ArtifactStore;
  readonly resolveDataset: DatasetResolver;
  /** Must load `models:/<name>/<version>` URIs. */
  readonly models: ModelStore;
  readonly logger: WorkerLogger;
}

/** Longest `bcml.reasons` tag value logged (MLflow caps tag values at 5,000 characters on older servers). */
const MAX_REASONS_LENGTH = 5000;

/** Builds the control pool's regression activities (`RegressionActivities`) over their dependencies. */
export function createRegressionActivities(deps: RegressionDeps): RegressionActivities {
  const { logger } = deps;

  const evaluateRegression = async ({ runKey, spec }: EvaluateRegressionInput): Promise<RegressionEvaluation> => {
    // 1. Resolve both aliases and evaluate before any MLflow run exists: bad input fails with nothing logged.
    const tracking = requireTracking(deps.tracking);
    checkTrackingServer(spec.tracking, tracking);
    const name = spec.registeredModel;
    const champion = await resolveRegistryAlias(tracking, name, spec.championAlias, 'championAlias');
    const challenger = await resolveRegistryAlias(tracking, name, spec.challengerAlias, 'challengerAlias');
    const championUri = modelVersionUri(name, champion.version);
    const challengerUri = modelVersionUri(name, challenger.version);
    const split = spec.dataset.split;
    const pair = await evaluateModelPair(deps, {
      datasetUri: spec.dataset.uri,
      datasetColumns: datasetColumnsOf(spec.dataset),
      splits: [{ name: split, field: 'dataset.split' }],
      h1: { uri: championUri, field: 'championAlias', name: 'champion' },
      h2: { uri: challengerUri, field: 'challengerAlias', name: 'challenger' },
      performanceMetric: spec.performanceMetric,
    });
    const evaluation = pair.evaluations.get(split);
    if (evaluation === undefined) throw new Error(`internal: no evaluation of split ${split}`);

    // 2. The check's run (found again on retry by its run key), then the one-point summary.
    const run = await openKeyedRun(tracking, {
      experiment: spec.tracking.experiment,
      runKey,
      runName: spec.name,
      tags: {
        'bcml.kind': 'regression',
        'bcml.registeredModel': name,
        'bcml.champion': championUri,
        'bcml.challenger': challengerUri,
        'bcml.dataset.sha256': pair.sha256,
      },
      params: regressionParams(spec, pair, championUri, challengerUri),
    });
    const runId = run.info.runId;
    await tracking.logMetrics(runId, pairRunMetrics(pair.evaluations));
    await tracking.logInputs(runId, pair.datasetInputs);
    const summaryUri = await writePairSummary(
      deps,
      {
        artifactRoot: runArtifactRoot(run, runKey, undefined),
        name: spec.name,
        spec,
        datasetUri: spec.dataset.uri,
        h1Uri: championUri,
        h2Uri: challengerUri,
        performanceMetric: spec.performanceMetric,
        runId,
      },
      pair,
    );
    logger.info(`evaluated ${challengerUri} against ${championUri}`, { summary: summaryUri, runId });
    const { scores } = evaluation;
    return {
      runId,
      championUri,
      challengerUri,
      summaryUri,
      scores: {
        split,
        n: evaluation.n,
        championPerformance: scores.accuracyH1,
        challengerPerformance: scores.accuracyH2,
        btc: scores.btc,
        nfr: scores.nfr,
        ...(scores.performance === undefined ? {} : { performance: regressionMetricScores(scores.performance) }),
      },
    };
  };

  const recordRegressionVerdict = async ({
    runKey,
    runId,
    summaryUri,
    outcome,
  }: RecordRegressionVerdictInput): Promise<RecordedRegressionVerdict> => {
    const tracking = requireTracking(deps.tracking);
    if (runId !== null) {
      await tracking.setTags(runId, verdictTags(outcome));
      await tracking.logMetrics(runId, policyMetrics(outcome));
    }
    const report = await renderSummaryReport({ ...deps, tracking }, { runKey, summaryUri, runId }, outcome);
    if (runId !== null) await tracking.endRun(runId, 'FINISHED');
    logger.info(`regression verdict: ${outcome.passed ? 'pass' : 'fail'}`, { runId, report: report.reportUri });
    return report;
  };

  return {
    evaluateRegression: (input) => withActivityFailures(() => evaluateRegression(input)),
    recordRegressionVerdict: (input) => withActivityFailures(() => recordRegressionVerdict(input)),
  };
}

/** An evaluation's scores by a metric other than accuracy, as the policy reads them. */
function regressionMetricScores({ metric, h1, h2 }: EvaluationPerformance): RegressionMetricScores {
  return { metric, champion: h1, challenger: h2 };
}

/** The tracking client, or a non-retryable error: the registry (and the verdict's run) live in MLflow. */
function requireTracking(tracking: MlflowClient | null): MlflowClient {
  if (tracking === null) {
    throw new BcmlError(
      'a regression check needs a tracking server (its model registry holds the champion and the challenger), ' +
        'but this worker tracks nothing: start it with MLFLOW_TRACKING_URI set',
      false,
    );
  }
  return tracking;
}

/** `bcml.verdict` = pass|fail, `bcml.check.<rule>` = pass|fail per check, `bcml.reasons`: the failed checks' sentences. */
function verdictTags(outcome: PolicyOutcome): Record<string, string> {
  const tags: Record<string, string> = { 'bcml.verdict': outcome.passed ? 'pass' : 'fail' };
  for (const check of outcome.checks) tags[`bcml.check.${check.rule}`] = check.passed ? 'pass' : 'fail';
  tags['bcml.reasons'] = outcome.reasons.join('\n').slice(0, MAX_REASONS_LENGTH);
  return tags;
}

/** `policy.passed` (1 or 0) and, per check, `policy.<rule>.observed` (when defined) and `policy.<rule>.threshold`. */
function policyMetrics(outcome: PolicyOutcome): MetricPoint[] {
  const metrics: MetricPoint[] = [{ key: 'policy.passed', value: outcome.passed ? 1 : 0, step: 0 }];
  for (const check of outcome.checks) {
    metrics.push({ key: `policy.${check.rule}.threshold`, value: check.threshold, step: 0 });
    if (check.observed !== null) metrics.push({ key: `policy.${check.rule}.observed`, value: check.observed, step: 0 });
  }
  return metrics;
}

function regressionParams(
  spec: RegressionSpec,
  pair: EvaluatedModelPair,
  championUri: string,
  challengerUri: string,
): Record<string, ParamValue> {
  return {
    'dataset.uri': spec.dataset.uri,
    'dataset.sha256': pair.sha256,
    'dataset.split': spec.dataset.split,
    ...pair.datasetParams,
    registeredModel: spec.registeredModel,
    championAlias: spec.championAlias,
    challengerAlias: spec.challengerAlias,
    championUri,
    challengerUri,
    policy: JSON.stringify(spec.policy),
    performanceMetric: spec.performanceMetric,
  };
}
