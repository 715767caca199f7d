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

describe('proportionRecord', () => {
  it('copies a proportion into a plain JSON record, and keeps null', () => {
    const p = proportion(3, 4);
    if (p === null) throw new Error('3/4 has a denominator');
    expect(proportionRecord(p)).toEqual({ value: 0.75, ci95: [p.ci95[0], p.ci95[1]], numerator: 3, denominator: 4 });
    expect(Array.isArray(proportionRecord(p)?.ci95)).toBe(true);
    expect(proportionRecord(null)).toBeNull();
  });
});
