import type { PolicyOutcome } from './evaluate-regression-policy.js';
import type { RegressionScores } from './regression-scores.js';
import type { RegressionSpec } from './regression-spec.js';

/** Input of `evaluateRegression`. */
export interface EvaluateRegressionInput {
  /** `workflowRunKey(spec.name, workflowId)`: tag of the check's MLflow run. */
  readonly runKey: string;
  readonly workflowId: string;
  readonly spec: RegressionSpec;
}

/** What `evaluateRegression` found: the resolved model versions, the scores, and where the evaluation lies. */
export interface RegressionEvaluation {
  /** The check's MLflow run; `null` when not tracked. */
  readonly runId: string | null;
  /** The champion alias resolved to a version, `models:/<name>/<version>`. */
  readonly championUri: string;
  /** The challenger alias resolved to a version. */
  readonly challengerUri: string;
  /** A one-point `sweep-summary.json` (h1 = champion, h2 = challenger) with its evaluation files. */
  readonly summaryUri: string;
  readonly scores: RegressionScores;
}

/** Input of `recordRegressionVerdict`. */
export interface RecordRegressionVerdictInput {
  readonly runKey: string;
  readonly runId: string | null;
  readonly summaryUri: string;
  readonly spec: RegressionSpec;
  readonly outcome: PolicyOutcome;
}

/** Where `recordRegressionVerdict` put the report. */
export interface RecordedRegressionVerdict {
  readonly reportUri: string;
}

/**
 * The control pool's regression activities (task queue `bcml-control`), implemented in `workers/` by a factory.
 * `evaluateRegression` resolves both aliases to versions, predicts with both on the split, evaluates and logs a run
 * (idempotent by `runKey`): 1 h start-to-close, 2 min heartbeat timeout. `recordRegressionVerdict` tags the run with
 * the verdict (`bcml.verdict` = pass|fail, one tag per check), renders the report, logs it and ends the run: 15 min
 * start-to-close. Up to 5 attempts each; bad input (unknown model or alias, missing split) throws `InvalidInputError`.
 */
export interface RegressionActivities {
  readonly evaluateRegression: (input: EvaluateRegressionInput) => Promise<RegressionEvaluation>;
  readonly recordRegressionVerdict: (input: RecordRegressionVerdictInput) => Promise<RecordedRegressionVerdict>;
}
