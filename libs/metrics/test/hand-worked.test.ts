import { describe, expect, it } from 'vitest';

import {
  computeCompatibility,
  errorOverlap,
  evaluateCompatibility,
  mcnemarExactPValue,
  perClassCompatibility,
  wilsonInterval,
} from '@bcml/metrics';

// Ten instances, four classes (class 3 never occurs), worked out by hand.
//
//   i       0  1  2  3  4  5  6  7  8  9
//   label   0  0  0  1  1  1  2  2  2  2
//   h1      0  0  1  1  1  0  2  2  0  1      h1 right at 0 1 3 4 6 7            -> 6 correct, 4 errors
//   h2      0  2  0  1  2  0  2  2  1  0      h2 right at 0 2 3 6 7              -> 5 correct, 5 errors
//   outcome BC NF PF BC NF WS BC BC WD WD
//
// BC both correct {0,3,6,7} = 4; NF (h1 right, h2 wrong) {1,4} = 2; PF (h1 wrong, h2 right) {2} = 1;
// both wrong {5,8,9} = 3, of which the same wrong class (WS) {5} = 1 and different wrong classes (WD) {8,9} = 2.
// Churn (h1 ≠ h2): {1,2,4,8,9} = 5 = NF + PF + WD.
const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const h1 = [0, 0, 1, 1, 1, 0, 2, 2, 0, 1];
const h2 = [0, 2, 0, 1, 2, 0, 2, 2, 1, 0];
const input = { labels, h1, h2, numClasses: 4 };

describe('a hand-worked example', () => {
  const scores = computeCompatibility(input);

  it('counts the outcomes', () => {
    expect(scores.n).toBe(10);
    expect(scores.counts).toEqual({
      n: 10,
      h1Correct: 6,
      h2Correct: 5,
      h1Errors: 4,
      h2Errors: 5,
      bothCorrect: 4,
      bothWrong: 3,
      bothWrongSamePrediction: 1,
      bothWrongDifferentPrediction: 2,
      negativeFlips: 2,
      positiveFlips: 1,
      churnCount: 5,
    });
  });

  it('derives every score from the counts', () => {
    const value = (p: { value: number } | null): number | undefined => p?.value;
    expect(value(scores.accuracyH1)).toBe(6 / 10); // 0.6
    expect(value(scores.accuracyH2)).toBe(5 / 10); // 0.5
    expect(value(scores.btc)).toBe(4 / 6); // both correct / h1 correct
    expect(value(scores.bec)).toBe(3 / 4); // both wrong / h1 errors (the reference's BEC)
    expect(value(scores.becNew)).toBe(3 / 5); // both wrong / h2 errors (the paper's BEC) = 1 − NFI
    expect(value(scores.nfr)).toBe(2 / 10);
    expect(value(scores.pfr)).toBe(1 / 10);
    expect(value(scores.nfi)).toBe(2 / 5); // NF / h2 errors
    expect(value(scores.pfi)).toBe(1 / 5); // PF / h2 correct
    expect(value(scores.churn)).toBe(5 / 10);
    expect(value(scores.inconsistentFlipRate)).toBe(4 / 10); // (NF + WD) / N
    // NFR / (accuracyH1 · (1 − accuracyH2)) = 0.2 / (0.6 · 0.5) = 2/3 = NF·N / (h1 correct · h2 errors) = 20/30.
    expect(scores.relativeNfr).toBeCloseTo(2 / 3, 15);
    // McNemar on (NF, PF) = (2, 1): m = 3, P(X ≤ 1) = (1 + 3)/8 = 1/2, p = min(1, 2 · 1/2) = 1.
    expect(scores.mcnemarPValue).toBe(1);
    expect(scores.btc).toMatchObject({ numerator: 4, denominator: 6 });
    expect(scores.becNew).toMatchObject({ numerator: 3, denominator: 5 });
  });

  it('attaches Wilson intervals', () => {
    // 6/10, z² = 3.8414588: centre = (0.6 + z²/20) / (1 + z²/10) = 0.79207 / 1.38415 = 0.57225,
    // half = z · √(0.024 + z²/400) / 1.38415 = 1.95996 · 0.183313 / 1.38415 = 0.25957 -> [0.3127, 0.8318].
    const [lo, hi] = scores.accuracyH1?.ci95 ?? [NaN, NaN];
    expect(lo).toBeCloseTo(0.3127, 4);
    expect(hi).toBeCloseTo(0.8318, 4);
    // 0/n has lo = 0 exactly and n/n has hi = 1 exactly; 0/10: hi = z² / (10 + z²) = 3.84146 / 13.84146 = 0.27753.
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.27753, 5);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
  });

  it('computes the exact McNemar p-value', () => {
    // (9, 1): m = 10, P(X ≤ 1) = (C(10,0) + C(10,1)) / 2^10 = 11/1024, p = 22/1024 = 0.021484375.
    expect(mcnemarExactPValue(9, 1)).toBeCloseTo(22 / 1024, 15);
    expect(mcnemarExactPValue(1, 9)).toBeCloseTo(22 / 1024, 15);
    expect(mcnemarExactPValue(0, 0)).toBe(1);
    expect(mcnemarExactPValue(7, 7)).toBe(1);
  });

  it('lists the error overlap by position, or by the ids given', () => {
    const byPosition = errorOverlap(input);
    expect(byPosition.h1Only.count).toBe(1);
    expect(Array.from(byPosition.h1Only.ids)).toEqual([2]);
    expect(Array.from(byPosition.common.ids)).toEqual([5, 8, 9]);
    expect(Array.from(byPosition.h2Only.ids)).toEqual([1, 4]);
    const ids = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109];
    const byId = errorOverlap({ ...input, ids });
    expect([byId.h1Only, byId.common, byId.h2Only].map((set) => Array.from(set.ids))).toEqual([
      [102],
      [105, 108, 109],
      [101, 104],
    ]);
  });

  it('breaks accuracy and incompatibility down by class, absent classes included', () => {
    // class 0 = {0,1,2}: h1 right {0,1} 2/3, h2 right {0,2} 2/3, incompatible {1}, BTC 1/2
    // class 1 = {3,4,5}: h1 right {3,4} 2/3, h2 right {3} 1/3, incompatible {4}, BTC 1/2
    // class 2 = {6..9}: h1 right {6,7} 2/4, h2 right {6,7} 2/4, incompatible {}, BTC 2/2
    // class 3: absent, accuracies null, nothing incompatible
    const perClass = perClassCompatibility(input);
    expect(
      perClass.map((c) => [
        c.classIndex,
        c.count,
        c.accuracyH1?.value ?? null,
        c.accuracyH2?.value ?? null,
        c.btc?.value ?? null,
        c.incompatibleCount,
        Array.from(c.incompatibleIds),
      ]),
    ).toEqual([
      [0, 3, 2 / 3, 2 / 3, 1 / 2, 1, [1]],
      [1, 3, 2 / 3, 1 / 3, 1 / 2, 1, [4]],
      [2, 4, 2 / 4, 2 / 4, 1, 0, []],
      [3, 0, null, null, null, 0, []],
    ]);
  });

  it('gives the same answers through evaluateCompatibility and for typed arrays', () => {
    const typed = {
      labels: Int32Array.from(labels),
      h1: Uint8Array.from(h1),
      h2: Float64Array.from(h2),
      numClasses: 4,
    };
    const evaluation = evaluateCompatibility(typed);
    expect(evaluation.scores).toEqual(scores);
    expect(evaluation.errorOverlap).toEqual(errorOverlap(input));
    expect(evaluation.perClass).toEqual(perClassCompatibility(input));
  });
});
