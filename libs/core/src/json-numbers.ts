import { InvalidInputError } from './bcml-error.js';

/**
 * An interval in mathematical notation, `[0, 1)` or `(0, 1)`: a square bracket includes the bound, a parenthesis
 * excludes it.
 */
export type IntervalNotation = `${'[' | '('}${number}, ${number}${']' | ')'}`;

/** An integer in [min, max]: `an integer from <min> to <max>`. */
export function integerAt(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(field, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

/** An integer in [1, max]: `a positive integer` below 1 (or not an integer), `an integer from 1 to <max>` above. */
export function positiveIntegerAt(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidInputError(field, 'a positive integer', value);
  }
  if (value > max) throw new InvalidInputError(field, `an integer from 1 to ${max}`, value);
  return value;
}

/** A seed: a safe integer ≥ 0. */
export function seedAt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(field, 'a safe integer >= 0', value);
  }
  return value;
}

/** A finite number in [min, max]: `a number from <min> to <max>`. */
export function numberAt(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidInputError(field, `a number from ${min} to ${max}`, value);
  }
  return value;
}

/** A finite number ≥ 0: `a finite number >= 0`. */
export function nonNegativeNumberAt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError(field, 'a finite number >= 0', value);
  }
  return value;
}

/** A finite number > 0: `a finite number > 0`. */
export function positiveNumberAt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError(field, 'a finite number > 0', value);
  }
  return value;
}

/**
 * A finite number in `interval` (`[0, 1)`, `(0, 1)`), described as `<what> in <interval>`: `a number in [0, 1)`,
 * `a dropout rate in [0, 1)`.
 */
export function numberInAt(field: string, value: unknown, interval: IntervalNotation, what = 'a number'): number {
  const [, open, low = '', high = '', close] = /^([[(])(.+), (.+)([\])])$/.exec(interval) ?? [];
  const min = Number(low);
  const max = Number(high);
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (open === '[' ? value < min : value <= min) ||
    (close === ']' ? value > max : value >= max)
  ) {
    throw new InvalidInputError(field, `${what} in ${interval}`, value);
  }
  return value;
}

/** A finite number in [min, max], or `null`. */
export function nullableNumberAt(field: string, value: unknown, min: number, max: number): number | null {
  return value === null ? null : numberAt(field, value, min, max);
}
