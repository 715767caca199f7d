import type { PolicyCheck } from './evaluate-regression-policy.js';

/** What the `compatibilityRegression` workflow returns: pass or fail, why, and where the report is. */
export interface RegressionVerdict {
  readonly name: string;
  readonly workflowId: string;
  readonly runKey: string;
  readonly status: 'pass' | 'fail';
  readonly passed: boolean;
  /** The failed checks' sentences (empty on pass). */
  readonly reasons: readonly string[];
  /** Every check, passed or not. */
  readonly checks: readonly PolicyCheck[];
  /** The MLflow run holding the verdict as tags; `null` when not tracked. */
  readonly runId: string | null;
  readonly reportUri: string;
  readonly summaryUri: string;
  /** The champion version compared (`models:/<name>/<version>`). */
  readonly championUri: string;
  /** The challenger version compared. */
  readonly challengerUri: string;
  readonly split: string;
}
