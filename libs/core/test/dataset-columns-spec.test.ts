import { describe, expect, it } from 'vitest';

import { parseComparisonSpec, parseRegressionSpec, parseSweepSpec } from '@bcml/core';

import { thrown } from './support/thrown.js';

/** A small sweep spec on a pandas-written folder. */
const sweep = (dataset: Record<string, unknown>) => ({
  name: 'pandas',
  dataset: { uri: './data/credit', ...dataset },
  h1: { uri: './h1' },
  h2: {
    model: { kind: 'logistic-regression' },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    epochs: 1,
    batchSize: 32,
  },
  sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
});
const comparison = (dataset: Record<string, unknown>) => ({
  name: 'compare',
  dataset: { uri: './data/credit', ...dataset },
  h1: { uri: './h1' },
  h2: { uri: './h2' },
});
const regression = (dataset: Record<string, unknown>) => ({
  name: 'nightly',
  dataset: { uri: './data/credit', ...dataset },
  registeredModel: 'credit',
});
const parsers = [
  ['sweep', (d: Record<string, unknown>) => parseSweepSpec(sweep(d)).dataset],
  ['comparison', (d: Record<string, unknown>) => parseComparisonSpec(comparison(d)).dataset],
  ['regression', (d: Record<string, unknown>) => parseRegressionSpec(regression(d)).dataset],
] as const;

describe('dataset.label and dataset.imageShape in sweep, comparison and regression specs', () => {
  it.each(parsers)('a %s spec takes both, and leaves them out when absent', (_kind, parse) => {
    expect(parse({ label: 'outcome', imageShape: [28, 28, 1] })).toMatchObject({
      uri: './data/credit',
      label: 'outcome',
      imageShape: [28, 28, 1],
    });
    expect(parse({ imageShape: [8, 8] })).toMatchObject({ imageShape: [8, 8] });
    const plain = parse({});
    expect('label' in plain).toBe(false);
    expect('imageShape' in plain).toBe(false);
  });

  it.each([
    [{ label: '' }, 'dataset.label', 'a non-empty string of at most 200 characters without control characters'],
    [{ label: 3 }, 'dataset.label', 'a non-empty string of at most 200 characters without control characters'],
    [{ imageShape: [784] }, 'dataset.imageShape', '[H, W] or [H, W, C] (positive integers)'],
    [{ imageShape: [28, 28, 1, 1] }, 'dataset.imageShape', '[H, W] or [H, W, C] (positive integers)'],
    [{ imageShape: 'auto' }, 'dataset.imageShape', '[H, W] or [H, W, C] (positive integers)'],
    [{ imageShape: [28, 0, 1] }, 'dataset.imageShape[1]', 'a positive integer'],
    [{ imageShape: [28, 2.5] }, 'dataset.imageShape[1]', 'a positive integer'],
    [{ labels: 'outcome' }, 'dataset.labels', undefined],
  ])('rejects %j, naming the field', (dataset, field, expected) => {
    for (const [, parse] of parsers) {
      const error = thrown(() => parse(dataset));
      expect(error.field).toBe(field);
      if (expected !== undefined) expect(error.message).toContain(`invalid ${field}: expected ${expected}`);
    }
  });
});
