import {
  evaluateRegressionPolicy,
  parseRegressionScores,
  parseRegressionSpec,
  workflowRunKey,
  type RegressionActivities,
  type RegressionScores,
  type RegressionVerdict,
} from '@bcml/core';
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';

import { stepFailure } from './activity-failure.js';
import { longControlActivity, shortControlActivity } from './control-activity-options.js';
import { messageOf, parseAtEdge } from './edge-input.js';

const { evaluateRegression } = proxyActivities<RegressionActivities>(longControlActivity);
const { recordRegressionVerdict } = proxyActivities<RegressionActivities>(shortControlActivity);

/**
 * The nightly regression check: `evaluateRegression` scores the registry's challenger against its champion on the
 * dataset split; the policy is applied here, deterministically (`evaluateRegressionPolicy`); then
 * `recordRegressionVerdict` tags the MLflow run with the verdict and logs the report. Returns pass/fail with the
 * reasons; a failing policy is a result, not a workflow failure. A bad spec fails at once with a non-retryable
 * `InvalidInputError`.
 */
export async function compatibilityRegression(input: unknown): Promise<RegressionVerdict> {
  const spec = parseAtEdge(parseRegressionSpec, input);
  const { workflowId } = workflowInfo();
  const runKey = workflowRunKey(spec.name, workflowId);
  const evaluation = await evaluateRegression({ runKey, workflowId, spec }).catch((error: unknown) => {
    throw stepFailure(error, 'evaluateRegression');
  });
  let scores: RegressionScores;
  try {
    scores = parseRegressionScores(evaluation.scores, 'evaluateRegression result.scores');
  } catch (error) {
    throw ApplicationFailure.nonRetryable(messageOf(error), 'InvalidActivityResultError');
  }
  const outcome = evaluateRegressionPolicy(scores, spec.policy);
  const { reportUri } = await recordRegressionVerdict({
    runKey,
    runId: evaluation.runId,
    summaryUri: evaluation.summaryUri,
    spec,
    outcome,
  }).catch((error: unknown) => {
    throw stepFailure(error, 'recordRegressionVerdict');
  });
  return {
    name: spec.name,
    workflowId,
    runKey,
    status: outcome.passed ? 'pass' : 'fail',
    passed: outcome.passed,
    reasons: outcome.reasons,
    checks: outcome.checks,
    runId: evaluation.runId,
    reportUri,
    summaryUri: evaluation.summaryUri,
    championUri: evaluation.championUri,
    challengerUri: evaluation.challengerUri,
    split: scores.split,
  };
}
