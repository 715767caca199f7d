import { describe, expect, it } from 'vitest';

import {
  evaluateRegressionPolicy,
  InvalidInputError,
  parseRegressionScores,
  parseRegressionSpec,
  regressionPolicyDefaults,
  type ProportionRecord,
  type RegressionScores,
} from '@bcml/core';

/** A proportion k/n with a given interval. */
function p(numerator: number, denominator: number, ci95: [number, number]): ProportionRecord {
  return { value: numerator / denominator, ci95, numerator, denominator };
}

/** Scores on 10,000 instances: NFR 1 % [0.0082, 0.0121], BTC 0.98 [0.977, 0.983], accuracy 0.90 → 0.899. */
const good: RegressionScores = {
  split: 'test',
  n: 10_000,
  championPerformance: p(9000, 10_000, [0.894, 0.9058]),
  challengerPerformance: p(8990, 10_000, [0.893, 0.9048]),
  btc: p(8820, 9000, [0.977, 0.983]),
  nfr: p(100, 10_000, [0.0082, 0.0121]),
};

describe('evaluateRegressionPolicy', () => {
  it('passes scores within every default rule, with a sentence per check', () => {
    const outcome = evaluateRegressionPolicy(good, regressionPolicyDefaults);
    expect(outcome.passed).toBe(true);
    expect(outcome.reasons).toEqual([]);
    expect(outcome.checks.map((c) => [c.rule, c.bound, c.passed])).toEqual([
      ['maxNfr', 'upper', true],
      ['minBtc', 'lower', true],
      ['maxAccuracyDrop', 'value', true],
    ]);
    expect(outcome.checks[0]?.observed).toBe(0.0121);
    expect(outcome.checks[0]?.reason).toBe('NFR (upper 95% bound) 0.0121 <= 0.02');
    expect(outcome.checks[2]?.observed).toBeCloseTo(0.9 - 0.899, 12);
  });

  it('fails when a bound crosses the threshold and says why', () => {
    const outcome = evaluateRegressionPolicy(good, {
      maxNfr: { threshold: 0.012, bound: 'upper' },
      minBtc: { threshold: 0.98, bound: 'lower' },
    });
    expect(outcome.passed).toBe(false);
    expect(outcome.reasons).toEqual(['NFR (upper 95% bound) 0.0121 > 0.012', 'BTC (lower 95% bound) 0.977 < 0.98']);
  });

  it('uses the bound the policy names', () => {
    const rule = { threshold: 0.012 };
    expect(evaluateRegressionPolicy(good, { maxNfr: { ...rule, bound: 'value' } }).passed).toBe(true);
    expect(evaluateRegressionPolicy(good, { maxNfr: { ...rule, bound: 'lower' } }).passed).toBe(true);
    expect(evaluateRegressionPolicy(good, { maxNfr: { ...rule, bound: 'upper' } }).passed).toBe(false);
  });

  it('measures the accuracy drop from the champion to the challenger', () => {
    const drop = (bound: 'value' | 'lower' | 'upper', threshold: number) =>
      evaluateRegressionPolicy(good, { maxAccuracyDrop: { threshold, bound } });
    expect(drop('value', 0.001).passed).toBe(true); // 0.900 − 0.899, exactly at the threshold
    expect(drop('value', 0.0009).passed).toBe(false);
    expect(drop('lower', 0.005).passed).toBe(false); // 0.900 − 0.893
    expect(drop('lower', 0.005).reasons[0]).toBe(
      'accuracy drop 0.007 (champion 0.9 − challenger (lower 95% bound) 0.893) > 0.005',
    );
    expect(drop('upper', 0).passed).toBe(true); // the challenger's upper bound beats the champion
  });

  it('fails a rule whose score is undefined', () => {
    const outcome = evaluateRegressionPolicy({ ...good, btc: null }, { minBtc: { threshold: 0.9, bound: 'value' } });
    expect(outcome.passed).toBe(false);
    expect(outcome.checks[0]?.observed).toBeNull();
    expect(outcome.reasons[0]).toContain('BTC is undefined');
  });
});

describe('parseRegressionSpec', () => {
  const minimal = { name: 'nightly', dataset: { uri: 'bcml:datasets/adult' }, registeredModel: 'adult-classifier' };

  it('applies defaults', () => {
    expect(parseRegressionSpec(minimal)).toEqual({
      name: 'nightly',
      dataset: { uri: 'bcml:datasets/adult', split: 'test' },
      registeredModel: 'adult-classifier',
      championAlias: 'champion',
      challengerAlias: 'challenger',
      policy: regressionPolicyDefaults,
      performanceMetric: 'accuracy',
      tracking: { experiment: 'nightly' },
    });
  });

  it('accepts thresholds alone (default bounds) or with their bound, and only the listed rules', () => {
    const spec = parseRegressionSpec({
      ...minimal,
      policy: { maxNfr: 0.01, minBtc: { threshold: 0.95, bound: 'value' } },
    });
    expect(spec.policy).toEqual({
      maxNfr: { threshold: 0.01, bound: 'upper' },
      minBtc: { threshold: 0.95, bound: 'value' },
    });
  });

  const bad: readonly [string, unknown, string][] = [
    ['an empty policy', { ...minimal, policy: {} }, 'policy'],
    ['an unknown rule', { ...minimal, policy: { maxChurn: 0.1 } }, 'policy.maxChurn'],
    ['an NFR above 1', { ...minimal, policy: { maxNfr: 2 } }, 'policy.maxNfr'],
    [
      'an unknown bound',
      { ...minimal, policy: { minBtc: { threshold: 0.9, bound: 'middle' } } },
      'policy.minBtc.bound',
    ],
    ['a missing threshold', { ...minimal, policy: { minBtc: { bound: 'lower' } } }, 'policy.minBtc.threshold'],
    ['equal aliases', { ...minimal, challengerAlias: 'champion' }, 'challengerAlias'],
    ['an alias with a slash', { ...minimal, championAlias: 'a/b' }, 'championAlias'],
    ['a model name with @', { ...minimal, registeredModel: 'adult@champion' }, 'registeredModel'],
    ['a missing registered model', { name: 'x', dataset: { uri: 'a.arrow' } }, 'registeredModel'],
    ['a bad split', { ...minimal, dataset: { uri: 'a.arrow', split: '' } }, 'dataset.split'],
  ];

  it.each(bad)('rejects %s, naming the field', (_what, spec, field) => {
    let error: unknown;
    try {
      parseRegressionSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
  });
});

describe('parseRegressionScores', () => {
  it('accepts valid scores and rejects inconsistent proportions', () => {
    expect(parseRegressionScores(good)).toEqual(good);
    expect(() => parseRegressionScores({ ...good, nfr: { ...good.nfr, value: 0.5 } })).toThrow(
      'invalid scores.nfr.value',
    );
    expect(() => parseRegressionScores({ ...good, btc: { ...good.btc, ci95: [0.99, 1] } })).toThrow(
      'invalid scores.btc.ci95[0]',
    );
    expect(() => parseRegressionScores({ ...good, extra: 1 })).toThrow('invalid scores.extra');
  });
});
