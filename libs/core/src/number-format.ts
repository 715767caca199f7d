// The one home of number formatting for people: CLI lines, training log lines and the report build on these
// (λ has its own exact formatter, `formatLambda`).

/** What a person sees for a missing number or an undefined ratio (an empty denominator). */
export const NOT_AVAILABLE = 'n/a';

/** A number with a fixed count of decimals (`0.9870`), or `n/a` for `null`. */
export function formatFixed(value: number | null, decimals: number): string {
  return value === null ? NOT_AVAILABLE : value.toFixed(decimals);
}

/** A number to at most `digits` significant digits, without float noise or trailing zeros: `0.1235`, `0.5`. */
export function formatSignificant(value: number, digits: number): string {
  return String(Number(value.toPrecision(digits)));
}

/** A share in [0, 1] as a percentage with the given decimals (`0.830%`), or `n/a` when it is not finite. */
export function formatPercent(share: number, decimals = 3): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(decimals)}%` : NOT_AVAILABLE;
}

/** A count, rounded to a whole number, with thousands separators: `10,000`. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** A p-value to 3 significant digits (`0.0123`, `0.500`), or `< 0.0001` below that. */
export function formatPValue(p: number): string {
  return p < 1e-4 ? '< 0.0001' : p.toPrecision(3);
}

/** A duration in ms as seconds with the given decimals (`12.3 s`), or `n/a` for `null`. */
export function formatDuration(ms: number | null, decimals = 1): string {
  return ms === null ? NOT_AVAILABLE : `${(ms / 1000).toFixed(decimals)} s`;
}

/**
 * A stored number as written: integers and doubles as `String` gives them (`39`, `2.5`), a float32 by the shortest
 * decimal that reads back as the same float32 (`0.1`, not `0.10000000149011612`).
 */
export function formatStoredNumber(value: number, float32: boolean): string {
  if (!float32 || !Number.isFinite(value) || Number.isInteger(value)) return String(value);
  for (let digits = 1; digits < 9; digits += 1) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}
