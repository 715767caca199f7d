import { InvalidInputError } from '@bcml/core';

import { seededRandom, shuffleInPlace } from './seeded-random.js';

/** Row positions of the two sides of a split, each sorted ascending (file order). */
export interface RowSplit {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** Options of `trainTestSplit`. */
export interface TrainTestSplitOptions {
  /** The share of rows that goes to the test side, in (0, 1); the test side gets round(n × testFraction) rows. */
  readonly testFraction: number;
  /** The seed of the random assignment. */
  readonly seed: number;
  /** Class labels to stratify by: each class is split in the same proportion (largest-remainder rounding). */
  readonly stratify?: ArrayLike<number>;
}

/** A seeded random train/test split of `n` rows, optionally stratified by class. */
export function trainTestSplit(n: number, options: TrainTestSplitOptions): RowSplit {
  const { test } = sampleRows(n, options.testFraction, options.seed, options.stratify, 'testFraction');
  return complement(n, test);
}

/**
 * Picks round(n × fraction) of n rows at random (seeded), stratified by `stratify` when given; returns them
 * sorted, as `test`. Shared by the splits.
 */
export function sampleRows(
  n: number,
  fraction: number,
  seed: number,
  stratify: ArrayLike<number> | undefined,
  fractionName: string,
): { test: Uint32Array } {
  if (!Number.isInteger(n) || n < 0) throw new InvalidInputError('n', 'a non-negative integer', n);
  if (!(fraction > 0 && fraction < 1)) throw new InvalidInputError(fractionName, 'a number in (0, 1)', fraction);
  const target = Math.round(n * fraction);
  const random = seededRandom(seed);
  if (stratify === undefined) {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i += 1) order[i] = i;
    shuffleInPlace(order, random);
    return { test: order.subarray(0, target).sort() };
  }
  if (stratify.length !== n)
    throw new InvalidInputError('stratify.length', `${n} (the number of rows)`, stratify.length);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i += 1) {
    const label = stratify[i]!;
    const members = byClass.get(label);
    if (members === undefined) byClass.set(label, [i]);
    else members.push(i);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  // Largest-remainder quotas: each class gets floor(size × fraction), the leftover rows go to the largest remainders.
  const quotas = classes.map((label) => {
    const exact = byClass.get(label)!.length * fraction;
    return { label, quota: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = target - quotas.reduce((sum, q) => sum + q.quota, 0);
  for (const q of [...quotas].sort((a, b) => b.remainder - a.remainder || a.label - b.label)) {
    if (left <= 0) break;
    q.quota += 1;
    left -= 1;
  }
  const test: number[] = [];
  for (const { label, quota } of quotas) {
    const members = Uint32Array.from(byClass.get(label)!);
    shuffleInPlace(members, random);
    for (let k = 0; k < quota; k += 1) test.push(members[k]!);
  }
  return { test: Uint32Array.from(test).sort() };
}

/** The split whose test side is `test` (sorted) and whose train side is every other row. */
export function complement(n: number, test: Uint32Array): RowSplit {
  const inTest = new Uint8Array(n);
  for (const row of test) inTest[row] = 1;
  const train = new Uint32Array(n - test.length);
  let k = 0;
  for (let i = 0; i < n; i += 1) if (inTest[i] === 0) train[k++] = i;
  return { train, test };
}
