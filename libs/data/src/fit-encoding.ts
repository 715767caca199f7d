import { DataType } from 'apache-arrow';

import { compareText } from './arrow-columns.js';
import { columnCategories, columnNumbers, getColumn, isNumericType } from './column-values.js';
import { type Dataset } from './dataset.js';
import { type ColumnEncoding, type DatasetEncoding } from './dataset-encoding.js';

/** Options of `fitEncoding`. */
export interface FitEncodingOptions {
  /** Standardise numeric columns (default true); false keeps their values (mean 0, std 1). */
  readonly standardize?: boolean;
  /** Numeric columns to one-hot encode as categories (integer codes such as `admission_type_id`). */
  readonly categorical?: readonly string[];
  /** The factor applied to image bytes (default 1/255, giving [0, 1]). */
  readonly imageScale?: number;
}

/**
 * Fits the encoding of a dataset on its training split: numeric columns get their mean and (population) standard
 * deviation over non-null values, string and boolean columns their sorted categories, a `features` vector is kept
 * as it is, an image is scaled; columns folded into an image (`imageShape`) keep that shape. Store the result with
 * every split (`bcml.encoding`) so all encode identically.
 */
export function fitEncoding(train: Dataset, options: FitEncodingOptions = {}): DatasetEncoding {
  const { features } = train.info;
  if (features.kind === 'vector')
    return { version: 1, columns: [{ kind: 'vector', column: features.column, size: features.size }] };
  if (features.kind === 'image') {
    return {
      version: 1,
      columns: [
        { kind: 'image', column: features.column, shape: features.shape, scale: options.imageScale ?? 1 / 255 },
      ],
    };
  }
  const shape = features.shape;
  const forced = new Set(options.categorical ?? []);
  const columns = features.columns.map((name): ColumnEncoding => {
    const vector = getColumn(train.table, name)!;
    if (isNumericType(vector.type) && !forced.has(name)) {
      if (options.standardize === false) return { kind: 'standardize', column: name, mean: 0, std: 1 };
      const { values, nulls } = columnNumbers(vector);
      return { kind: 'standardize', column: name, ...meanAndStd(values, nulls) };
    }
    const categories = [...new Set(columnCategories(vector).filter((c): c is string => c !== null))];
    const numeric = isNumericType(vector.type) || DataType.isBool(vector.type);
    categories.sort(numeric ? (a, b) => Number(a) - Number(b) || compareText(a, b) : compareText);
    return { kind: 'one-hot', column: name, categories };
  });
  return shape === undefined ? { version: 1, columns } : { version: 1, columns, shape };
}

/** Mean and population standard deviation of the non-null values (std 1 when it is 0 or there are no values). */
function meanAndStd(values: Float64Array, nulls: Uint8Array | undefined): { mean: number; std: number } {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    if (nulls?.[i] === 1) continue;
    sum += values[i]!;
    count += 1;
  }
  if (count === 0) return { mean: 0, std: 1 };
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < values.length; i += 1) {
    if (nulls?.[i] === 1) continue;
    const d = values[i]! - mean;
    squares += d * d;
  }
  const std = Math.sqrt(squares / count);
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}
