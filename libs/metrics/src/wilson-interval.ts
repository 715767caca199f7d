import { MetricInputError } from './metric-input-error.js';

/** The two-sided 95 % normal quantile z = Φ⁻¹(0.975) used by every `ci95` in this library. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a binomial proportion k/n: `(k + z²/2 ± z·√(k(n−k)/n + z²/4)) / (n + z²)`.
 *
 * Computed without cancellation: hi = (2k + z² + z·√D) / (2(n + z²)) with D = z² + 4k(n−k)/n, and
 * lo = k² / (n(n + z²)·hi) = 2k² / (n(2k + z² + z·√D)) (the product of the two roots), so lo is exactly 0 when
 * k = 0; hi is set to exactly 1 when k = n. Requires integers 0 ≤ k ≤ n, n ≥ 1.
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z95): readonly [number, number] {
  if (!Number.isSafeInteger(trials) || trials < 1) {
    throw new MetricInputError({ argument: 'trials' }, 'a positive integer', trials);
  }
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > trials) {
    throw new MetricInputError({ argument: 'successes' }, `an integer in [0, ${trials}]`, successes);
  }
  if (!Number.isFinite(z) || z <= 0) throw new MetricInputError({ argument: 'z' }, 'a positive finite number', z);
  if (successes === 0) return [0, upperWilson(0, trials, z)];
  if (successes === trials) return [lowerWilson(trials, trials, z), 1];
  return [lowerWilson(successes, trials, z), upperWilson(successes, trials, z)];
}

/** √D = √(z² + 4k(n−k)/n), the shared root of both bounds. */
function root(k: number, n: number, z: number): number {
  return Math.sqrt(z * z + (4 * k * (n - k)) / n);
}

/** The upper Wilson bound (2k + z² + z√D) / (2(n + z²)): a sum of positive terms, so no cancellation. */
function upperWilson(k: number, n: number, z: number): number {
  const z2 = z * z;
  return (2 * k + z2 + z * root(k, n, z)) / (2 * (n + z2));
}

/** The lower Wilson bound 2k² / (n(2k + z² + z√D)) (k² / (n(n + z²)·hi)): no cancellation either. */
function lowerWilson(k: number, n: number, z: number): number {
  const z2 = z * z;
  return (2 * k * k) / (n * (2 * k + z2 + z * root(k, n, z)));
}
