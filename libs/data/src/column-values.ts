// Internal: typed access to Arrow columns, chunk by chunk, without per-row Vector.get where avoidable.
import { type Data, DataType, type Field, Precision, type Schema, type Table, type Vector } from 'apache-arrow';

/** A column of any type, typed so that its `type` is a `DataType` (Arrow's defaults are `any`). */
export type Column = Vector<DataType>;

/** One chunk of a column. */
export type Chunk = Data<DataType>;

/** A table's column by name, or null. */
export function getColumn(table: Table, name: string): Column | null {
  return table.getChild(name) as Column | null;
}

/** A schema's fields, typed. */
export function fieldsOf(schema: Schema): Field<DataType>[] {
  return schema.fields as Field<DataType>[];
}

/** Plain numeric typed arrays, as Arrow stores int and float columns (int64 as BigInt64Array). */
export type NumericValues =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** An int or a single/double float type (half floats are not supported). */
export function isNumericType(type: DataType): boolean {
  return DataType.isInt(type) || (DataType.isFloat(type) && type.precision !== Precision.HALF);
}

/** Utf8, LargeUtf8, or a dictionary of either. */
export function isStringType(type: DataType): boolean {
  if (DataType.isDictionary(type)) return isStringType(type.dictionary as DataType);
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type);
}

/** A numeric, boolean or string column: what a feature column may be. */
export function isFeatureColumnType(type: DataType): boolean {
  return isNumericType(type) || DataType.isBool(type) || isStringType(type);
}

/** A short, stable rendering of an Arrow type for messages: `Float32`, `FixedSizeList[784]<Uint8>`. */
export function typeName(type: DataType): string {
  return (type as { toString(): string }).toString();
}

/** The values of a numeric or boolean column as numbers (a copy), with a mask of null rows (undefined if none). */
export function columnNumbers(vector: Column): { values: Float64Array; nulls: Uint8Array | undefined } {
  const values = new Float64Array(vector.length);
  let nulls: Uint8Array | undefined;
  let start = 0;
  for (const data of vector.data) {
    if (DataType.isBool(data.type)) {
      for (let i = 0; i < data.length; i += 1) values[start + i] = data.getValid(i) && vectorBool(data, i) ? 1 : 0;
    } else {
      copyNumbers(data.values as NumericValues, data.length, values, start);
    }
    if (data.nullCount > 0) {
      nulls ??= new Uint8Array(vector.length);
      for (let i = 0; i < data.length; i += 1) if (!data.getValid(i)) nulls[start + i] = 1;
    }
    start += data.length;
  }
  return { values, nulls };
}

/** The value at row `i` of a boolean chunk. */
function vectorBool(data: Chunk, i: number): boolean {
  const bit = data.offset + i;
  return ((data.values as Uint8Array)[bit >> 3]! & (1 << (bit & 7))) !== 0;
}

/** Copies `length` values into `out` from `start`, converting BigInts to numbers. */
function copyNumbers(source: NumericValues, length: number, out: Float64Array, start: number): void {
  if (source instanceof BigInt64Array || source instanceof BigUint64Array) {
    for (let i = 0; i < length; i += 1) out[start + i] = Number(source[i]!);
  } else {
    out.set(source.subarray(0, length), start);
  }
}

/** The values of a string (or dictionary-of-string) column, null for null rows. */
export function columnStrings(vector: Column): (string | null)[] {
  const out: (string | null)[] = new Array<string | null>(vector.length);
  let start = 0;
  for (const data of vector.data) {
    if (DataType.isDictionary(data.type) && data.dictionary !== undefined) {
      const dictionary = data.dictionary.toArray() as (string | null)[];
      const indices = data.values as NumericValues;
      for (let i = 0; i < data.length; i += 1) {
        out[start + i] = data.nullCount > 0 && !data.getValid(i) ? null : (dictionary[Number(indices[i])] ?? null);
      }
    } else {
      for (let i = 0; i < data.length; i += 1) out[start + i] = (vector.get(start + i) as string | null) ?? null;
    }
    start += data.length;
  }
  return out;
}

/** The category of each row as text: strings as they are, numbers via `String`, booleans `true`/`false`. */
export function columnCategories(vector: Column): (string | null)[] {
  if (isStringType(vector.type)) return columnStrings(vector);
  const { values, nulls } = columnNumbers(vector);
  const isBool = DataType.isBool(vector.type);
  const out: (string | null)[] = new Array<string | null>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    out[i] = nulls?.[i] === 1 ? null : isBool ? String(values[i] === 1) : String(values[i]);
  }
  return out;
}

/**
 * The flat child values of a list column whose rows all hold `size` values (row r at [r·size, (r+1)·size)): a view
 * when the column is one fixed-size-list chunk of the wanted element type, else one copy.
 */
export function listValues<T extends Float32Array | Uint8Array>(
  vector: Column,
  size: number,
  ArrayType: { new (length: number): T },
): T {
  const chunks = vector.data;
  const first = chunks[0];
  if (chunks.length === 1 && first !== undefined && DataType.isFixedSizeList(first.type)) {
    const child = first.children[0]!;
    const values = child.values as NumericValues;
    if (values instanceof ArrayType) return values.subarray(0, first.length * size) as T;
  }
  const out = new ArrayType(vector.length * size);
  let start = 0;
  for (const data of chunks) {
    const values = data.children[0]!.values as NumericValues;
    const count = data.length * size;
    if (DataType.isList(data.type)) {
      // A variable-size list whose rows all hold `size` values (validated): copy row by row from its offsets.
      const offsets = data.valueOffsets as Int32Array;
      for (let r = 0; r < data.length; r += 1) {
        const from = offsets[r]!;
        for (let k = 0; k < size; k += 1) out[start + r * size + k] = Number(values[from + k] ?? 0);
      }
      start += count;
      continue;
    }
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      for (let i = 0; i < count; i += 1) out[start + i] = Number(values[i]!);
    } else {
      out.set(values.subarray(0, count), start);
    }
    start += count;
  }
  return out;
}

/** The flat values of a single-chunk float32 column (a view), or undefined when it needs converting. */
export function float32Chunk(vector: Column): Float32Array | undefined {
  const [first] = vector.data;
  if (vector.data.length !== 1 || first === undefined || first.nullCount > 0) return undefined;
  return first.values instanceof Float32Array ? first.values.subarray(0, first.length) : undefined;
}
