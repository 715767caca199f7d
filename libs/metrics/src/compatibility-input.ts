import { MetricInputError } from './metric-input-error.js';

/** An array of integers (class indices or instance ids): a plain array or any non-BigInt typed array. */
export type LabelArray =
  | readonly number[]
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/** What the compatibility metrics read: true labels, the predicted class of h1 and of h2, and optional ids. */
export interface CompatibilityInput {
  /** True class of each instance, an integer in [0, numClasses). */
  readonly labels: LabelArray;
  /** Class predicted by the old model h1 for each instance (argmax of its output), in [0, numClasses). */
  readonly h1: LabelArray;
  /** Class predicted by the new model h2 for each instance, in [0, numClasses). */
  readonly h2: LabelArray;
  /** Number of classes C; classes are 0..C−1 whether or not they occur in the data. */
  readonly numClasses: number;
  /** Instance ids (unique integers in [0, 2^32)) reported in id lists; default: the positions 0..n−1. */
  readonly ids?: LabelArray | undefined;
}

/** A checked input: every element is an integer in range, lengths agree and ids are unique. */
export interface ValidCompatibilityInput {
  readonly labels: LabelArray;
  readonly h1: LabelArray;
  readonly h2: LabelArray;
  readonly numClasses: number;
  readonly ids: LabelArray | undefined;
  readonly n: number;
}

/** The largest number of classes accepted: per-class counters are allocated up front. */
export const MAX_CLASSES = 2 ** 24;

/** Exclusive upper bound of instance ids: id lists are `Uint32Array`s. */
const ID_LIMIT = 2 ** 32;

/**
 * Checks a compatibility input before anything is computed; the first fault is a `MetricInputError` naming the
 * argument, the index and the value. Costs one read of each array (plus a bitmap or a sorted copy for ids).
 */
export function validateCompatibilityInput(input: CompatibilityInput): ValidCompatibilityInput {
  if (typeof input !== 'object' || (input as unknown) === null) {
    throw new MetricInputError({ argument: 'input' }, 'an object { labels, h1, h2, numClasses, ids? }', input);
  }
  const { labels, h1, h2, numClasses, ids } = input;
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > MAX_CLASSES) {
    throw new MetricInputError({ argument: 'numClasses' }, `a positive integer (at most ${MAX_CLASSES})`, numClasses);
  }
  checkContainer('labels', labels);
  checkContainer('h1', h1);
  checkContainer('h2', h2);
  const n = labels.length;
  checkLength('h1', h1, n);
  checkLength('h2', h2, n);
  if (ids !== undefined) {
    checkContainer('ids', ids);
    checkLength('ids', ids, n);
  }
  checkClassIndices('labels', labels, numClasses);
  checkClassIndices('h1', h1, numClasses);
  checkClassIndices('h2', h2, numClasses);
  if (ids !== undefined) checkIds(ids);
  return { labels, h1, h2, numClasses, ids, n };
}

/** An array or a non-BigInt typed array, else a `MetricInputError` naming `argument`. */
export function checkContainer(argument: string, value: unknown): void {
  const ok =
    Array.isArray(value) ||
    (ArrayBuffer.isView(value) &&
      !(value instanceof DataView) &&
      !(value instanceof BigInt64Array) &&
      !(value instanceof BigUint64Array));
  if (!ok) throw new MetricInputError({ argument }, 'an array or a (non-BigInt) typed array of integers', value);
}

/** `array.length === n` (the length of labels), else a `MetricInputError` naming `argument.length`. */
export function checkLength(argument: string, array: ArrayLike<unknown>, n: number): void {
  if (array.length !== n) {
    throw new MetricInputError({ argument, property: 'length' }, `${n} (the length of labels)`, array.length);
  }
}

/** Every element an integer in [0, numClasses). `(v >>> 0) === v` rejects NaN, ±∞, fractions, negatives, holes. */
export function checkClassIndices(argument: string, array: LabelArray, numClasses: number): void {
  const n = array.length;
  for (let i = 0; i < n; i += 1) {
    const v = array[i] as number;
    if (v >>> 0 !== v || v >= numClasses) {
      throw new MetricInputError({ argument, index: i }, `an integer in [0, ${numClasses})`, array[i]);
    }
  }
}

/**
 * Ids are integers in [0, 2^32) and unique. Uniqueness uses a bitmap over [min, max] when that range is at most
 * 32·n (a bitmap of at most 4n bytes), else a sorted `Uint32Array` copy. Either way the error names the first
 * position whose id occurred before.
 */
function checkIds(ids: LabelArray): void {
  const n = ids.length;
  let min = ID_LIMIT;
  let max = -1;
  for (let i = 0; i < n; i += 1) {
    const v = ids[i] as number;
    if (v >>> 0 !== v) {
      throw new MetricInputError({ argument: 'ids', index: i }, `an integer in [0, ${ID_LIMIT})`, ids[i]);
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n < 2) return;
  const range = max - min + 1;
  if (range <= 32 * n) {
    const seen = new Uint32Array(Math.ceil(range / 32));
    for (let i = 0; i < n; i += 1) {
      const offset = (ids[i] as number) - min;
      const word = offset >>> 5;
      const bit = 1 << (offset & 31);
      const bits = seen[word] as number;
      if ((bits & bit) !== 0) throw duplicateId(ids, i);
      seen[word] = bits | bit;
    }
    return;
  }
  const sorted = Uint32Array.from(ids).sort();
  for (let i = 1; i < n; i += 1) {
    if (sorted[i] === sorted[i - 1]) throw firstRepeat(ids);
  }
}

/** The error for the first position whose id occurred before (error path only: it may allocate). */
function firstRepeat(ids: LabelArray): MetricInputError {
  const seen = new Set<number>();
  for (let i = 0; i < ids.length; i += 1) {
    const value = ids[i] as number;
    if (seen.has(value)) return duplicateId(ids, i);
    seen.add(value);
  }
  throw new Error('unreachable: no repeated id');
}

/** The error for `ids[at]`, whose value already occurred at a smaller index. */
function duplicateId(ids: LabelArray, at: number): MetricInputError {
  const value = ids[at];
  let first = 0;
  while (ids[first] !== value) first += 1;
  return new MetricInputError(
    { argument: 'ids', index: at },
    `a unique id (${String(value)} is already at ids[${first}])`,
    value,
  );
}
