import type { PerformanceRecord, ProportionRecord } from '@bcml/core';

/** What a report shows: a compatibility sweep (scatter plots, filters, λ) or two models compared (no sweep). */
export type ReportMode = 'sweep' | 'comparison';

/** Schema tag of the model embedded in `index.html`. */
export const REPORT_MODEL_SCHEMA = 'bcml.report-model/1';

/** A split as the page shows it. */
export interface ReportSplit {
  /** The split's name from the summary (text). */
  readonly name: string;
  /** Instances in the split; null when the summary does not say. */
  readonly size: number | null;
  /** `test` for the held-out split, `train` for the training split, else `other`. */
  readonly role: 'test' | 'train' | 'other';
  /** Fill of the split's points. */
  readonly color: string;
  /** h1's performance on this split (Δ% always compares within one split). */
  readonly h1Performance: PerformanceRecord | null;
}

/** A distinct λ of the sweep: its number and exact label. */
export interface ReportLambda {
  readonly value: number;
  readonly label: string;
}

/** A completed sweep point (one trained h2). */
export interface ReportPoint {
  /** The point's id from the summary (text). */
  readonly id: string;
  /** Index into `ReportModel.dissonances`. */
  readonly dissonance: number;
  /** The base loss (text). */
  readonly loss: string;
  /** Index into `ReportModel.lambdas`. */
  readonly lambda: number;
  readonly modelUri: string | null;
  readonly mlflowRunId: string | null;
  readonly durationMs: number | null;
}

/** One plotted (point, split): its headline scores and its place on the Pareto front. */
export interface ReportDot {
  /** `p<point>-s<split>`: names its data file `data/<key>.js` and its static figures. */
  readonly key: string;
  /** Index into `ReportModel.points`. */
  readonly point: number;
  /** Index into `ReportModel.splits`. */
  readonly split: number;
  readonly performance: PerformanceRecord | null;
  readonly btc: ProportionRecord | null;
  readonly bec: ProportionRecord | null;
  readonly becNew: ProportionRecord | null;
  readonly nfr: ProportionRecord | null;
  /** On the Pareto front of (performance, BTC) of its split. */
  readonly front: boolean;
  /** The knee of that front. */
  readonly knee: boolean;
}

/** A point that did not complete: shown in a list with its status and error, never plotted. */
export interface ReportUnfinishedPoint {
  readonly id: string;
  readonly status: 'failed' | 'cancelled';
  readonly error: string | null;
}

/** Everything the page needs before any point data loads; embedded in `index.html` as JSON. */
export interface ReportModel {
  readonly schema: typeof REPORT_MODEL_SCHEMA;
  readonly mode: ReportMode;
  /** The sweep's name (text). */
  readonly title: string;
  readonly createdAt: string;
  /** The performance metric's name (`accuracy`). */
  readonly performanceMetric: string;
  readonly datasetUri: string;
  readonly h1Uri: string;
  /** Class names by class index (text). */
  readonly classes: readonly string[];
  readonly splits: readonly ReportSplit[];
  /** Distinct dissonance names, in order of first appearance. */
  readonly dissonances: readonly string[];
  /** Plot symbol per dissonance (same order). */
  readonly dissonanceSymbols: readonly string[];
  /** Distinct λ, ascending. */
  readonly lambdas: readonly ReportLambda[];
  readonly points: readonly ReportPoint[];
  readonly dots: readonly ReportDot[];
  readonly unfinished: readonly ReportUnfinishedPoint[];
  /** The dot selected when the page opens: the knee of the test split, else the first dot; null when none. */
  readonly defaultKey: string | null;
  /** Whether instance images were written (`images/s<split>/<id>.png`). */
  readonly hasImages: boolean;
}
