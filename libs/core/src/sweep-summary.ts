import type { PerformanceRecord, ProportionRecord } from './evaluation.js';

/** Schema tag of `sweep-summary.json` (DESIGN.md, "Result files"). */
export const SWEEP_SUMMARY_SCHEMA = 'bcml.sweep-summary/1';

/** How a sweep point ended: trained and evaluated, failed after its retries, or cancelled with the sweep. */
export type PointStatus = 'completed' | 'failed' | 'cancelled';

/** The dataset a sweep ran on. */
export interface SweepDataset {
  /** Where it was read from (`bcml:datasets/mnist`, a path, a URL). */
  readonly uri: string;
  /** SHA-256 of its content, hex. */
  readonly sha256: string;
  /** Class names by class index (displayed as text, never as HTML). */
  readonly classes: readonly string[];
  /** Instances per split, by split name (`{ "train": 60000, "test": 10000 }`). */
  readonly splits: Readonly<Record<string, number>>;
  /** The split h2 trains on. */
  readonly trainSplit: string;
  /** The held-out split (the default view of the report). */
  readonly testSplit: string;
}

/** The deployed model h1 the sweep compares with. */
export interface SweepH1 {
  /** Its model URI (`models:/mnist@champion`, a folder, `runs:/…`). */
  readonly uri: string;
  /** Its performance (the summary's `performanceMetric`) per split name. */
  readonly performance: Readonly<Record<string, PerformanceRecord | null>>;
}

/** The headline scores of one sweep point on one split, and where its full evaluation file lies. */
export interface PointSplitScores {
  /** h2's performance (the summary's `performanceMetric`): a `ProportionRecord` for accuracy, else `ci95: null`. */
  readonly performance: PerformanceRecord | null;
  /** Backward Trust Compatibility. */
  readonly btc: ProportionRecord | null;
  /** BEC over h1's errors (the reference's code). */
  readonly bec: ProportionRecord | null;
  /** BEC over h2's errors (the KDD 2020 paper's wording). */
  readonly becNew: ProportionRecord | null;
  /** Negative flip rate. */
  readonly nfr: ProportionRecord | null;
  /** Path of the evaluation file, relative to the summary's folder (`evaluations/<point>/<split>.json`). */
  readonly evaluation: string;
}

/** One trained h2: a (dissonance, loss, λ) grid point of the sweep. */
export interface SweepPoint {
  /** `<dissonance>/<loss>/<λ label>`, e.g. `new-error/cross-entropy/0.25`. */
  readonly id: string;
  /** The dissonance: `new-error`, `strict-imitation`, `focal-distillation` (`none` for a plain comparison). */
  readonly dissonance: string;
  /** The base loss: `cross-entropy`, `nll`, `bce`, `kl`. */
  readonly loss: string;
  /** λ as a number. */
  readonly lambda: number;
  /** λ's exact decimal label (`0.3`, never `0.30000000000000004`): use it wherever λ is shown or named. */
  readonly lambdaLabel: string;
  /** How the point ended. */
  readonly status: PointStatus;
  /** The error message when the point failed. */
  readonly error?: string;
  /** The point's child MLflow run, when tracked. */
  readonly mlflowRunId: string | null;
  /** The trained h2's model URI; `null` unless completed. */
  readonly modelUri: string | null;
  /** Wall-clock training and evaluation time in ms; `null` when unknown. */
  readonly durationMs: number | null;
  /** Headline scores per split name; empty unless completed. */
  readonly splits: Readonly<Record<string, PointSplitScores>>;
}

/** The Pareto front of (performance, BTC), both maximised, over the completed points of one split. */
export interface SweepPareto {
  /** Point ids on the front, best performance first (the order of `@bcml/metrics`' `paretoFront`). */
  readonly front: readonly string[];
  /** The knee of the front (`@bcml/metrics`' `kneePoint`); `null` when the front is empty. */
  readonly knee: string | null;
}

/**
 * `sweep-summary.json`: the result of a compatibility sweep (or, with one point, of a model comparison), written
 * by the reduce step and read by the report, the CLI and tests.
 */
export interface SweepSummary {
  /** Always `bcml.sweep-summary/1`. */
  readonly schema: typeof SWEEP_SUMMARY_SCHEMA;
  /** The sweep's name (from the spec). */
  readonly name: string;
  /** When the summary was written, ISO 8601. */
  readonly createdAt: string;
  /** The validated sweep spec as JSON, secrets removed. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The dataset: URI, content hash, class names, split sizes. */
  readonly dataset: SweepDataset;
  /** The deployed model h1 and its performance per split. */
  readonly h1: SweepH1;
  /** The performance metric's name (`accuracy`). */
  readonly performanceMetric: string;
  /** Every grid point, completed or not. */
  readonly points: readonly SweepPoint[];
  /** The Pareto front and knee of (performance, BTC), per split name. */
  readonly pareto: Readonly<Record<string, SweepPareto>>;
}
