import { binomialHalfLowerTail } from './binomial-half-tail.js';
import { MetricInputError } from './metric-input-error.js';

/**
 * Exact (binomial) two-sided McNemar test on the discordant pairs b = negative flips, c = positive flips:
 * `p = min(1, 2·P(X ≤ min(b, c)))` with X ~ Binomial(b + c, 1/2), the probability, were flips in either
 * direction equally likely, of a split at least this lopsided. `p = 1` when b = c (including b = c = 0).
 */
export function mcnemarExactPValue(negativeFlips: number, positiveFlips: number): number {
  checkCount('negativeFlips', negativeFlips);
  checkCount('positiveFlips', positiveFlips);
  if (negativeFlips === positiveFlips) return 1;
  const m = negativeFlips + positiveFlips;
  return Math.min(1, 2 * binomialHalfLowerTail(Math.min(negativeFlips, positiveFlips), m));
}

function checkCount(argument: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MetricInputError({ argument }, 'a non-negative integer', value);
  }
}
