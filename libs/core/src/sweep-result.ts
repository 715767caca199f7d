/** How a sweep ended: every point ran (some may have failed), or it was cancelled and reported what completed. */
export type SweepStatus = 'completed' | 'cancelled';

/** Points by outcome. */
export interface SweepCounts {
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
}

/** A point that failed after its retries, and why. */
export interface FailedPoint {
  readonly pointId: string;
  readonly error: string;
}

/** What the `compatibilitySweep` workflow returns: where the results are, not the results. */
export interface SweepResult {
  readonly name: string;
  readonly workflowId: string;
  /** The business key (`workflowRunKey`) of the sweep's MLflow runs and files. */
  readonly runKey: string;
  readonly status: SweepStatus;
  /** The parent MLflow run; `null` when not tracked. */
  readonly parentRunId: string | null;
  /** The results folder (`sweep-summary.json` + evaluations, DESIGN.md "Result files"), an artifact reference. */
  readonly summaryUri: string;
  /** The report bundle's folder (`index.html` inside), an artifact reference; `bcml sweep result` downloads it. */
  readonly reportUri: string;
  readonly counts: SweepCounts;
  /** The failed points (ids and error messages). */
  readonly failedPoints: readonly FailedPoint[];
}
