// Internal: building Arrow columns from plain arrays without per-value builders.
import {
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  makeBuilder,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Uint32,
  Uint8,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

import { type Chunk, type Column } from './column-values.js';

/** A validity bitmap (1 = valid) from a mask of null rows, with the null count. */
export function validityBitmap(
  nulls: Uint8Array | undefined,
  length: number,
): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i += 1) {
    if (nulls?.[i] === 1) nullCount += 1;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nullCount };
}

/** A dictionary-encoded string column (`Dictionary<Int32, Utf8>`) over the sorted distinct values; null stays null. */
export function dictionaryColumn(values: readonly (string | null)[]): Column {
  const categories = [...new Set(values.filter((v): v is string => v !== null))].sort(compareText);
  const index = new Map(categories.map((c, k) => [c, k]));
  const codes = new Int32Array(values.length);
  const nulls = new Uint8Array(values.length);
  let anyNull = false;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? null;
    if (value === null) {
      nulls[i] = 1;
      anyNull = true;
    } else {
      codes[i] = index.get(value)!;
    }
  }
  const { bitmap, nullCount } = validityBitmap(anyNull ? nulls : undefined, values.length);
  const data = makeData({
    type: new Dictionary(new Utf8(), new Int32()),
    length: values.length,
    nullCount,
    ...(nullCount > 0 ? { nullBitmap: bitmap } : {}),
    data: codes,
    dictionary: vectorFromArray(categories, new Utf8()),
  });
  return makeVector(data);
}

/**
 * A float column from numbers with a mask of null rows: Float32 when every value is exactly a float32 (counts,
 * small integers, most CSV data), else Float64, so nothing is rounded.
 */
export function floatColumn(values: Float64Array, nulls: Uint8Array | undefined): Column {
  let exact = true;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (Math.fround(v) !== v && nulls?.[i] !== 1) {
      exact = false;
      break;
    }
  }
  const { bitmap, nullCount } = validityBitmap(nulls, values.length);
  const nullable = nullCount > 0 ? { nullCount, nullBitmap: bitmap } : {};
  if (exact) {
    return makeVector(
      makeData({ type: new Float32(), length: values.length, ...nullable, data: Float32Array.from(values) }),
    );
  }
  return makeVector(makeData({ type: new Float64(), length: values.length, ...nullable, data: values }));
}

/** An id column: Int32 when every id fits, else Uint32. */
export function idColumn(ids: ArrayLike<number>): Column {
  const values = Uint32Array.from(ids);
  const fitsInt32 = values.every((v) => v < 2 ** 31);
  if (fitsInt32) return makeVector(new Int32Array(values.buffer, values.byteOffset, values.length));
  return makeVector(makeData({ type: new Uint32(), length: values.length, data: values }));
}

/** An Int32 label column of class indices. */
export function labelColumn(labels: ArrayLike<number>): Column {
  return makeVector(Int32Array.from(labels));
}

/** A `FixedSizeList<Float32>[size]` column over a flat row-major array (no copy). */
export function vectorColumn(values: Float32Array, size: number): Column {
  const child = makeData({ type: new Float32(), length: values.length, data: values });
  const type = new FixedSizeList(size, new Field('item', new Float32(), false));
  return makeVector(makeData({ type, length: values.length / size, nullCount: 0, child }));
}

/** A `FixedSizeList<Uint8>[size]` image column over flat row-major bytes (no copy). */
export function imageColumn(values: Uint8Array, size: number): Column {
  const child = makeData({ type: new Uint8(), length: values.length, data: values });
  const type = new FixedSizeList(size, new Field('item', new Uint8(), false));
  return makeVector(makeData({ type, length: values.length / size, nullCount: 0, child }));
}

/** A table of named columns (one record batch), with schema and field metadata. */
export function tableOfColumns(
  columns: readonly { readonly name: string; readonly vector: Column; readonly metadata?: Map<string, string> }[],
  metadata: Map<string, string>,
): Table {
  const length = columns[0]?.vector.length ?? 0;
  const fields = columns.map(
    ({ name, vector, metadata: fieldMetadata }) =>
      new Field(name, vector.type, vector.nullCount > 0, fieldMetadata ?? null),
  );
  const schema = new Schema(fields, metadata);
  const children = columns.map(({ vector }) => singleChunk(vector));
  const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new Table(schema, new RecordBatch(schema, data));
}

/** The one chunk of a vector; a chunked vector is copied into one through a builder. */
function singleChunk(vector: Column): Chunk {
  const [first] = vector.data;
  if (vector.data.length === 1 && first !== undefined) return first;
  const builder = makeBuilder({ type: vector.type, nullValues: [null, undefined] });
  for (const value of vector) builder.append(value);
  return builder.finish().flush() as Chunk;
}

/** The same record batches under another schema (same column types: new names, nullability or metadata). */
export function withSchema(table: Table, schema: Schema): Table {
  const batches = table.batches.map(
    (batch) =>
      new RecordBatch(
        schema,
        makeData({
          type: new Struct(schema.fields),
          length: batch.numRows,
          nullCount: 0,
          children: batch.data.children,
        }),
      ),
  );
  return batches.length === 0 ? new Table(schema) : new Table(schema, batches);
}

/** Orders strings by UTF-16 code units, the same everywhere (no locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
