import { describe, expect, it } from 'vitest';

import { type SweepPoint } from '@bcml/core';
import { buildEvaluation, evaluationPath, pointSplitScores, sweepSummary } from '@bcml/results';

const evaluation = buildEvaluation({
  pointId: 'new-error/cross-entropy/0.5',
  split: 'test',
  input: {
    labels: Int32Array.from([0, 1, 0, 1]),
    h1: Int32Array.from([0, 1, 1, 1]),
    h2: Int32Array.from([0, 0, 0, 1]),
    numClasses: 2,
  },
});
const point: SweepPoint = {
  id: 'new-error/cross-entropy/0.5',
  dissonance: 'new-error',
  loss: 'cross-entropy',
  lambda: 0.5,
  lambdaLabel: '0.5',
  status: 'completed',
  mlflowRunId: 'r1',
  modelUri: 'runs:/r1/model',
  durationMs: 12,
  splits: { test: pointSplitScores(evaluation, evaluationPath('new-error/cross-entropy/0.5', 'test')) },
};
const failed: SweepPoint = { ...point, id: 'new-error/cross-entropy/1', status: 'failed', error: 'boom', splits: {} };
const dataset = {
  uri: 'bcml:datasets/german-credit',
  sha256: 'x',
  classes: ['no', 'yes'],
  splits: { test: 4 },
  trainSplit: 'train',
  testSplit: 'test',
};

describe('sweepSummary', () => {
  it('assembles one summary shape for sweeps and compared pairs, with each split’s Pareto record', () => {
    const spec = { name: 'credit', nested: { keep: undefined, n: 1 } };
    const summary = sweepSummary({
      name: 'credit',
      spec,
      dataset,
      h1: { uri: 'runs:/h/model', performance: { test: evaluation.scores.accuracyH1 } },
      performanceMetric: 'accuracy',
      points: [point, failed],
      splits: ['test', 'train'],
      createdAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(summary).toEqual({
      schema: 'bcml.sweep-summary/1',
      name: 'credit',
      createdAt: '2026-01-02T03:04:05.000Z',
      spec: { name: 'credit', nested: { n: 1 } },
      dataset,
      h1: { uri: 'runs:/h/model', performance: { test: evaluation.scores.accuracyH1 } },
      performanceMetric: 'accuracy',
      points: [point, failed],
      pareto: { test: { front: [point.id], knee: point.id }, train: { front: [], knee: null } },
    });
    // The spec is copied as plain JSON, not shared.
    expect(summary.spec).not.toBe(spec);
  });

  it('stamps the time it was written by default', () => {
    const before = Date.now();
    const summary = sweepSummary({
      name: 'pair',
      spec: {},
      dataset,
      h1: { uri: 'runs:/h/model', performance: {} },
      performanceMetric: 'accuracy',
      points: [],
      splits: [],
    });
    expect(Date.parse(summary.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(summary.createdAt)).toBeLessThanOrEqual(Date.now());
    expect(summary.pareto).toEqual({});
  });
});
