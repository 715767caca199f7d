import {
  EVALUATION_SCHEMA,
  type ErrorInstance,
  type Evaluation,
  InvalidInputError,
  type PointSplitScores,
  type ProportionRecord,
  type SweepPareto,
  type SweepPoint,
} from '@bcml/core';
import { type CompatibilityInput, evaluateCompatibility, type Proportion } from '@bcml/metrics';

import { sweepPareto } from './sweep-pareto.js';

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
}

/** A `@bcml/metrics` proportion as a plain JSON record. */
export function proportionRecord(p: Proportion | null): ProportionRecord | null {
  return p === null
    ? null
    : { value: p.value, ci95: [p.ci95[0], p.ci95[1]], numerator: p.numerator, denominator: p.denominator };
}

/**
 * An evaluation file (`bcml.evaluation/1`) of one (point, split), built the way the reduce step builds it: scores,
 * overlap and per-class results from `@bcml/metrics`' `evaluateCompatibility` (validated, pooled), ids as plain
 * numbers, and the error instances (either model wrong) with their display metadata, in dataset order.
 */
export function buildEvaluation(source: EvaluationSource): Evaluation {
  const { input, pointId, split, classNames = [] } = source;
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

/** The headline scores of an evaluation for the summary, with the path of its file. */
export function pointSplitScores(evaluation: Evaluation, path: string): PointSplitScores {
  const { accuracyH2, btc, bec, becNew, nfr } = evaluation.scores;
  return { performance: accuracyH2, btc, bec, becNew, nfr, evaluation: path };
}

/**
 * `evaluations/<point>/<split>.json`, the path of an evaluation file relative to the summary. The point id's
 * segments and the split must be plain names (letters, digits, `.`, `_`, `-`; not `.` or `..`).
 */
export function evaluationPath(pointId: string, split: string): string {
  const segments = [...pointId.split('/'), split];
  segments.forEach((segment, i) => {
    if (!/^[A-Za-z0-9._-]+$/.test(segment) || segment === '.' || segment === '..') {
      throw new InvalidInputError(i < segments.length - 1 ? 'pointId' : 'split', 'plain path segments', pointId);
    }
  });
  return `evaluations/${pointId}/${split}.json`;
}

/** The summary's Pareto record of one split: the completed points' ids on the (performance, BTC) front, and the knee. */
export function paretoRecord(points: readonly SweepPoint[], split: string): SweepPareto {
  const candidates = points.flatMap((p) => {
    const scores = p.splits[split];
    return p.status === 'completed' && scores !== undefined
      ? [{ id: p.id, performance: scores.performance, btc: scores.btc }]
      : [];
  });
  const { front, knee } = sweepPareto(candidates);
  return { front: front.map((c) => c.id), knee: knee?.id ?? null };
}
