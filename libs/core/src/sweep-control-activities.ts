import type { PerformanceMetric } from './performance-metric.js';
import type { PointResult } from './point-result.js';
import type { SweepCounts, SweepStatus } from './sweep-result.js';
import type { SweepSpec } from './sweep-spec.js';

/** Input of `prepareSweep`. */
export interface PrepareSweepInput {
  /** `workflowRunKey(spec.name, workflowId)`: tag of the parent MLflow run (found again on retry). */
  readonly runKey: string;
  readonly workflowId: string;
  readonly spec: SweepSpec;
}

/** What `prepareSweep` made: references every point reads, no data. */
export interface PreparedSweep {
  /** The parent MLflow run; `null` when not tracked. */
  readonly parentRunId: string | null;
  /** The MLflow experiment's id; `null` when not tracked. */
  readonly experimentId: string | null;
  /**
   * The sweep's artifact folder, location independent (the parent MLflow run's artifact root,
   * `mlflow-artifacts:/…`): the results and the report go below it.
   */
  readonly workUri: string;
  /** h1's outputs (logits), one `<split>.arrow` per split, computed once: an artifact reference (`…#folder-sha256=…`). */
  readonly h1OutputsUri: string;
  /** h2's initial weights, shared by every point, one saved model folder per head: an artifact reference. */
  readonly initialModelUri: string;
  /** SHA-256 (hex) of the dataset's content. */
  readonly datasetSha256: string;
  /** Number of classes C. */
  readonly classes: number;
  /** The spec's performance metric, which the trainers score evaluations by; absent: accuracy. */
  readonly performanceMetric?: PerformanceMetric;
}

/**
 * The most point results one activity payload carries (about 1 KB each): a larger sweep hands its results to
 * `reduceSweep` as files of this many (`storePointResults`), so that no payload nears Temporal's blob limits
 * (512 KB warn, 2 MB error).
 */
export const POINT_RESULTS_PER_PART = 100;

/** Input of `storePointResults`. */
export interface StorePointResultsInput {
  readonly runKey: string;
  readonly prepared: PreparedSweep;
  /** The part's number, 0, 1, …: its file is `point-results/part-<part>.json` in the sweep's folder. */
  readonly part: number;
  /** At most `POINT_RESULTS_PER_PART` point results, in point order. */
  readonly points: readonly PointResult[];
}

/** Where `storePointResults` put a part. */
export interface StoredPointResults {
  /** The part's JSON file (an array of point results): an artifact reference (`…#file-sha256=…`). */
  readonly uri: string;
}

/** Input of `reduceSweep`. */
export interface ReduceSweepInput {
  readonly runKey: string;
  readonly spec: SweepSpec;
  readonly prepared: PreparedSweep;
  /** The points whatever their status, in point order (about 1 KB each); empty when they come as `pointParts`. */
  readonly points: readonly PointResult[];
  /** Files of further point results (`storePointResults`' references), read in order after `points`. */
  readonly pointParts?: readonly string[];
}

/** What `reduceSweep` wrote. */
export interface ReducedSweep {
  /** The results folder (`sweep-summary.json` and `evaluations/<point>/<split>.json`): an artifact reference. */
  readonly summaryUri: string;
}

/** Input of `renderReport` (used by the sweep and the model comparison). */
export interface RenderReportInput {
  readonly runKey: string;
  /** A results folder (`sweep-summary.json` and its evaluations; one point for a comparison): an artifact reference. */
  readonly summaryUri: string;
  /** The MLflow run to log the bundle to; `null`: not tracked. */
  readonly runId: string | null;
}

/** Where `renderReport` put the bundle. */
export interface RenderedReport {
  /** The report bundle's folder (`index.html` inside), an artifact reference in the run's artifacts. */
  readonly reportUri: string;
}

/** Input of `finishSweep`. */
export interface FinishSweepInput {
  readonly runKey: string;
  readonly parentRunId: string | null;
  /** `failed` when reducing or reporting failed. */
  readonly status: SweepStatus | 'failed';
  readonly counts: SweepCounts;
}

/**
 * The control pool's sweep activities (task queue `bcml-control`), implemented in `workers/` by a factory that
 * receives its dependencies. Every one is idempotent by `runKey` (a retry finds what an earlier attempt made) and
 * throws `InvalidInputError` (non-retryable) for bad input, a retryable error for transient I/O.
 *
 * Timeouts the workflow sets: `prepareSweep` and `reduceSweep` 1 h start-to-close; `storePointResults`,
 * `renderReport` and `finishSweep` 15 min each; all with a 20 s heartbeat timeout (the control worker heartbeats while
 * any of them runs, so a killed worker's activity is retried elsewhere within seconds). Up to 5 attempts, 2 s initial
 * interval.
 */
export interface SweepControlActivities {
  /**
   * Validates the spec against the data and h1 (files, label column, classes, input shapes, h1 output width) before
   * anything else, then creates the parent MLflow run, computes h1's outputs once and h2's initial weights.
   */
  readonly prepareSweep: (input: PrepareSweepInput) => Promise<PreparedSweep>;
  /** Writes a part of a large sweep's point results to the sweep's folder, for `reduceSweep`'s `pointParts`. */
  readonly storePointResults: (input: StorePointResultsInput) => Promise<StoredPointResults>;
  /** Evaluates the completed points, writes the evaluation files and `sweep-summary.json` (Pareto fronts included). */
  readonly reduceSweep: (input: ReduceSweepInput) => Promise<ReducedSweep>;
  /** Builds the report bundle from a summary and logs it to the run. */
  readonly renderReport: (input: RenderReportInput) => Promise<RenderedReport>;
  /** Ends the parent MLflow run: FINISHED (completed), KILLED (cancelled) or FAILED, with the counts as tags. */
  readonly finishSweep: (input: FinishSweepInput) => Promise<void>;
}
