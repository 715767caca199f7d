import { InvalidInputError } from '@bcml/core';

import { type Examples } from './dataset-examples.js';
import { seededRandom, shuffleInPlace } from './seeded-random.js';

/** One batch of examples as plain typed arrays (the training library makes tensors of them). */
export interface Batch {
  readonly ids: Uint32Array;
  /** Encoded features, row-major. */
  readonly x: Float32Array;
  /** The shape of `x`: `[batch, ...example shape]`. */
  readonly shape: readonly number[];
  /** Class indices. */
  readonly y: Int32Array;
}

/** Options of `batches`. */
export interface BatchOptions {
  /** Examples per batch (the last batch may be smaller). */
  readonly batchSize: number;
  /** Shuffle with this seed; without a seed the examples come in dataset order. */
  readonly seed?: number;
  /** Mixed into the seed so each epoch gets its own order. */
  readonly epoch?: number;
  /** Only these rows (for example h1's share of the update scenario), in this order before shuffling. */
  readonly rows?: ArrayLike<number>;
  /** Leave out a last batch smaller than `batchSize`. */
  readonly dropRemainder?: boolean;
}

/**
 * Iterates the examples in batches of `{ ids, x, shape, y }`, shuffled by a seed (and epoch) when one is given.
 * Each batch owns fresh arrays; rows are encoded as their batch is requested.
 */
export function* batches(examples: Examples, options: BatchOptions): Generator<Batch, void, undefined> {
  const { batchSize, seed, epoch = 0, rows, dropRemainder = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new InvalidInputError('batchSize', 'a positive integer', batchSize);
  const order = rows === undefined ? range(examples.size) : checkedRows(rows, examples.size);
  if (seed !== undefined) shuffleInPlace(order, seededRandom(seed, epoch));
  for (let start = 0; start < order.length; start += batchSize) {
    const end = Math.min(start + batchSize, order.length);
    if (dropRemainder && end - start < batchSize) return;
    yield takeBatch(examples, order.subarray(start, end));
  }
}

/** All examples (or the given rows) in one batch, in order. */
export function allExamples(examples: Examples, rows?: ArrayLike<number>): Batch {
  return takeBatch(examples, rows === undefined ? range(examples.size) : checkedRows(rows, examples.size));
}

/** The batch of the given rows. */
function takeBatch(examples: Examples, rows: Uint32Array): Batch {
  const n = rows.length;
  const ids = new Uint32Array(n);
  const y = new Int32Array(n);
  for (let b = 0; b < n; b += 1) {
    const r = rows[b]!;
    ids[b] = examples.ids[r]!;
    y[b] = examples.y[r]!;
  }
  const x = new Float32Array(n * examples.width);
  examples.gather(rows, x);
  return { ids, x, shape: [n, ...examples.shape], y };
}

/** 0..n−1. */
function range(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  return order;
}

/** A copy of the rows, checked to be positions in [0, size). */
function checkedRows(rows: ArrayLike<number>, size: number): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= size)
      throw new InvalidInputError(`rows[${i}]`, `an integer in [0, ${size})`, row);
    out[i] = row;
  }
  return out;
}
