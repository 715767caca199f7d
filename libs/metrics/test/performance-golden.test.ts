import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  balancedAccuracy,
  macroF1,
  MetricInputError,
  type PerformanceInput,
  performanceScore,
  rocAuc,
  wilsonInterval,
} from '@bcml/metrics';

import { mismatches } from './close.js';

// Values from test/golden/metrics/generate_performance.py (scikit-learn); regenerate with
// `.tools/venv/bin/python test/golden/metrics/generate_performance.py` from the repository root.
interface Golden {
  cases: {
    name: string;
    input: { labels: number[]; predictions: number[]; numClasses: number; scores?: number[] };
    expected: {
      accuracy: number | null;
      balancedAccuracy: number | null;
      macroF1: number | null;
      rocAuc: number | null;
    };
  }[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../../test/golden/metrics/performance.json', import.meta.url), 'utf8'),
) as Golden;

describe('performance metrics against scikit-learn', () => {
  describe.each(golden.cases)('$name', ({ input, expected }) => {
    it('matches balanced accuracy and macro-F1 (plain and typed arrays)', () => {
      const typed: PerformanceInput = {
        labels: Int32Array.from(input.labels),
        predictions: Uint8Array.from(input.predictions),
        numClasses: input.numClasses,
      };
      for (const given of [input, typed]) {
        expect(mismatches(balancedAccuracy(given), expected.balancedAccuracy)).toEqual([]);
        expect(mismatches(macroF1(given), expected.macroF1)).toEqual([]);
      }
    });

    it('matches through performanceScore, with a Wilson interval for accuracy only', () => {
      const accuracy = performanceScore('accuracy', input);
      expect(mismatches(accuracy?.value ?? null, expected.accuracy)).toEqual([]);
      if (accuracy !== null) {
        const correct = input.labels.filter((y, i) => y === input.predictions[i]).length;
        expect(accuracy).toEqual({
          value: correct / input.labels.length,
          ci95: wilsonInterval(correct, input.labels.length),
          numerator: correct,
          denominator: input.labels.length,
        });
      }
      const balanced = performanceScore('balanced-accuracy', input);
      expect(balanced === null ? null : balanced.ci95).toBeNull();
      expect(mismatches(balanced?.value ?? null, expected.balancedAccuracy)).toEqual([]);
      expect(mismatches(performanceScore('macro-f1', input)?.value ?? null, expected.macroF1)).toEqual([]);
    });
  });

  it.each(golden.cases.filter((c) => c.input.scores !== undefined))(
    'matches ROC AUC (float32 and float64 scores): $name',
    ({ input, expected }) => {
      const scores = input.scores ?? [];
      expect(mismatches(rocAuc(input), expected.rocAuc)).toEqual([]);
      // The golden scores are float32 values, so the float32 copy is exact.
      expect(mismatches(rocAuc({ ...input, scores: Float32Array.from(scores) }), expected.rocAuc)).toEqual([]);
      const score = performanceScore('roc-auc', input);
      expect(score === null ? null : { ci95: score.ci95 }).toEqual(expected.rocAuc === null ? null : { ci95: null });
    },
  );
});

describe('performance metric inputs', () => {
  const base = { labels: [0, 1, 1, 0], predictions: [0, 1, 0, 0], numClasses: 2, scores: [0.1, 0.9, 0.4, 0.2] };

  it('ranks scores, not their scale: logits and probabilities give the same ROC AUC', () => {
    const logits = base.scores.map((p) => Math.log(p / (1 - p)));
    expect(rocAuc({ ...base, scores: logits })).toBe(rocAuc(base));
    expect(rocAuc(base)).toBe(1);
  });

  it.each([
    ['a prediction out of range', { ...base, predictions: [0, 2, 0, 0] }, 'invalid predictions[1]'],
    ['a label that is not an integer', { ...base, labels: [0, 0.5, 1, 0] }, 'invalid labels[1]'],
    ['predictions of another length', { ...base, predictions: [0, 1] }, 'invalid predictions.length'],
    ['a NaN score', { ...base, scores: [0.1, Number.NaN, 0.4, 0.2] }, 'invalid scores[1]: expected a finite number'],
    ['scores of another length', { ...base, scores: [0.1] }, 'invalid scores.length'],
    ['no numClasses', { ...base, numClasses: 0 }, 'invalid numClasses'],
  ])('refuses %s, naming the field', (_, input, message) => {
    for (const metric of ['accuracy', 'balanced-accuracy', 'macro-f1', 'roc-auc'] as const) {
      expect(() => performanceScore(metric, input as PerformanceInput)).toThrow(MetricInputError);
      expect(() => performanceScore(metric, input as PerformanceInput)).toThrow(message);
    }
  });

  it('refuses ROC AUC for more than two classes or without scores', () => {
    expect(() => rocAuc({ ...base, numClasses: 3 })).toThrow(
      'invalid numClasses: expected 2 (ROC AUC is defined for binary tasks), received 3',
    );
    expect(() => rocAuc({ labels: base.labels, predictions: base.predictions, numClasses: 2 })).toThrow(
      'invalid scores: expected the positive-class score of each instance',
    );
  });
});
