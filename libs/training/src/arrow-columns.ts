// Internal: Arrow columns over typed arrays (no per-value builders) and typed arrays back out of a table.
import {
  DataType,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  Precision,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Uint32,
  type Data,
} from 'apache-arrow';

/** One non-nullable column: its name and values (a flat row-major array for a fixed-size list of `listSize`). */
export type ColumnSpec =
  | { readonly name: string; readonly kind: 'uint32'; readonly values: Uint32Array }
  | { readonly name: string; readonly kind: 'int32'; readonly values: Int32Array }
  | { readonly name: string; readonly kind: 'float32-list'; readonly values: Float32Array; readonly listSize: number };

/** A one-batch table of non-nullable columns with schema metadata. */
export function tableOf(columns: readonly ColumnSpec[], length: number, metadata: ReadonlyMap<string, string>): Table {
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const column of columns) {
    switch (column.kind) {
      case 'uint32':
        fields.push(new Field(column.name, new Uint32(), false));
        children.push(makeData({ type: new Uint32(), length, nullCount: 0, data: column.values }));
        break;
      case 'int32':
        fields.push(new Field(column.name, new Int32(), false));
        children.push(makeData({ type: new Int32(), length, nullCount: 0, data: column.values }));
        break;
      case 'float32-list': {
        const type = new FixedSizeList(column.listSize, new Field('item', new Float32(), false));
        const child = makeData({
          type: new Float32(),
          length: column.values.length,
          nullCount: 0,
          data: column.values,
        });
        fields.push(new Field(column.name, type, false));
        children.push(makeData({ type, length, nullCount: 0, child }));
        break;
      }
    }
  }
  const schema = new Schema(fields, new Map(metadata));
  const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new Table(schema, new RecordBatch(schema, data));
}

/** A uint32 or int32 column's values as one array (copied across chunks), or `undefined` when missing or mistyped. */
export function integerColumn<A extends Uint32Array | Int32Array>(
  table: Table,
  name: string,
  make: new (length: number) => A,
  signed: boolean,
): A | undefined {
  const column = table.getChild(name);
  if (
    column === null ||
    !DataType.isInt(column.type) ||
    column.type.bitWidth !== 32 ||
    column.type.isSigned !== signed
  ) {
    return undefined;
  }
  if (column.nullCount > 0) return undefined;
  const out = new make(column.length);
  let offset = 0;
  for (const chunk of column.data) {
    out.set((chunk.values as A).subarray(0, chunk.length), offset);
    offset += chunk.length;
  }
  return out;
}

/** A `FixedSizeList<Float32>` column as one flat row-major array with its list size, or `undefined`. */
export function float32ListColumn(table: Table, name: string): { values: Float32Array; size: number } | undefined {
  const column = table.getChild(name);
  if (column === null || column.nullCount > 0) return undefined;
  const type: DataType = column.type as DataType;
  if (
    !DataType.isFixedSizeList(type) ||
    !DataType.isFloat(type.valueType) ||
    type.valueType.precision !== Precision.SINGLE
  ) {
    return undefined;
  }
  const size = type.listSize;
  const out = new Float32Array(column.length * size);
  let offset = 0;
  for (const chunk of column.data) {
    const child = chunk.children[0];
    if (child === undefined) return undefined;
    // Sliced Data in apache-arrow slices its value buffers too: row 0 of a chunk is at index 0.
    const values = (child.values as Float32Array).subarray(0, chunk.length * size);
    out.set(values, offset);
    offset += chunk.length * size;
  }
  return { values: out, size };
}
