import { InvalidInputError, type H1PredictionValues } from '@bcml/core';

/** Probabilities are clamped at this floor before `log`, so a predicted 0 gives a finite logit (log 1e-12 ≈ −27.6). */
export const PROBABILITY_FLOOR = 1e-12;

/** How far a row of C probabilities may sum from 1. */
export const PROBABILITY_SUM_TOLERANCE = 1e-4;

/**
 * Checks one row of h1's values (`width` of them at `values[row · width]`): logits finite, probabilities in [0, 1]
 * summing to 1 ± 1e-4 when there are several; else an `InvalidInputError` at `field`.
 */
export function checkH1Values(
  values: ArrayLike<number>,
  row: number,
  width: number,
  outputs: H1PredictionValues,
  field: string,
): void {
  let sum = 0;
  for (let k = 0; k < width; k += 1) {
    const v = values[row * width + k]!;
    if (outputs === 'logits' && !Number.isFinite(v)) throw new InvalidInputError(field, 'finite logits', shown(v));
    if (outputs === 'probabilities' && !(v >= 0 && v <= 1)) {
      throw new InvalidInputError(field, 'probabilities in [0, 1]', shown(v));
    }
    sum += v;
  }
  if (outputs === 'probabilities' && width > 1 && Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    throw new InvalidInputError(field, `probabilities summing to 1 ± ${PROBABILITY_SUM_TOLERANCE}`, shown(sum));
  }
}

/**
 * The logit of value `k` of `row`: a logit as it is; a probability p as log max(p, 1e-12) (softmax of a row of them
 * is p), or, alone in its row (a binary task's positive class), as the binary head's log(p / (1 − p)), clamped alike.
 */
export function h1Logit(
  values: ArrayLike<number>,
  row: number,
  width: number,
  k: number,
  outputs: H1PredictionValues,
): number {
  const v = values[row * width + k]!;
  if (outputs === 'logits') return v;
  const p = Math.max(v, PROBABILITY_FLOOR);
  return width === 1 ? Math.log(p) - Math.log(Math.max(1 - v, PROBABILITY_FLOOR)) : Math.log(p);
}

/** A value as errors show it: 7 significant digits (float32 values print without float64 noise). */
function shown(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(7)) : value;
}
