import { InvalidInputError } from './bcml-error.js';

/** Significant digits a double holds faithfully: every decimal of up to 15 digits survives a round trip. */
const SIGNIFICANT_DIGITS = 15;

/**
 * The shortest exact decimal of λ, in plain notation: `formatLambda(0.1 + 0.2)` is `0.3`, `formatLambda(1e-7)` is
 * `0.0000001`. Rounds to 15 significant digits first, which removes floating-point artefacts and keeps every decimal
 * a spec can write (≤ 15 significant digits) exact. The one formatter of λ for point ids, labels and file names.
 */
export function formatLambda(lambda: number): string {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    throw new InvalidInputError('lambda', 'a finite number', lambda);
  }
  const rounded = Number(lambda.toPrecision(SIGNIFICANT_DIGITS));
  return rounded === 0 ? '0' : plainDecimal(String(rounded));
}

/** λ as the double nearest to its exact decimal (`normalizeLambda(0.1 + 0.2) === 0.3`). */
export function normalizeLambda(lambda: number): number {
  return Number(formatLambda(lambda));
}

/** `1e-7` → `0.0000001`, `1.5e+21` → `1500000000000000000000`; other shortest-form strings unchanged. */
function plainDecimal(shortest: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (match === null) return shortest;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
