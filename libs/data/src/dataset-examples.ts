import { DataType } from 'apache-arrow';

import {
  type Column,
  columnCategories,
  columnNumbers,
  float32Chunk,
  getColumn,
  isNumericType,
  listValues,
  typeName,
} from './column-values.js';
import { type Dataset } from './dataset.js';
import { columnWidth, type DatasetEncoding, encodedShape } from './dataset-encoding.js';
import { DatasetError } from './dataset-error.js';

/**
 * A dataset ready for a model: ids, labels, and the encoded features of any rows on demand (`gather`), read
 * straight from the Arrow buffers. Nothing is encoded up front.
 */
export interface Examples {
  /** The number of examples. */
  readonly size: number;
  readonly ids: Uint32Array;
  /** Class indices. */
  readonly y: Int32Array;
  /** The shape of one example: `[width]`, or the image shape `[H, W, C]`. */
  readonly shape: readonly number[];
  /** The number of values of one example (the product of `shape`). */
  readonly width: number;
  /**
   * The whole feature matrix (row-major, `size × width`) when it exists without encoding: a `features` vector
   * column, a view over the Arrow buffer (no copy) when it is one float32 chunk. Otherwise undefined.
   */
  readonly x: Float32Array | undefined;
  /** Encodes the given rows, in order, into `out` (row-major, `rows.length × width` values, all written). */
  gather(rows: ArrayLike<number>, out: Float32Array): void;
}

/** Options of `datasetExamples`. */
export interface ExamplesOptions {
  /** Report images as flat vectors (`[H·W·C]`) instead of `[H, W, C]`. */
  readonly flatten?: boolean;
}

/** One compiled column: where its values go and where they come from. */
type Plan =
  | {
      readonly kind: 'standardize';
      readonly offset: number;
      readonly values: Float32Array | Float64Array;
      readonly nulls: Uint8Array | undefined;
      readonly mean: number;
      readonly std: number;
    }
  | { readonly kind: 'one-hot'; readonly offset: number; readonly width: number; readonly codes: Int32Array }
  | { readonly kind: 'vector'; readonly offset: number; readonly size: number; readonly values: Float32Array }
  | {
      readonly kind: 'image';
      readonly offset: number;
      readonly size: number;
      readonly values: Uint8Array;
      readonly scale: number;
    };

/**
 * Binds an encoding (fitted on the training split) to a dataset: the columns it names are located and typed once,
 * then `gather` encodes rows: standardised numbers (null → 0), one-hot categories (null or unseen → zeros),
 * vectors as they are, image bytes × scale.
 */
export function datasetExamples(dataset: Dataset, encoding: DatasetEncoding, options: ExamplesOptions = {}): Examples {
  const { file, table } = dataset;
  const plans: Plan[] = [];
  let offset = 0;
  for (const column of encoding.columns) {
    const vector = getColumn(table, column.column);
    if (vector === null) {
      throw new DatasetError({ file, column: column.column }, 'missing: the encoding reads this column');
    }
    const mismatch = (expected: string): DatasetError =>
      DatasetError.mismatch({ file, column: column.column }, expected, `a column of type ${typeName(vector.type)}`);
    switch (column.kind) {
      case 'standardize': {
        if (!isNumericType(vector.type) && !DataType.isBool(vector.type))
          throw mismatch('a numeric column (it is standardised)');
        const view = float32Chunk(vector);
        const { values, nulls } = view === undefined ? columnNumbers(vector) : { values: view, nulls: undefined };
        plans.push({ kind: 'standardize', offset, values, nulls, mean: column.mean, std: column.std });
        break;
      }
      case 'one-hot': {
        const index = new Map(column.categories.map((c, k) => [c, k]));
        const categories = columnCategories(vector);
        const codes = new Int32Array(categories.length);
        for (let i = 0; i < categories.length; i += 1) {
          const c = categories[i] ?? null;
          codes[i] = c === null ? -1 : (index.get(c) ?? -1);
        }
        plans.push({ kind: 'one-hot', offset, width: column.categories.length, codes });
        break;
      }
      case 'vector': {
        if (!isList(vector, column.size)) throw mismatch(`FixedSizeList<Float32>[${column.size}]`);
        plans.push({
          kind: 'vector',
          offset,
          size: column.size,
          values: listValues(vector, column.size, Float32Array),
        });
        break;
      }
      case 'image': {
        const size = columnWidth(column);
        if (!isList(vector, size) && !DataType.isList(vector.type)) throw mismatch(`FixedSizeList<Uint8>[${size}]`);
        plans.push({ kind: 'image', offset, size, values: listValues(vector, size, Uint8Array), scale: column.scale });
        break;
      }
    }
    offset += columnWidth(column);
  }
  const width = offset;
  const shape = options.flatten === true ? [width] : encodedShape(encoding);
  if (shape.reduce((a, b) => a * b, 1) !== width) {
    throw DatasetError.mismatch(
      { file },
      `an encoding shape holding its ${width} inputs`,
      `${JSON.stringify(encoding.shape)} (check the imageShape against the encoded features)`,
    );
  }
  const [only] = plans;
  const x = plans.length === 1 && only?.kind === 'vector' ? only.values : undefined;
  return {
    size: table.numRows,
    ids: dataset.ids,
    y: dataset.labels,
    shape,
    width,
    x,
    gather: (rows, out) => gatherRows(plans, width, rows, out),
  };
}

/** A fixed-size list column of `size` values per row. */
function isList(vector: Column, size: number): boolean {
  return DataType.isFixedSizeList(vector.type) && vector.type.listSize === size;
}

/** Writes the encoded rows into `out`, column plan by column plan (tight loops over typed arrays). */
function gatherRows(plans: readonly Plan[], width: number, rows: ArrayLike<number>, out: Float32Array): void {
  const n = rows.length;
  if (out.length < n * width) throw new RangeError(`gather: out holds ${out.length} values, ${n * width} needed`);
  // One-hot blocks are zeros but for one 1: zero all the rows' values at once (one call, not one per block and
  // row); every other plan overwrites its own values below.
  if (plans.some((plan) => plan.kind === 'one-hot')) out.fill(0, 0, n * width);
  for (const plan of plans) {
    switch (plan.kind) {
      case 'standardize': {
        const { values, nulls, mean, std, offset } = plan;
        for (let b = 0; b < n; b += 1) {
          const r = rows[b]!;
          out[b * width + offset] = nulls?.[r] === 1 ? 0 : (values[r]! - mean) / std;
        }
        break;
      }
      case 'one-hot': {
        const { codes, offset } = plan;
        for (let b = 0; b < n; b += 1) {
          const code = codes[rows[b]!]!;
          if (code >= 0) out[b * width + offset + code] = 1;
        }
        break;
      }
      case 'vector': {
        const { values, size, offset } = plan;
        for (let b = 0; b < n; b += 1) {
          const from = rows[b]! * size;
          out.set(values.subarray(from, from + size), b * width + offset);
        }
        break;
      }
      case 'image': {
        const { values, size, offset, scale } = plan;
        for (let b = 0; b < n; b += 1) {
          const from = rows[b]! * size;
          const base = b * width + offset;
          for (let k = 0; k < size; k += 1) out[base + k] = values[from + k]! * scale;
        }
        break;
      }
    }
  }
}
