import { MetricInputError } from './metric-input-error.js';
import { wilsonInterval } from './wilson-interval.js';

/** A proportion with its counts and Wilson 95 % interval: `value = numerator / denominator`. */
export interface Proportion {
  /** numerator / denominator, in [0, 1]. */
  readonly value: number;
  /** Wilson score 95 % interval [lo, hi] (see `wilsonInterval`); lo ≤ value ≤ hi. */
  readonly ci95: readonly [number, number];
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * The proportion numerator / denominator with its Wilson 95 % interval, or `null` when the denominator is 0
 * (an undefined ratio is "n/a", never 0). Requires integers 0 ≤ numerator ≤ denominator.
 */
export function proportion(numerator: number, denominator: number): Proportion | null {
  if (!Number.isSafeInteger(denominator) || denominator < 0) {
    throw new MetricInputError({ argument: 'denominator' }, 'a non-negative integer', denominator);
  }
  if (!Number.isSafeInteger(numerator) || numerator < 0 || numerator > denominator) {
    throw new MetricInputError({ argument: 'numerator' }, `an integer in [0, ${denominator}]`, numerator);
  }
  if (denominator === 0) return null;
  return { value: numerator / denominator, ci95: wilsonInterval(numerator, denominator), numerator, denominator };
}
