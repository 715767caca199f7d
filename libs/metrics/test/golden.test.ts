import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  type CompatibilityInput,
  computeCompatibility,
  errorOverlap,
  evaluateCompatibility,
  kneePoint,
  mcnemarExactPValue,
  type Objective,
  paretoFront,
  perClassCompatibility,
  wilsonInterval,
  Z95,
} from '@bcml/metrics';

import { mismatches } from './close.js';

// Values from test/golden/metrics/generate.py (numpy, formulas implemented independently); regenerate with
// `.tools/venv/bin/python test/golden/metrics/generate.py` from the repository root.
interface Golden {
  z: number;
  compatibility: {
    name: string;
    input: { labels: number[]; h1: number[]; h2: number[]; numClasses: number; ids?: number[] };
    expected: { scores: unknown; errorOverlap: unknown; perClass: unknown };
  }[];
  wilson: { successes: number; trials: number; ci95: [number, number] }[];
  mcnemar: { negativeFlips: number; positiveFlips: number; pValue: number }[];
  pareto: {
    name: string;
    objectives: Objective<string>[];
    points: Record<string, number>[];
    front: number[];
    knee?: number | null;
  }[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../../test/golden/metrics/golden.json', import.meta.url), 'utf8'),
) as Golden;

describe('golden values', () => {
  it('uses the same z', () => {
    expect(golden.z).toBe(Z95);
  });

  describe.each(golden.compatibility)('$name', ({ input, expected }) => {
    it('matches through evaluateCompatibility (plain arrays)', () => {
      expect(mismatches(evaluateCompatibility(input), expected)).toEqual([]);
    });

    it('matches through each function (typed arrays)', () => {
      const typed: CompatibilityInput = {
        labels: Int32Array.from(input.labels),
        h1: Uint16Array.from(input.h1),
        h2: Float64Array.from(input.h2),
        numClasses: input.numClasses,
        ids: input.ids === undefined ? undefined : Uint32Array.from(input.ids),
      };
      expect(mismatches(computeCompatibility(typed), expected.scores)).toEqual([]);
      expect(mismatches(errorOverlap(typed), expected.errorOverlap)).toEqual([]);
      expect(mismatches(perClassCompatibility(typed), expected.perClass)).toEqual([]);
    });
  });

  it('matches Wilson intervals', () => {
    const got = golden.wilson.map(({ successes, trials }) => wilsonInterval(successes, trials));
    expect(
      mismatches(
        got,
        golden.wilson.map((w) => w.ci95),
      ),
    ).toEqual([]);
  });

  it('matches exact McNemar p-values, up to b + c = 100 000', () => {
    const got = golden.mcnemar.map((m) => mcnemarExactPValue(m.negativeFlips, m.positiveFlips));
    expect(
      mismatches(
        got,
        golden.mcnemar.map((m) => m.pValue),
      ),
    ).toEqual([]);
  });

  const indexed = (points: Record<string, number>[]) => points.map((point, index) => ({ ...point, index }));

  it.each(golden.pareto)('finds the Pareto front in order: $name', ({ objectives, points, front }) => {
    expect(paretoFront(indexed(points), objectives).map((p) => p.index)).toEqual(front);
  });

  it.each(golden.pareto.filter((c) => c.knee !== undefined))('picks the knee: $name', (c) => {
    // The generator measures the distance to the line through the normalised extremes geometrically.
    expect(kneePoint(paretoFront(indexed(c.points), c.objectives), c.objectives)?.index ?? null).toBe(c.knee);
  });
});
