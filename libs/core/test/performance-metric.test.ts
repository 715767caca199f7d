import { describe, expect, it } from 'vitest';

import {
  checkPerformanceMetric,
  type EvaluationScores,
  evaluateRegressionPolicy,
  InvalidInputError,
  parseComparisonSpec,
  parseRegressionScores,
  parseRegressionSpec,
  performanceOf,
  type ProportionRecord,
  type RegressionScores,
} from '@bcml/core';

/** A proportion k/n with a given interval. */
function p(numerator: number, denominator: number, ci95: [number, number]): ProportionRecord {
  return { value: numerator / denominator, ci95, numerator, denominator };
}

describe('performanceOf', () => {
  const accuracyH1 = p(90, 100, [0.8, 0.95]);
  const accuracyH2 = p(92, 100, [0.85, 0.96]);
  const base = { accuracyH1, accuracyH2 } as unknown as EvaluationScores;
  const scored = {
    ...base,
    performance: { metric: 'macro-f1', h1: { value: 0.7, ci95: null }, h2: null },
  } as unknown as EvaluationScores;

  it('reads accuracy from accuracyH1/accuracyH2, whatever else the file holds', () => {
    expect(performanceOf(scored, 'accuracy', 'h1')).toBe(accuracyH1);
    expect(performanceOf(scored, 'accuracy', 'h2')).toBe(accuracyH2);
  });

  it('reads another metric from `performance`, null for a file written for another metric or none', () => {
    expect(performanceOf(scored, 'macro-f1', 'h1')).toEqual({ value: 0.7, ci95: null });
    expect(performanceOf(scored, 'macro-f1', 'h2')).toBeNull();
    expect(performanceOf(scored, 'balanced-accuracy', 'h1')).toBeNull();
    expect(performanceOf(base, 'roc-auc', 'h2')).toBeNull();
  });
});

describe('performanceMetric in specs', () => {
  const comparison = {
    name: 'c',
    dataset: { uri: 'bcml:datasets/adult' },
    h1: { uri: './h1' },
    h2: { uri: 'runs:/abc/model' },
  };

  it.each(['accuracy', 'balanced-accuracy', 'macro-f1', 'roc-auc'] as const)('accepts %s', (metric) => {
    expect(parseComparisonSpec({ ...comparison, performanceMetric: metric }).performanceMetric).toBe(metric);
  });

  it('refuses an unknown metric, naming performanceMetric', () => {
    expect(() => parseComparisonSpec({ ...comparison, performanceMetric: 'f1' })).toThrow(/invalid performanceMetric/);
  });

  it('refuses roc-auc once the dataset turns out not to be binary, naming performanceMetric', () => {
    expect(() => checkPerformanceMetric('roc-auc', 2)).not.toThrow();
    expect(() => checkPerformanceMetric('macro-f1', 10)).not.toThrow();
    const error = (() => {
      try {
        checkPerformanceMetric('roc-auc', 10);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      'invalid performanceMetric: expected accuracy, balanced-accuracy or macro-f1 for a dataset of 10 classes ' +
        '(roc-auc needs 2), received "roc-auc"',
    );
  });
});

describe('maxMetricDrop', () => {
  const accuracy: RegressionScores = {
    split: 'test',
    n: 1000,
    championPerformance: p(900, 1000, [0.88, 0.92]),
    challengerPerformance: p(896, 1000, [0.876, 0.916]),
    btc: p(880, 900, [0.97, 0.99]),
    nfr: p(20, 1000, [0.013, 0.03]),
  };
  const balanced: RegressionScores = {
    ...accuracy,
    performance: {
      metric: 'balanced-accuracy',
      champion: { value: 0.85, ci95: null },
      challenger: { value: 0.83, ci95: null },
    },
  };

  it('compares accuracy when the scores carry no other metric', () => {
    const outcome = evaluateRegressionPolicy(accuracy, { maxMetricDrop: { threshold: 0.005, bound: 'value' } });
    expect(outcome.passed).toBe(true);
    expect(outcome.checks[0]?.observed).toBeCloseTo(0.004, 12);
    expect(outcome.checks[0]?.reason).toBe(
      'accuracy drop 0.004 (champion 0.9 − challenger (point estimate) 0.896) <= 0.005',
    );
  });

  it('compares the chosen metric, not accuracy', () => {
    const outcome = evaluateRegressionPolicy(balanced, {
      maxAccuracyDrop: { threshold: 0.005, bound: 'value' },
      maxMetricDrop: { threshold: 0.01, bound: 'value' },
    });
    expect(outcome.checks.map((c) => [c.rule, c.passed])).toEqual([
      ['maxAccuracyDrop', true],
      ['maxMetricDrop', false],
    ]);
    expect(outcome.reasons).toEqual([
      'balanced-accuracy drop 0.02 (champion 0.85 − challenger (point estimate) 0.83) > 0.01',
    ]);
  });

  it('fails on missing evidence: an undefined score, or a bound of a metric without an interval', () => {
    const undefinedScore = { ...balanced, performance: { ...balanced.performance!, challenger: null } };
    const rule = { maxMetricDrop: { threshold: 0.5, bound: 'value' } } as const;
    expect(evaluateRegressionPolicy(undefinedScore, rule).passed).toBe(false);
    const lower = evaluateRegressionPolicy(balanced, { maxMetricDrop: { threshold: 0.5, bound: 'lower' } });
    expect(lower.passed).toBe(false);
    expect(lower.checks[0]?.observed).toBeNull();
  });

  it('parses the scores with and without `performance`, naming bad fields', () => {
    const json = JSON.parse(JSON.stringify(balanced)) as unknown;
    expect(parseRegressionScores(json)).toEqual(balanced);
    expect(parseRegressionScores(JSON.parse(JSON.stringify(accuracy)))).toEqual(accuracy);
    const bad = { ...balanced, performance: { ...balanced.performance!, metric: 'f1' } };
    expect(() => parseRegressionScores(bad)).toThrow(/invalid scores\.performance\.metric/);
    const outOfRange = { ...balanced, performance: { ...balanced.performance!, champion: { value: 2, ci95: null } } };
    expect(() => parseRegressionScores(outOfRange)).toThrow(/invalid scores\.performance\.champion\.value/);
  });

  const minimal = { name: 'nightly', dataset: { uri: 'bcml:datasets/adult' }, registeredModel: 'adult-classifier' };

  it('is a policy rule of regression specs, default bound the point estimate; no default policy has it', () => {
    const spec = parseRegressionSpec({ ...minimal, performanceMetric: 'macro-f1', policy: { maxMetricDrop: 0.01 } });
    expect(spec.policy).toEqual({ maxMetricDrop: { threshold: 0.01, bound: 'value' } });
    expect(parseRegressionSpec(minimal).policy).not.toHaveProperty('maxMetricDrop');
  });

  it('refuses an interval bound for a metric without an interval, naming the field', () => {
    expect(() =>
      parseRegressionSpec({
        ...minimal,
        performanceMetric: 'roc-auc',
        policy: { maxMetricDrop: { threshold: 0.01, bound: 'lower' } },
      }),
    ).toThrow('invalid policy.maxMetricDrop.bound: expected "value" (roc-auc has no 95% interval), received "lower"');
    expect(
      parseRegressionSpec({ ...minimal, policy: { maxMetricDrop: { threshold: 0.01, bound: 'lower' } } }).policy,
    ).toEqual({ maxMetricDrop: { threshold: 0.01, bound: 'lower' } });
  });
});
