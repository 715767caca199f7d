import {
  parseComparisonSpec,
  workflowRunKey,
  type ComparisonActivities,
  type ComparisonResult,
  type SweepControlActivities,
} from '@bcml/core';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';

import { stepFailure } from './activity-failure.js';
import { longControlActivity, shortControlActivity } from './control-activity-options.js';
import { parseAtEdge } from './edge-input.js';

const { evaluateComparison } = proxyActivities<ComparisonActivities>(longControlActivity);
const { renderReport } = proxyActivities<SweepControlActivities>(shortControlActivity);

/**
 * Compares two saved models on a dataset: `evaluateComparison` (one MLflow run, a one-point summary with its
 * evaluation files) then `renderReport`, both on `bcml-control`. A bad spec fails at once with a non-retryable
 * `InvalidInputError`; a failed step fails the workflow with the step's error type and message.
 */
export async function modelComparison(input: unknown): Promise<ComparisonResult> {
  const spec = parseAtEdge(parseComparisonSpec, input);
  const { workflowId } = workflowInfo();
  const runKey = workflowRunKey(spec.name, workflowId);
  const evaluated = await evaluateComparison({ runKey, workflowId, spec }).catch((error: unknown) => {
    throw stepFailure(error, 'evaluateComparison');
  });
  const { reportUri } = await renderReport({ runKey, summaryUri: evaluated.summaryUri, runId: evaluated.runId }).catch(
    (error: unknown) => {
      throw stepFailure(error, 'renderReport');
    },
  );
  return {
    name: spec.name,
    workflowId,
    runKey,
    runId: evaluated.runId,
    summaryUri: evaluated.summaryUri,
    reportUri,
    splits: evaluated.splits,
  };
}
