// The one place where the report formats numbers (scores, intervals, shares, counts, Δ%).
import type { ProportionRecord } from '@bcml/core';

/** What the report shows for an undefined ratio (an empty denominator). */
export const NOT_AVAILABLE = 'n/a';

/** A score in [0, 1] with 3 decimals (`0.987`), or `n/a`. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NOT_AVAILABLE : value.toFixed(3);
}

/** A proportion's value with 3 decimals, or `n/a` for `null`. */
export function formatProportion(p: ProportionRecord | null): string {
  return p === null ? NOT_AVAILABLE : formatScore(p.value);
}

/** A proportion's Wilson interval `[0.984, 0.990]`, or the empty string for `null`. */
export function formatInterval(p: ProportionRecord | null): string {
  return p === null ? '' : `[${formatScore(p.ci95[0])}, ${formatScore(p.ci95[1])}]`;
}

/** A proportion with its counts: `0.987 (9,870 / 10,000)`, or `n/a (0 / 0)` for `null`. */
export function formatWithCounts(p: ProportionRecord | null): string {
  return p === null
    ? `${NOT_AVAILABLE} (empty)`
    : `${formatScore(p.value)} (${formatCount(p.numerator)} / ${formatCount(p.denominator)})`;
}

/** A share in [0, 1] as a percentage with the given decimals: `0.830%`. */
export function formatPercent(share: number, decimals = 3): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(decimals)}%` : NOT_AVAILABLE;
}

/** An instance count with thousands separators: `10,000`. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/**
 * The relative change of h2's performance over h1's, `(h2 − h1) / h1 · 100`, signed with 3 decimals (`+0.512%`,
 * `−1.204%`); `n/a` when either is missing or h1's is 0 (the reference printed 0 there).
 */
export function formatDeltaPercent(h1: number | null, h2: number | null): string {
  if (h1 === null || h2 === null || h1 === 0) return NOT_AVAILABLE;
  const delta = ((h2 - h1) / h1) * 100;
  const rounded = Number(delta.toFixed(3));
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
  return `${sign}${Math.abs(rounded).toFixed(3)}%`;
}

/** A p-value: 3 significant digits, or `< 0.0001`. */
export function formatPValue(p: number): string {
  return p < 1e-4 ? '< 0.0001' : p.toPrecision(3);
}

/** A duration in ms as seconds (`12.3 s`), or `n/a`. */
export function formatDuration(ms: number | null): string {
  return ms === null ? NOT_AVAILABLE : `${(ms / 1000).toFixed(1)} s`;
}
