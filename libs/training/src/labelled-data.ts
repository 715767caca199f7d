import { InvalidInputError } from '@bcml/core';
import { datasetExamples, type Dataset, type DatasetEncoding, type Examples } from '@bcml/data';

/**
 * Examples with labels, as the training library reads them: encoded features on demand (`@bcml/data`'s
 * `Examples`), the number of classes, and optionally a subset of rows (positions, e.g. h1's share of the update
 * scenario). Ids identify instances across the library (h1 cache, predictions).
 */
export interface LabelledData {
  readonly examples: Examples;
  /** The number of classes C ≥ 2; labels are in [0, C). */
  readonly numClasses: number;
  /** Only these rows (positions in `examples`), in this order; default all. */
  readonly rows?: Uint32Array;
}

/** Options of `labelledData`. */
export interface LabelledDataOptions {
  /** Only these rows (positions in the dataset). */
  readonly rows?: ArrayLike<number>;
  /** Flatten images to vectors (for a logistic regression or MLP on MNIST, say). */
  readonly flatten?: boolean;
}

/** A dataset (`@bcml/data`) with the encoding fitted on its training split, as labelled data. */
export function labelledData(
  dataset: Dataset,
  encoding: DatasetEncoding,
  options: LabelledDataOptions = {},
): LabelledData {
  const examples = datasetExamples(
    dataset,
    encoding,
    options.flatten === undefined ? {} : { flatten: options.flatten },
  );
  const base = { examples, numClasses: dataset.info.classes.length };
  return options.rows === undefined ? base : withRows(base, options.rows);
}

/** The same data restricted to `rows` (positions in `data.examples`), checked to be in range. */
export function withRows(data: LabelledData, rows: ArrayLike<number>): LabelledData {
  const size = data.examples.size;
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= size) {
      throw new InvalidInputError(`rows[${i}]`, `an integer in [0, ${size})`, row);
    }
    out[i] = row;
  }
  return { examples: data.examples, numClasses: data.numClasses, rows: out };
}

/** The rows `data` covers, in order. */
export function dataRows(data: LabelledData): Uint32Array {
  if (data.rows !== undefined) return data.rows;
  const rows = new Uint32Array(data.examples.size);
  for (let i = 0; i < rows.length; i += 1) rows[i] = i;
  return rows;
}

/** The number of instances `data` covers. */
export function dataSize(data: LabelledData): number {
  return data.rows?.length ?? data.examples.size;
}

/**
 * Checks the data before any training: C an integer ≥ 2, a non-empty feature shape, at least one row, and every
 * label an integer in [0, C). Errors name `<field>.numClasses`, `<field>.rows` or `<field>.labels[i]`.
 */
export function checkLabelledData(data: LabelledData, field: string): void {
  const { examples, numClasses } = data;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new InvalidInputError(`${field}.numClasses`, 'an integer >= 2', numClasses);
  }
  if (examples.shape.length === 0 || examples.width < 1) {
    throw new InvalidInputError(`${field}.shape`, 'a non-empty feature shape', `[${examples.shape.join(', ')}]`);
  }
  if (dataSize(data) === 0) throw new InvalidInputError(`${field}.rows`, 'at least one example', 0);
  const { y } = examples;
  const rows = data.rows;
  const n = dataSize(data);
  for (let i = 0; i < n; i += 1) {
    const row = rows === undefined ? i : rows[i]!;
    const label = y[row]!;
    if (!(label >= 0 && label < numClasses)) {
      throw new InvalidInputError(`${field}.labels[${row}]`, `a class index in [0, ${numClasses})`, label);
    }
  }
}
