import type { ComparisonSpec } from './comparison-spec.js';
import type { PointHeadline } from './point-result.js';

/** Input of `evaluateComparison`. */
export interface EvaluateComparisonInput {
  /** `workflowRunKey(spec.name, workflowId)`: tag of the comparison's MLflow run. */
  readonly runKey: string;
  readonly workflowId: string;
  readonly spec: ComparisonSpec;
}

/** What `evaluateComparison` wrote: a one-point `sweep-summary.json` with its evaluation files. */
export interface EvaluatedComparison {
  /** The comparison's MLflow run; `null` when not tracked. */
  readonly runId: string | null;
  readonly summaryUri: string;
  /** h2's headline scores against h1 per split. */
  readonly splits: Readonly<Record<string, PointHeadline>>;
}

/**
 * The control pool's comparison activity (task queue `bcml-control`), implemented in `workers/` by a factory.
 * `evaluateComparison` loads both models and the dataset, predicts, evaluates each split, writes a one-point
 * summary and logs a run (idempotent by `runKey`). 1 h start-to-close, 2 min heartbeat timeout (heartbeat at least
 * every minute), up to 5 attempts; bad input throws `InvalidInputError` (non-retryable). The report is rendered by
 * `SweepControlActivities.renderReport`.
 */
export interface ComparisonActivities {
  readonly evaluateComparison: (input: EvaluateComparisonInput) => Promise<EvaluatedComparison>;
}

/** What the `modelComparison` workflow returns. */
export interface ComparisonResult {
  readonly name: string;
  readonly workflowId: string;
  readonly runKey: string;
  readonly runId: string | null;
  readonly summaryUri: string;
  readonly reportUri: string;
  readonly splits: Readonly<Record<string, PointHeadline>>;
}
