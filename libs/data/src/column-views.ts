import { DataType, type Table } from 'apache-arrow';

import { columnNumbers, float32Chunk, getColumn, listValues, typeName } from './column-values.js';
import { DatasetError } from './dataset-error.js';

/**
 * A numeric column as a `Float32Array`: a view over the Arrow buffer (no copy) when the column is one float32
 * chunk without nulls (an uncompressed file written with one record batch), else a converted copy (null → NaN).
 */
export function float32View(table: Table, column: string, file = 'dataset'): Float32Array {
  const vector = getColumn(table, column);
  if (vector === null) throw new DatasetError({ file, column }, 'missing');
  if (!DataType.isInt(vector.type) && !DataType.isFloat(vector.type)) {
    throw DatasetError.mismatch({ file, column }, 'a numeric column', `a column of type ${typeName(vector.type)}`);
  }
  const view = float32Chunk(vector);
  if (view !== undefined) return view;
  const { values, nulls } = columnNumbers(vector);
  const out = Float32Array.from(values);
  if (nulls !== undefined) for (let i = 0; i < out.length; i += 1) if (nulls[i] === 1) out[i] = Number.NaN;
  return out;
}

/**
 * A `FixedSizeList<float32>[D]` column (such as `features`) as one flat row-major `Float32Array` of rows × D:
 * a view over the Arrow buffer when the column is one chunk, else a copy.
 */
export function vectorView(table: Table, column: string, file = 'dataset'): { values: Float32Array; size: number } {
  const vector = getColumn(table, column);
  if (vector === null) throw new DatasetError({ file, column }, 'missing');
  const { type } = vector;
  if (!DataType.isFixedSizeList(type) || !DataType.isFloat(type.valueType)) {
    throw DatasetError.mismatch({ file, column }, 'FixedSizeList<Float32>[D]', `a column of type ${typeName(type)}`);
  }
  return { values: listValues(vector, type.listSize, Float32Array), size: type.listSize };
}
