import {
  SWEEP_SUMMARY_SCHEMA,
  type PerformanceRecord,
  type SweepDataset,
  type SweepPoint,
  type SweepSummary,
} from '@bcml/core';

import { paretoRecord } from './pareto-record.js';

/** What `sweepSummary` assembles: everything but the schema tag, the time and the Pareto records. */
export interface SweepSummaryInput {
  readonly name: string;
  /** The validated spec (a sweep's, a comparison's or a regression check's), without secrets. */
  readonly spec: object;
  readonly dataset: SweepDataset;
  /** h1's URI and its performance per split (`performanceOf(scores, metric, 'h1')` of the evaluations). */
  readonly h1: { readonly uri: string; readonly performance: Readonly<Record<string, PerformanceRecord | null>> };
  readonly performanceMetric: string;
  readonly points: readonly SweepPoint[];
  /** The splits to compute a Pareto record for. */
  readonly splits: readonly string[];
  /** When it was written (default: now). */
  readonly createdAt?: Date;
}

/**
 * `sweep-summary.json` (`bcml.sweep-summary/1`) of a sweep or of a compared pair (one point of dissonance `none`):
 * the spec as plain JSON, the dataset, h1, every point, and the Pareto front and knee of each split.
 */
export function sweepSummary(input: SweepSummaryInput): SweepSummary {
  return {
    schema: SWEEP_SUMMARY_SCHEMA,
    name: input.name,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    spec: JSON.parse(JSON.stringify(input.spec)) as Record<string, unknown>,
    dataset: input.dataset,
    h1: { uri: input.h1.uri, performance: { ...input.h1.performance } },
    performanceMetric: input.performanceMetric,
    points: input.points,
    pareto: Object.fromEntries(input.splits.map((s) => [s, paretoRecord(input.points, s)])),
  };
}
