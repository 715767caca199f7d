import { describe, expect, it } from 'vitest';

import { proportion } from '@bcml/metrics';
import { buildEvaluation, pointHeadline, pointSplitScores, proportionRecord } from '@bcml/results';

// Labels, h1 and h2 on 6 instances (ids 10..15): h1 wrong on 13, 14; h2 wrong on 12, 14 → one negative flip (12),
// one positive flip (13), one common error (14). BTC = h2 right among h1 right = 3/4; NFR = 1/6.
const input = {
  labels: Int32Array.from([0, 1, 0, 1, 0, 1]),
  h1: Int32Array.from([0, 1, 0, 0, 1, 1]),
  h2: Int32Array.from([0, 1, 1, 1, 1, 1]),
  numClasses: 2,
  ids: Uint32Array.from([10, 11, 12, 13, 14, 15]),
};

describe('buildEvaluation', () => {
  const evaluation = buildEvaluation({
    pointId: 'new-error/cross-entropy/0.5',
    split: 'test',
    input,
    classNames: ['no', 'yes'],
    metadata: (id, position) => `row ${position} (#${id})`,
  });

  it('scores a (point, split) by hand-derived counts', () => {
    expect(evaluation.schema).toBe('bcml.evaluation/1');
    expect(evaluation.pointId).toBe('new-error/cross-entropy/0.5');
    expect(evaluation.split).toBe('test');
    expect(evaluation.n).toBe(6);
    expect(evaluation.scores.btc).toMatchObject({ numerator: 3, denominator: 4 });
    expect(evaluation.scores.btc?.value).toBeCloseTo(3 / 4, 12);
    expect(evaluation.scores.nfr?.value).toBeCloseTo(1 / 6, 12);
    expect(evaluation.scores.pfr?.value).toBeCloseTo(1 / 6, 12);
    expect(evaluation.scores.accuracyH1?.value).toBeCloseTo(4 / 6, 12);
    expect(evaluation.scores.accuracyH2?.value).toBeCloseTo(4 / 6, 12);
  });

  it('lists the error overlap, the per-class results and the error instances by id, in dataset order', () => {
    expect(evaluation.errorOverlap).toEqual({ h1Only: [13], common: [14], h2Only: [12] });
    expect(evaluation.perClass.map((c) => [c.index, c.name, c.count, c.incompatibleIds])).toEqual([
      [0, 'no', 3, [12]],
      [1, 'yes', 3, []],
    ]);
    expect(evaluation.errors).toEqual([
      { id: 12, label: 0, h1: 0, h2: 1, metadata: 'row 2 (#12)' },
      { id: 13, label: 1, h1: 0, h2: 1, metadata: 'row 3 (#13)' },
      { id: 14, label: 0, h1: 1, h2: 1, metadata: 'row 4 (#14)' },
    ]);
  });

  it('defaults to positions as ids, `class <c>` names and `instance <id>` metadata', () => {
    const { labels, h1, h2, numClasses } = input;
    const plain = buildEvaluation({ pointId: 'p', split: 'train', input: { labels, h1, h2, numClasses } });
    expect(plain.errors.map((e) => [e.id, e.metadata])).toEqual([
      [2, 'instance 2'],
      [3, 'instance 3'],
      [4, 'instance 4'],
    ]);
    expect(plain.perClass.map((c) => c.name)).toEqual(['class 0', 'class 1']);
  });

  it('refuses inputs that evaluateCompatibility refuses', () => {
    expect(() =>
      buildEvaluation({ pointId: 'p', split: 'test', input: { ...input, h2: Int32Array.from([0, 1]) } }),
    ).toThrow(/h2/);
  });

  it('gives the summary its scores with the file path, and progress its plain headline', () => {
    const path = 'evaluations/new-error/cross-entropy/0.5/test.json';
    const { accuracyH2, btc, bec, becNew, nfr } = evaluation.scores;
    expect(pointSplitScores(evaluation, path)).toEqual({
      performance: accuracyH2,
      btc,
      bec,
      becNew,
      nfr,
      evaluation: path,
    });
    expect(pointHeadline(evaluation)).toEqual({ performance: 4 / 6, btc: 3 / 4, nfr: 1 / 6 });
    const empty = { ...evaluation, scores: { ...evaluation.scores, accuracyH2: null, btc: null, nfr: null } };
    expect(pointHeadline(empty)).toEqual({ performance: null, btc: null, nfr: null });
  });
});

describe('buildEvaluation with a performance metric other than accuracy', () => {
  const source = { pointId: 'p', split: 'test', input };
  const path = 'evaluations/p/test.json';

  it('writes no `performance` for accuracy (the default), so accuracy files are unchanged', () => {
    const plain = buildEvaluation(source);
    expect(buildEvaluation({ ...source, performanceMetric: 'accuracy' })).toEqual(plain);
    expect(plain.scores).not.toHaveProperty('performance');
    expect(pointSplitScores(plain, path, 'accuracy').performance).toBe(plain.scores.accuracyH2);
  });

  it('adds both models’ macro-F1 (hand-derived), read by the summary and the headline', () => {
    // h2: F1 of class 0 = 2·1 / (3 + 1), of class 1 = 2·3 / (3 + 5); h1: 2·2 / (3 + 3) for both classes.
    const evaluation = buildEvaluation({ ...source, performanceMetric: 'macro-f1' });
    expect(evaluation.scores.performance?.metric).toBe('macro-f1');
    expect(evaluation.scores.performance?.h1?.value).toBeCloseTo(2 / 3, 12);
    expect(evaluation.scores.performance?.h2?.value).toBeCloseTo((0.5 + 0.75) / 2, 12);
    expect(evaluation.scores.performance?.h2?.ci95).toBeNull();
    expect(pointSplitScores(evaluation, path, 'macro-f1').performance).toEqual({ value: 0.625, ci95: null });
    expect(pointHeadline(evaluation, 'macro-f1').performance).toBe(0.625);
    // Read by another metric than it was written for: undefined, not accuracy.
    expect(pointSplitScores(evaluation, path, 'balanced-accuracy').performance).toBeNull();
    // The accuracy scores stay as they were.
    expect(evaluation.scores.accuracyH2).toEqual(buildEvaluation(source).scores.accuracyH2);
  });

  it('scores ROC AUC from the positive-class scores, ties counting one half', () => {
    const evaluation = buildEvaluation({
      ...source,
      performanceMetric: 'roc-auc',
      positiveScores: {
        h1: Float32Array.from([0.2, 0.8, 0.4, 0.4, 0.6, 0.7]),
        h2: Float32Array.from([0.1, 0.9, 0.6, 0.8, 0.7, 0.95]),
      },
    });
    expect(evaluation.scores.performance).toEqual({
      metric: 'roc-auc',
      h1: { value: 7.5 / 9, ci95: null },
      h2: { value: 1, ci95: null },
    });
    expect(() => buildEvaluation({ ...source, performanceMetric: 'roc-auc' })).toThrow(/invalid scores/);
  });
});

describe('proportionRecord', () => {
  it('copies a proportion into a plain JSON record, and keeps null', () => {
    const p = proportion(3, 4);
    if (p === null) throw new Error('3/4 has a denominator');
    expect(proportionRecord(p)).toEqual({ value: 0.75, ci95: [p.ci95[0], p.ci95[1]], numerator: 3, denominator: 4 });
    expect(Array.isArray(proportionRecord(p)?.ci95)).toBe(true);
    expect(proportionRecord(null)).toBeNull();
  });
});
