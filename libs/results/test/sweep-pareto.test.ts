import { describe, expect, it } from 'vitest';

import { type ProportionRecord, type SweepPoint } from '@bcml/core';
import { PARETO_OBJECTIVES, paretoRecord, sweepPareto } from '@bcml/results';

const record = (value: number): ProportionRecord => ({ value, ci95: [value, value], numerator: 0, denominator: 0 });

// A, B and C are on the front (A best performance, C best BTC), D is dominated by B, E has no performance.
// Normalised over the front, performance gives A 1, B 2/3, C 0 and BTC A 0, B 3/4, C 1: B lies farthest out.
const candidates = [
  { id: 'D', performance: record(0.7), btc: record(0.7) },
  { id: 'C', performance: record(0.6), btc: record(0.9) },
  { id: 'A', performance: record(0.9), btc: record(0.5) },
  { id: 'E', performance: null, btc: record(0.99) },
  { id: 'B', performance: record(0.8), btc: record(0.8) },
];

describe('sweepPareto', () => {
  it('maximises performance and BTC', () => {
    expect(PARETO_OBJECTIVES).toEqual([
      { key: 'performance', direction: 'max' },
      { key: 'btc', direction: 'max' },
    ]);
  });

  it('keeps the undominated candidates, best performance first, leaves out n/a scores and finds the knee', () => {
    const { front, knee } = sweepPareto(candidates);
    expect(front.map((c) => c.id)).toEqual(['A', 'B', 'C']);
    expect(knee?.id).toBe('B');
  });

  it('has an empty front and no knee without scored candidates', () => {
    expect(sweepPareto([{ performance: null, btc: null }])).toEqual({ front: [], knee: null });
  });
});

describe('paretoRecord', () => {
  const point = (id: string, status: SweepPoint['status'], performance: number, btc: number): SweepPoint => ({
    id,
    dissonance: 'new-error',
    loss: 'cross-entropy',
    lambda: 0,
    lambdaLabel: '0',
    status,
    mlflowRunId: null,
    modelUri: null,
    durationMs: null,
    splits: {
      test: {
        performance: record(performance),
        btc: record(btc),
        bec: null,
        becNew: null,
        nfr: null,
        evaluation: `evaluations/${id}/test.json`,
      },
    },
  });

  it('records the ids of the completed points on a split’s front, and its knee', () => {
    const points = [
      point('a', 'completed', 0.9, 0.5),
      point('b', 'completed', 0.8, 0.8),
      point('c', 'completed', 0.6, 0.9),
      // Would dominate everything, but did not complete.
      point('failed', 'failed', 1, 1),
    ];
    expect(paretoRecord(points, 'test')).toEqual({ front: ['a', 'b', 'c'], knee: 'b' });
    expect(paretoRecord(points, 'train')).toEqual({ front: [], knee: null });
  });
});
