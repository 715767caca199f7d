import { type SweepPareto, type SweepPoint } from '@bcml/core';

import { sweepPareto } from './sweep-pareto.js';

/** The summary's Pareto record of one split: the completed points' ids on the (performance, BTC) front, and the knee. */
export function paretoRecord(points: readonly SweepPoint[], split: string): SweepPareto {
  const candidates = points.flatMap((p) => {
    const scores = p.splits[split];
    return p.status === 'completed' && scores !== undefined
      ? [{ id: p.id, performance: scores.performance, btc: scores.btc }]
      : [];
  });
  const { front, knee } = sweepPareto(candidates);
  return { front: front.map((c) => c.id), knee: knee?.id ?? null };
}
