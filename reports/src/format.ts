// The report's number formats (scores, intervals, counts, Δ%, p-values), built on @bcml/core's number formatting.
import {
  formatCount,
  formatDuration,
  formatFixed,
  formatPercent,
  formatPValue,
  NOT_AVAILABLE,
  type PerformanceRecord,
  type ProportionRecord,
} from '@bcml/core';

export { formatCount, formatDuration, formatPercent, formatPValue, NOT_AVAILABLE };

/** A score in [0, 1] with 3 decimals (`0.987`), or `n/a`. */
export function formatScore(value: number | null | undefined): string {
  return formatFixed(value === undefined || (value !== null && !Number.isFinite(value)) ? null : value, 3);
}

/** A proportion's (or any score's) value with 3 decimals, or `n/a` for `null`. */
export function formatProportion(p: PerformanceRecord | null): string {
  return p === null ? NOT_AVAILABLE : formatScore(p.value);
}

/** A score's 95 % interval `[0.984, 0.990]`, or the empty string for `null` or a score without one. */
export function formatInterval(p: PerformanceRecord | null): string {
  return p === null || p.ci95 === null ? '' : `[${formatScore(p.ci95[0])}, ${formatScore(p.ci95[1])}]`;
}

/** A proportion with its counts: `0.987 (9,870 / 10,000)`, or `n/a (0 / 0)` for `null`. */
export function formatWithCounts(p: ProportionRecord | null): string {
  return p === null
    ? `${NOT_AVAILABLE} (empty)`
    : `${formatScore(p.value)} (${formatCount(p.numerator)} / ${formatCount(p.denominator)})`;
}

/**
 * The relative change of h2's performance over h1's, `(h2 − h1) / h1 · 100`, signed with 3 decimals (`+0.512%`,
 * `−1.204%`); `n/a` when either is missing or h1's is 0 (the reference printed 0 there).
 */
export function formatDeltaPercent(h1: number | null, h2: number | null): string {
  if (h1 === null || h2 === null || h1 === 0) return NOT_AVAILABLE;
  const delta = ((h2 - h1) / h1) * 100;
  const magnitude = formatFixed(Math.abs(delta), 3);
  // The sign of what is shown: a change that rounds to 0.000 is `±`, whichever way it went.
  const shown = Number(magnitude) > 0;
  const sign = shown && delta > 0 ? '+' : shown && delta < 0 ? '−' : '±';
  return `${sign}${magnitude}%`;
}
