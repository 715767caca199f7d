import { InvalidInputError } from '@bcml/core';
import { DataType, type Float, makeBuilder, makeData, makeVector, RecordBatch, Struct, Table } from 'apache-arrow';

import { type Chunk, type Column, getColumn, type NumericValues } from './column-values.js';
import { validityBitmap } from './arrow-columns.js';
import { type Dataset } from './dataset.js';

/**
 * The rows of a table at the given positions, in that order, as a one-batch table with the same schema and
 * metadata. Numeric, dictionary and fixed-size-list columns are gathered as typed arrays; other types row by row.
 */
export function takeRows(table: Table, rows: ArrayLike<number>): Table {
  const n = table.numRows;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new InvalidInputError(`rows[${i}]`, `an integer in [0, ${n})`, row);
    }
  }
  const { schema } = table;
  const children = schema.fields.map((field) => takeVector(getColumn(table, field.name)!, rows));
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new Table(schema, new RecordBatch(schema, data));
}

/** The rows of a dataset at the given positions: table, ids and labels together (info keeps its metadata). */
export function selectRows(dataset: Dataset, rows: ArrayLike<number>): Dataset {
  const table = takeRows(dataset.table, rows);
  const ids = new Uint32Array(rows.length);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    ids[i] = dataset.ids[rows[i]!]!;
    labels[i] = dataset.labels[rows[i]!]!;
  }
  return { ...dataset, table, ids, labels, info: { ...dataset.info, rows: rows.length } };
}

/** One column's gathered rows as a single chunk. */
function takeVector(vector: Column, rows: ArrayLike<number>): Chunk {
  const { type } = vector;
  const chunk = vector.data.length === 1 ? vector.data[0] : undefined;
  const nulls = vector.nullCount > 0 ? nullMask(vector, rows) : undefined;
  const { bitmap, nullCount } = validityBitmap(nulls, rows.length);
  const validity = nullCount > 0 ? { nullCount, nullBitmap: bitmap } : { nullCount: 0 };
  if (DataType.isInt(type) || DataType.isFloat(type)) {
    const values = vector.toArray() as NumericValues;
    return makeData({
      type: type as Float,
      length: rows.length,
      ...validity,
      data: gather(values, rows, 1) as Float64Array,
    });
  }
  if (DataType.isDictionary(type) && chunk !== undefined && chunk.dictionary !== undefined) {
    const indices = chunk.values as NumericValues;
    return makeData({
      type,
      length: rows.length,
      ...validity,
      data: gather(indices.subarray(0, chunk.length), rows, 1) as Int32Array,
      dictionary: chunk.dictionary,
    });
  }
  if (DataType.isFixedSizeList(type) && chunk !== undefined) {
    const child = chunk.children[0]!;
    const valueType = type.valueType as DataType;
    if ((DataType.isInt(valueType) || DataType.isFloat(valueType)) && child.nullCount === 0) {
      const size = type.listSize;
      const values = (child.values as NumericValues).subarray(0, chunk.length * size);
      const childData = makeData({
        type: valueType as Float,
        length: rows.length * size,
        data: gather(values, rows, size) as Float64Array,
      });
      return makeData({ type, length: rows.length, ...validity, child: childData });
    }
  }
  const builder = makeBuilder({ type, nullValues: [null, undefined] });
  for (let i = 0; i < rows.length; i += 1) builder.append(vector.get(rows[i]!));
  return builder.finish().flush() as Chunk;
}

/** Row i of the output is null when row rows[i] of the vector is. */
function nullMask(vector: Column, rows: ArrayLike<number>): Uint8Array {
  const mask = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) if (!vector.isValid(rows[i]!)) mask[i] = 1;
  return mask;
}

/** Blocks of `size` values at the given rows, in order, into a new array of the same type. */
function gather<T extends NumericValues>(values: T, rows: ArrayLike<number>, size: number): T {
  const Ctor = values.constructor as new (length: number) => T;
  const out = new Ctor(rows.length * size);
  if (size === 1) {
    const source = values as unknown as number[];
    const target = out as unknown as number[];
    for (let i = 0; i < rows.length; i += 1) target[i] = source[rows[i]!]!;
    return out;
  }
  for (let i = 0; i < rows.length; i += 1) {
    const from = rows[i]! * size;
    out.set(values.subarray(from, from + size) as never, i * size);
  }
  return out;
}

/** A vector of the rows gathered by `takeRows`, for callers that want one column. */
export function takeColumn(vector: Column, rows: ArrayLike<number>): Column {
  return makeVector(takeVector(vector, rows));
}
