import {
  EVALUATION_SCHEMA,
  type ErrorInstance,
  type Evaluation,
  type EvaluationPerformance,
  type PerformanceMetric,
} from '@bcml/core';
import { type CompatibilityInput, evaluateCompatibility, performanceScore, type ScoreArray } from '@bcml/metrics';

import { proportionRecord } from './proportion-record.js';

/** What `buildEvaluation` reads: one (point, split) of a sweep and the two models' predictions on it. */
export interface EvaluationSource {
  /** The sweep point's id (`new-error/cross-entropy/0.25`). */
  readonly pointId: string;
  /** The split's name. */
  readonly split: string;
  /** Labels, h1's and h2's predicted classes, the number of classes and optional instance ids. */
  readonly input: CompatibilityInput;
  /** Class names by index (default `class <c>`). */
  readonly classNames?: readonly string[];
  /** Display metadata of an instance, from its id and position (default: `instance <id>`). */
  readonly metadata?: (id: number, position: number) => string;
  /** The spec's performance metric (default `accuracy`, whose scores are `accuracyH1` and `accuracyH2`). */
  readonly performanceMetric?: PerformanceMetric;
  /** h1's and h2's positive-class scores per instance (a binary task), in input order: needed by `roc-auc`. */
  readonly positiveScores?: { readonly h1: ScoreArray; readonly h2: ScoreArray };
}

/**
 * An evaluation file (`bcml.evaluation/1`) of one (point, split), built the way the reduce step builds it: scores,
 * overlap and per-class results from `@bcml/metrics`' `evaluateCompatibility` (validated, pooled), ids as plain
 * numbers, and the error instances (either model wrong) with their display metadata, in dataset order. A metric
 * other than accuracy adds both models' scores by it (`scores.performance`); accuracy files are unchanged.
 */
export function buildEvaluation(source: EvaluationSource): Evaluation {
  const { input, pointId, split, classNames = [], performanceMetric: metric = 'accuracy' } = source;
  const { scores, errorOverlap, perClass } = evaluateCompatibility(input);
  const metadata = source.metadata ?? ((id: number) => `instance ${id}`);
  const { labels, h1, h2, ids } = input;
  const errors: ErrorInstance[] = [];
  for (let i = 0; i < labels.length; i += 1) {
    const y = labels[i] as number;
    const p1 = h1[i] as number;
    const p2 = h2[i] as number;
    if (p1 === y && p2 === y) continue;
    const id = ids === undefined ? i : (ids[i] as number);
    errors.push({ id, label: y, h1: p1, h2: p2, metadata: metadata(id, i) });
  }
  return {
    schema: EVALUATION_SCHEMA,
    pointId,
    split,
    n: scores.n,
    counts: { ...scores.counts },
    scores: {
      accuracyH1: proportionRecord(scores.accuracyH1),
      accuracyH2: proportionRecord(scores.accuracyH2),
      btc: proportionRecord(scores.btc),
      bec: proportionRecord(scores.bec),
      becNew: proportionRecord(scores.becNew),
      nfr: proportionRecord(scores.nfr),
      pfr: proportionRecord(scores.pfr),
      nfi: proportionRecord(scores.nfi),
      pfi: proportionRecord(scores.pfi),
      churn: proportionRecord(scores.churn),
      inconsistentFlipRate: proportionRecord(scores.inconsistentFlipRate),
      relativeNfr: scores.relativeNfr,
      mcnemarPValue: scores.mcnemarPValue,
      ...(metric === 'accuracy' ? {} : { performance: evaluationPerformance(metric, source) }),
    },
    errorOverlap: {
      h1Only: Array.from(errorOverlap.h1Only.ids),
      common: Array.from(errorOverlap.common.ids),
      h2Only: Array.from(errorOverlap.h2Only.ids),
    },
    perClass: perClass.map((c) => ({
      index: c.classIndex,
      name: classNames[c.classIndex] ?? `class ${c.classIndex}`,
      count: c.count,
      accuracyH1: proportionRecord(c.accuracyH1),
      accuracyH2: proportionRecord(c.accuracyH2),
      btc: proportionRecord(c.btc),
      incompatibleCount: c.incompatibleCount,
      incompatibleIds: Array.from(c.incompatibleIds),
    })),
    errors,
  };
}

/** Both models' scores by `metric` (`@bcml/metrics`' `performanceScore`), with their positive-class scores if given. */
function evaluationPerformance(metric: PerformanceMetric, source: EvaluationSource): EvaluationPerformance {
  const { labels, numClasses } = source.input;
  const score = (model: 'h1' | 'h2') =>
    performanceScore(metric, {
      labels,
      predictions: source.input[model],
      numClasses,
      scores: source.positiveScores?.[model],
    });
  return { metric, h1: score('h1'), h2: score('h2') };
}
