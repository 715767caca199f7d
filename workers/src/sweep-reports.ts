import {
  type Evaluation,
  type PointSplitScores,
  type SweepPareto,
  type SweepPoint,
  type SweepSummary,
} from '@bcml/core';

/** One (point, split) to evaluate: labels, h1's and h2's predicted classes and the instance ids, in dataset order. */
export interface SweepEvaluationSource {
  readonly pointId: string;
  readonly split: string;
  readonly input: {
    readonly labels: Int32Array;
    readonly h1: Int32Array;
    readonly h2: Int32Array;
    readonly numClasses: number;
    readonly ids: Uint32Array;
  };
  readonly classNames?: readonly string[];
}

/** The result files of a sweep folder: the summary and a loader of the evaluation files it names. */
export interface SweepResultFiles {
  readonly summary: SweepSummary;
  readonly evaluations: (path: string) => Promise<Evaluation>;
}

/**
 * The `@bcml/reports` functions the sweep activities use (same names and signatures), passed in as a dependency:
 * see `loadSweepReports` for why the workers do not import `@bcml/reports` statically.
 */
export interface SweepReports {
  /** An evaluation file (`bcml.evaluation/1`) of one (point, split), scored with `@bcml/metrics`. */
  buildEvaluation(source: SweepEvaluationSource): Evaluation;
  /** The summary's headline scores of an evaluation, with the path of its file. */
  pointSplitScores(evaluation: Evaluation, path: string): PointSplitScores;
  /** `evaluations/<point>/<split>.json`. */
  evaluationPath(pointId: string, split: string): string;
  /** The Pareto front and knee of (performance, BTC) over the completed points of one split. */
  paretoRecord(points: readonly SweepPoint[], split: string): SweepPareto;
  /** Reads `sweep-summary.json` and its evaluation files from a folder. */
  readResultFiles(dir: string): Promise<SweepResultFiles>;
  /** Renders the report bundle into `outDir`. */
  renderReport(options: {
    readonly summary: SweepSummary;
    readonly evaluations: (path: string) => Promise<Evaluation>;
    readonly outDir: string;
    readonly mode?: 'sweep' | 'comparison';
    /** A regression check's verdict, shown atop the page (`@bcml/reports`' `ReportVerdict`). */
    readonly verdict?: {
      readonly passed: boolean;
      readonly checks: readonly { readonly rule: string; readonly passed: boolean; readonly reason: string }[];
      readonly championUri?: string;
      readonly challengerUri?: string;
    };
  }): Promise<{ readonly outDir: string; readonly indexPath: string }>;
}
