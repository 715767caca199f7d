import { describe, expect, it } from 'vitest';

import { evaluateCompatibility, type Proportion } from '@bcml/metrics';

import { randomPredictions } from './random-input.js';

const cases = [
  { seed: 1, n: 5000, numClasses: 2, acc1: 0.8, acc2: 0.85 },
  { seed: 2, n: 3000, numClasses: 10, acc1: 0.6, acc2: 0.7 },
  { seed: 3, n: 800, numClasses: 50, acc1: 0.3, acc2: 0.9 },
  { seed: 4, n: 40, numClasses: 200, acc1: 0.5, acc2: 0.5 },
];

const value = (p: Proportion | null): number => {
  if (p === null) throw new Error('unexpected null');
  return p.value;
};

describe.each(cases)('identities (seed $seed, n $n, $numClasses classes)', ({ seed, n, numClasses, acc1, acc2 }) => {
  const input = randomPredictions(seed, n, numClasses, acc1, acc2);
  const { scores, errorOverlap, perClass } = evaluateCompatibility(input);
  const { counts } = scores;

  it('BTC = 1 − NFR / accuracyH1', () => {
    expect(value(scores.btc)).toBeCloseTo(1 - value(scores.nfr) / value(scores.accuracyH1), 12);
  });

  it('NFI = NF / errors of h2, and becNew = 1 − NFI', () => {
    expect(value(scores.nfi)).toBe(counts.negativeFlips / counts.h2Errors);
    expect(value(scores.becNew)).toBeCloseTo(1 - value(scores.nfi), 12);
  });

  it('the Venn regions add up to the error counts, and their ids partition the errors', () => {
    expect(errorOverlap.h1Only.count + errorOverlap.common.count).toBe(counts.h1Errors);
    expect(errorOverlap.common.count + errorOverlap.h2Only.count).toBe(counts.h2Errors);
    expect(errorOverlap.h2Only.count).toBe(counts.negativeFlips);
    expect(errorOverlap.h1Only.count).toBe(counts.positiveFlips);
    const regions = [errorOverlap.h1Only, errorOverlap.common, errorOverlap.h2Only];
    for (const region of regions) {
      expect(region.ids.length).toBe(region.count);
      expect(region.ids.every((id, i) => i === 0 || id > (region.ids[i - 1] as number))).toBe(true);
    }
    const all = new Set(regions.flatMap((region) => Array.from(region.ids)));
    expect(all.size).toBe(counts.n - counts.bothCorrect);
  });

  it('per-class incompatible counts sum to the negative flips, and their ids are the h2-only errors', () => {
    expect(perClass.length).toBe(numClasses);
    expect(perClass.reduce((sum, c) => sum + c.incompatibleCount, 0)).toBe(counts.negativeFlips);
    expect(perClass.reduce((sum, c) => sum + c.count, 0)).toBe(n);
    const byClass = perClass.flatMap((c) => Array.from(c.incompatibleIds)).sort((a, b) => a - b);
    expect(byClass).toEqual(Array.from(errorOverlap.h2Only.ids));
    for (const c of perClass) {
      expect(c.incompatibleIds.length).toBe(c.incompatibleCount);
      for (const id of c.incompatibleIds) expect(input.labels[id]).toBe(c.classIndex);
    }
  });

  it('counts are consistent and every interval holds its value', () => {
    expect(counts.bothCorrect + counts.negativeFlips + counts.positiveFlips + counts.bothWrong).toBe(n);
    expect(counts.churnCount).toBe(counts.negativeFlips + counts.positiveFlips + counts.bothWrongDifferentPrediction);
    expect(value(scores.accuracyH2) - value(scores.accuracyH1)).toBeCloseTo(value(scores.pfr) - value(scores.nfr), 12);
    const proportions = [
      scores.accuracyH1,
      scores.accuracyH2,
      scores.btc,
      scores.bec,
      scores.becNew,
      scores.nfr,
      scores.pfr,
      scores.nfi,
      scores.pfi,
      scores.churn,
      scores.inconsistentFlipRate,
      ...perClass.flatMap((c) => [c.accuracyH1, c.accuracyH2, c.btc]),
    ];
    for (const p of proportions) {
      if (p === null) continue;
      expect(p.ci95[0]).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.ci95[1]);
      expect(p.ci95[0]).toBeGreaterThanOrEqual(0);
      expect(p.ci95[1]).toBeLessThanOrEqual(1);
    }
  });
});

describe('degenerate inputs', () => {
  it('gives null, never 0, for empty denominators, and p = 1 without flips', () => {
    const { scores, errorOverlap, perClass } = evaluateCompatibility({ labels: [], h1: [], h2: [], numClasses: 3 });
    const nulls = [
      scores.accuracyH1,
      scores.btc,
      scores.bec,
      scores.becNew,
      scores.nfr,
      scores.churn,
      scores.relativeNfr,
    ];
    expect(nulls).toEqual(nulls.map(() => null));
    expect(scores.mcnemarPValue).toBe(1);
    expect(errorOverlap.common).toEqual({ count: 0, ids: new Uint32Array(0) });
    expect(perClass.map((c) => [c.count, c.accuracyH1, c.accuracyH2])).toEqual([
      [0, null, null],
      [0, null, null],
      [0, null, null],
    ]);
  });

  it('a perfect h1 has no BEC; a hopeless h1 has no BTC', () => {
    const labels = [0, 1, 2, 1];
    expect(computeBoth(labels, labels, [0, 2, 2, 1])).toEqual({ btc: 3 / 4, bec: null, becNew: 0 });
    expect(computeBoth(labels, [1, 2, 0, 0], [0, 2, 2, 1])).toEqual({ btc: null, bec: 1 / 4, becNew: 1 });
  });
});

function computeBoth(labels: number[], h1: number[], h2: number[]): Record<string, number | null> {
  const { scores } = evaluateCompatibility({ labels, h1, h2, numClasses: 3 });
  return { btc: scores.btc?.value ?? null, bec: scores.bec?.value ?? null, becNew: scores.becNew?.value ?? null };
}
