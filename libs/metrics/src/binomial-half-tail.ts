// Lower tail of Binomial(m, 1/2), accurate to ~1e-13 relative for any m up to 2^53 (no 2^−m underflow until the
// tail itself underflows). The probability of the mode-side end point uses Loader's saddle-point form of the
// binomial pmf (C. Loader, "Fast and accurate computation of binomial probabilities", 2000; R's dbinom_raw), the
// rest of the tail follows by the exact term ratio P(i − 1) / P(i) = i / (m − i + 1).

const LN_2PI = Math.log(2 * Math.PI);

/** log(n!) for n ≤ 15, exact factorials (15! < 2^53). */
const LOG_FACTORIAL: readonly number[] = Array.from({ length: 16 }, (_, n) => {
  let f = 1;
  for (let i = 2; i <= n; i += 1) f *= i;
  return Math.log(f);
});

/** Stirling's error δ(n) = log(n!) − log(√(2πn)·(n/e)^n) for an integer n ≥ 1. */
function stirlingError(n: number): number {
  if (n <= 15) return (LOG_FACTORIAL[n] as number) - (n + 0.5) * Math.log(n) + n - 0.5 * LN_2PI;
  const nn = n * n;
  // 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹); the next term is below 1e-16 for n > 15.
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** The deviance term x·log(x/μ) + μ − x, by a series when x is close to μ (where the direct form cancels). */
function deviance(x: number, mu: number): number {
  if (Math.abs(x - mu) < 0.1 * (x + mu)) {
    let v = (x - mu) / (x + mu);
    let sum = (x - mu) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j += 1) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mu) + mu - x;
}

/** log P(X = x) for X ~ Binomial(m, 1/2), integers 0 ≤ x ≤ m. */
function logBinomialHalfPmf(x: number, m: number): number {
  if (x === 0 || x === m) return -m * Math.LN2;
  const mu = m / 2;
  const logCore = stirlingError(m) - stirlingError(x) - stirlingError(m - x) - deviance(x, mu) - deviance(m - x, mu);
  const logScale = LN_2PI + Math.log(x) + Math.log1p(-x / m);
  return logCore - 0.5 * logScale;
}

/** P(X ≤ k) for X ~ Binomial(m, 1/2), integers 0 ≤ k < m/2 (the tail left of the mode). */
export function binomialHalfLowerTail(k: number, m: number): number {
  // Terms relative to P(k), summed from k down: each step multiplies by i / (m − i + 1) < 1.
  let sum = 0;
  let term = 1;
  for (let i = k; ; i -= 1) {
    sum += term;
    if (i === 0) break;
    term *= i / (m - i + 1);
    if (term < sum * 1e-18) break;
  }
  // One exponential at the end: a tail in the subnormal range keeps what precision it can.
  return Math.exp(logBinomialHalfPmf(k, m) + Math.log(sum));
}
