import type { PerformanceRecord, ProportionRecord } from '@bcml/core';
import { kneePoint, type Objective, paretoFront } from '@bcml/metrics';

/** The two objectives of the report's front: h2's performance and BTC, both maximised. */
export const PARETO_OBJECTIVES: readonly Objective<'performance' | 'btc'>[] = [
  { key: 'performance', direction: 'max' },
  { key: 'btc', direction: 'max' },
];

/** A sweep point's headline scores on one split, as far as the front needs them. */
export interface ParetoCandidate {
  readonly performance: PerformanceRecord | null;
  readonly btc: ProportionRecord | null;
}

/**
 * The Pareto front of (performance, BTC) over the candidates of one split, best performance first, and its knee
 * (`@bcml/metrics`' `paretoFront` and `kneePoint`). Candidates with a missing score (`n/a`) are left out.
 */
export function sweepPareto<T extends ParetoCandidate>(candidates: readonly T[]): { front: T[]; knee: T | null } {
  const rows = candidates.flatMap((candidate) =>
    candidate.performance === null || candidate.btc === null
      ? []
      : [{ candidate, performance: candidate.performance.value, btc: candidate.btc.value }],
  );
  const front = paretoFront(rows, PARETO_OBJECTIVES);
  const knee = kneePoint(front, PARETO_OBJECTIVES);
  return { front: front.map((r) => r.candidate), knee: knee?.candidate ?? null };
}
