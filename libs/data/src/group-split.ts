import { InvalidInputError } from '@bcml/core';

import { columnCategories, getColumn } from './column-values.js';
import { type Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { permutation } from './seeded-random.js';
import { complement, type RowSplit } from './train-test-split.js';

/** Options of `groupSplit`. */
export interface GroupSplitOptions {
  /** The share of rows to put on the test side, in (0, 1); whole groups move, so the share is approximate. */
  readonly testFraction: number;
  /** The seed of the random order of groups. */
  readonly seed: number;
}

/**
 * A seeded train/test split that keeps each group (a patient, a user) on one side: groups are taken in a seeded
 * random order and put on the test side while that brings its size closer to round(n × testFraction).
 */
export function groupSplit(groups: ArrayLike<unknown>, options: GroupSplitOptions): RowSplit {
  const { testFraction, seed } = options;
  if (!(testFraction > 0 && testFraction < 1))
    throw new InvalidInputError('testFraction', 'a number in (0, 1)', testFraction);
  const n = groups.length;
  const groupOf = new Int32Array(n);
  const index = new Map<unknown, number>();
  const sizes: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const key = groups[i];
    let g = index.get(key);
    if (g === undefined) {
      g = sizes.length;
      index.set(key, g);
      sizes.push(0);
    }
    groupOf[i] = g;
    sizes[g]! += 1;
  }
  const target = Math.round(n * testFraction);
  const inTest = new Uint8Array(sizes.length);
  let size = 0;
  for (const g of permutation(sizes.length, seed)) {
    const groupSize = sizes[g]!;
    if (Math.abs(size + groupSize - target) < Math.abs(size - target)) {
      inTest[g] = 1;
      size += groupSize;
    }
  }
  const test = new Uint32Array(size);
  let k = 0;
  for (let i = 0; i < n; i += 1) if (inTest[groupOf[i]!] === 1) test[k++] = i;
  return complement(n, test);
}

/** `groupSplit` by the values of one column of a dataset (a display column such as `patient_nbr`). */
export function groupSplitByColumn(dataset: Dataset, column: string, options: GroupSplitOptions): RowSplit {
  const vector = getColumn(dataset.table, column);
  if (vector === null) throw new DatasetError({ file: dataset.file, column }, 'missing: it cannot group the split');
  return groupSplit(columnCategories(vector), options);
}
