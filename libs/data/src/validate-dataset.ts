import { DataType, type Field, Precision, type Schema, type Table } from 'apache-arrow';

import {
  type Chunk,
  type Column,
  columnNumbers,
  columnStrings,
  fieldsOf,
  getColumn,
  isFeatureColumnType,
  isNumericType,
  isStringType,
  typeName,
} from './column-values.js';
import { type Dataset, type DatasetInfo, type FeatureLayout } from './dataset.js';
import { type DatasetColumnOptions } from './dataset-column-options.js';
import { DATASET_COLUMNS, type DatasetTask, METADATA_KEYS } from './dataset-convention.js';
import { type DatasetEncoding, parseEncoding } from './dataset-encoding.js';
import { DatasetError, type DatasetLocation } from './dataset-error.js';
import { foldImageShape } from './fold-image-shape.js';
import { pandasColumn, type PandasColumn } from './pandas-metadata.js';

/** Exclusive upper bound of ids: the metrics report id lists as `Uint32Array`s. */
const ID_LIMIT = 2 ** 32;

/** Options of `validateDataset`. */
export interface ValidateDatasetOptions extends DatasetColumnOptions {
  /** The name error messages give the file (default `dataset`). */
  readonly file?: string;
  /** Class names, overriding the `bcml.classes` metadata. */
  readonly classes?: readonly string[] | undefined;
  /** Added to row numbers in messages: the position of this table's first row in a larger file. */
  readonly rowOffset?: number;
}

/**
 * Checks that a table follows the dataset convention (README) and reads its ids and labels: a label column of
 * class indices in [0, C) or class names (a pandas categorical's in category order), unique integer ids in
 * [0, 2^32) (the row positions when there is no `id` column), finite feature values, images of the declared shape.
 * The first fault is a `DatasetError` naming the file, the column and the row (and the option that chose them).
 */
export function validateDataset(table: Table, options: ValidateDatasetOptions = {}): Dataset {
  return checkDataset(table, options, undefined);
}

/** `validateDataset`, also checking ids against those of earlier parts of a stream (`seenIds`: id → row). */
export function checkDataset(
  table: Table,
  options: ValidateDatasetOptions,
  seenIds: Map<number, number> | undefined,
): Dataset {
  const file = options.file ?? 'dataset';
  const rowOffset = options.rowOffset ?? 0;
  const { schema } = table;
  const names = new Set<string>();
  for (const field of fieldsOf(schema)) {
    if (names.has(field.name)) {
      throw new DatasetError({ file, column: field.name }, 'appears twice: column names must be unique');
    }
    names.add(field.name);
  }
  const label = options.label ?? DATASET_COLUMNS.label;
  const labelAt: LabelLocation = {
    file,
    column: label,
    option: options.label === undefined ? undefined : (options.optionNames?.label ?? 'label'),
  };
  const labelVector = getColumn(table, label);
  if (labelVector === null) {
    throw new DatasetError(
      labelAt,
      labelAt.option === undefined
        ? 'missing: a dataset needs a label column of class indices (or of class names listed in bcml.classes)'
        : `missing: the file has no such column (its columns: ${[...names].map((n) => JSON.stringify(n)).join(', ')})`,
    );
  }
  const idVector = getColumn(table, DATASET_COLUMNS.id);
  const metadata = schema.metadata;
  const declared = options.classes ?? parseStringList(metadata.get(METADATA_KEYS.classes), METADATA_KEYS.classes, file);
  if (declared !== undefined) checkClassNames(declared, file, options.classes !== undefined);
  const { labels, classes } = readLabels(labelVector, declared, labelAt, rowOffset, pandasColumn(metadata, label));
  const task = readTask(metadata.get(METADATA_KEYS.task), classes.length, file);
  const ids =
    idVector === null ? rowPositionIds(table.numRows, file, rowOffset) : readIds(idVector, file, rowOffset, seenIds);
  const read = readLayout(schema, file, label);
  const { featureNames } = read;
  const layout =
    options.imageShape === undefined
      ? read.layout
      : foldImageShape(read.layout, options.imageShape, {
          file,
          option: options.optionNames?.imageShape ?? 'imageShape',
          schema,
        });
  checkFeatureValues(table, layout, file, rowOffset);
  const encodingText = metadata.get(METADATA_KEYS.encoding);
  const encoding: DatasetEncoding | undefined =
    encodingText === undefined ? undefined : parseEncoding(encodingText, file);
  const featureColumns = new Set(layout.kind === 'columns' ? layout.columns : [layout.column]);
  const displayColumns = fieldsOf(schema)
    .map((field) => field.name)
    .filter((name) => name !== DATASET_COLUMNS.id && name !== label && !featureColumns.has(name));
  const info: DatasetInfo = {
    rows: table.numRows,
    task,
    classes,
    features: layout,
    featureNames,
    displayColumns,
    encoding,
    name: metadata.get(METADATA_KEYS.dataset),
    split: metadata.get(METADATA_KEYS.split),
    idSource: idVector === null ? 'row-position' : 'column',
  };
  return { file, table, info, ids, labels };
}

/** A JSON array of strings from a metadata value (undefined when absent); anything else is a `DatasetError`. */
function parseStringList(text: string | undefined, key: string, file: string): string[] | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw DatasetError.expected({ file }, `metadata "${key}" to be a JSON array of strings`, text);
  }
  return value;
}

/** At least two unique class names. */
function checkClassNames(classes: readonly string[], file: string, fromOption: boolean): void {
  const what = fromOption ? 'the classes option' : `metadata "${METADATA_KEYS.classes}"`;
  if (classes.length < 2) {
    throw new DatasetError({ file }, `invalid ${what}: expected at least 2 class names, received ${classes.length}`);
  }
  const seen = new Set<string>();
  for (const name of classes) {
    if (seen.has(name))
      throw new DatasetError({ file }, `invalid ${what}: class ${JSON.stringify(name)} appears twice`);
    seen.add(name);
  }
}

/** Where label errors point: the file, the label column, and the option that named it (if one did). */
type LabelLocation = DatasetLocation & { readonly column: string };

/**
 * The labels as class indices, and the class names: declared, else a pandas categorical's in dictionary (category)
 * order, else the sorted distinct names, or 0..max for indices.
 */
function readLabels(
  vector: Column,
  declared: readonly string[] | undefined,
  where: LabelLocation,
  rowOffset: number,
  pandas: PandasColumn | undefined,
): { labels: Int32Array; classes: readonly string[] } {
  const labels = new Int32Array(vector.length);
  if (isNumericType(vector.type) || DataType.isBool(vector.type)) {
    const { values, nulls } = columnNumbers(vector);
    const limit = declared?.length;
    const expected = limit === undefined ? 'a non-negative integer (a class index)' : `an integer in [0, ${limit})`;
    let max = -1;
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i]!;
      if (nulls?.[i] === 1) throw DatasetError.expected({ ...where, row: rowOffset + i }, expected, null);
      if (!Number.isInteger(value) || value < 0 || (limit !== undefined && value >= limit)) {
        throw DatasetError.expected({ ...where, row: rowOffset + i }, expected, value);
      }
      labels[i] = value;
      if (value > max) max = value;
    }
    if (declared !== undefined) return { labels, classes: declared };
    if (max < 1) {
      throw new DatasetError(where, `expected at least 2 classes, received ${max + 1} (declare them in bcml.classes)`);
    }
    return { labels, classes: Array.from({ length: max + 1 }, (_, k) => String(k)) };
  }
  if (isStringType(vector.type)) {
    const values = columnStrings(vector);
    const classes =
      declared ??
      pandasCategories(vector, where, pandas) ??
      [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (declared === undefined && classes.length < 2) {
      throw new DatasetError(
        where,
        `expected at least 2 classes, received ${classes.length} (declare them in bcml.classes)`,
      );
    }
    const index = new Map(classes.map((name, k) => [name, k]));
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i] ?? null;
      const k = value === null ? undefined : index.get(value);
      if (k === undefined) {
        throw DatasetError.expected(
          { ...where, row: rowOffset + i },
          `one of the classes ${listClasses(classes)}`,
          value,
        );
      }
      labels[i] = k;
    }
    return { labels, classes };
  }
  throw DatasetError.mismatch(
    where,
    'integer class indices or class names (strings)',
    `a column of type ${typeName(vector.type)}`,
  );
}

/**
 * The class names of a pandas categorical column (a dictionary column the schema's `pandas` metadata calls
 * `categorical`), in dictionary order, which is the category order; undefined for other columns (a dictionary
 * built by Arrow JS or pyarrow's `dictionary_encode` is in order of first appearance, which means nothing).
 */
function pandasCategories(
  vector: Column,
  where: LabelLocation,
  pandas: PandasColumn | undefined,
): string[] | undefined {
  if (!DataType.isDictionary(vector.type) || pandas?.pandasType !== 'categorical') return undefined;
  const dictionary = vector.data[0]?.dictionary;
  if (dictionary === undefined) return undefined;
  const classes = (dictionary.toArray() as (string | null)[]).filter((c): c is string => c !== null);
  const seen = new Set<string>();
  for (const name of classes) {
    if (seen.has(name)) {
      throw new DatasetError(
        where,
        `invalid categories: class ${JSON.stringify(name)} appears twice in the dictionary`,
      );
    }
    seen.add(name);
  }
  return classes;
}

/** Ids for a table without an `id` column: each row's position in the file (`rowOffset` + its row). */
function rowPositionIds(rows: number, file: string, rowOffset: number): Uint32Array {
  if (rowOffset + rows > ID_LIMIT) {
    throw new DatasetError(
      { file, column: DATASET_COLUMNS.id },
      `missing, and the file has more than ${ID_LIMIT} rows for row-position ids: add an id column`,
    );
  }
  const ids = new Uint32Array(rows);
  for (let i = 0; i < rows; i += 1) ids[i] = rowOffset + i;
  return ids;
}

/** `["<=50K", ">50K"]`, shortened after 10 names. */
function listClasses(classes: readonly string[]): string {
  const shown = classes.slice(0, 10).map((c) => JSON.stringify(c));
  return `[${shown.join(', ')}${classes.length > 10 ? `, … (${classes.length} classes)` : ''}]`;
}

/** The task from `bcml.task`, or binary for 2 classes and multiclass otherwise. */
function readTask(text: string | undefined, classCount: number, file: string): DatasetTask {
  if (text === undefined) return classCount === 2 ? 'binary' : 'multiclass';
  if (text !== 'binary' && text !== 'multiclass') {
    throw DatasetError.expected({ file }, `metadata "${METADATA_KEYS.task}" to be "binary" or "multiclass"`, text);
  }
  if (text === 'binary' && classCount !== 2) {
    throw new DatasetError(
      { file },
      `invalid metadata "${METADATA_KEYS.task}": "binary" needs 2 classes, the labels have ${classCount}`,
    );
  }
  return text;
}

/** The ids as a `Uint32Array`, checked to be unique integers in [0, 2^32). */
function readIds(
  vector: Column,
  file: string,
  rowOffset: number,
  seenIds: Map<number, number> | undefined,
): Uint32Array {
  const column = DATASET_COLUMNS.id;
  if (!isNumericType(vector.type)) {
    throw DatasetError.mismatch({ file, column }, 'an integer column', `a column of type ${typeName(vector.type)}`);
  }
  const { values, nulls } = columnNumbers(vector);
  const ids = new Uint32Array(values.length);
  const expected = `an integer in [0, ${ID_LIMIT})`;
  let max = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i]!;
    if (nulls?.[i] === 1) throw DatasetError.expected({ file, column, row: rowOffset + i }, expected, null);
    if (!Number.isInteger(value) || value < 0 || value >= ID_LIMIT) {
      throw DatasetError.expected({ file, column, row: rowOffset + i }, expected, value);
    }
    ids[i] = value;
    if (value > max) max = value;
  }
  const duplicate = (i: number, first: number): DatasetError =>
    DatasetError.expected(
      { file, column, row: rowOffset + i },
      `a unique id (${ids[i]} is already at row ${first})`,
      ids[i],
    );
  if (seenIds === undefined && max < 16 * ids.length + 1024) {
    // Dense ids (the usual 0..n−1): a first-row table instead of a hash map.
    const firstRow = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i]!;
      const first = firstRow[id]!;
      if (first >= 0) throw duplicate(i, rowOffset + first);
      firstRow[id] = i;
    }
    return ids;
  }
  const seen = seenIds ?? new Map<number, number>();
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i]!;
    const first = seen.get(id);
    if (first !== undefined) throw duplicate(i, first);
    seen.set(id, rowOffset + i);
  }
  return ids;
}

/** The feature layout the schema declares, and the names of the features. */
function readLayout(
  schema: Schema,
  file: string,
  label: string,
): { layout: FeatureLayout; featureNames: readonly string[] } {
  const declaredNames = parseStringList(
    schema.metadata.get(METADATA_KEYS.featureNames),
    METADATA_KEYS.featureNames,
    file,
  );
  const vectorField = fieldsOf(schema).find((field) => field.name === DATASET_COLUMNS.features);
  const imageField = findImageField(schema);
  if (vectorField !== undefined && imageField !== undefined) {
    throw new DatasetError(
      { file },
      `expected one feature form (feature columns, a "features" vector or an image column), received both "${vectorField.name}" and "${imageField.name}"`,
    );
  }
  if (vectorField !== undefined) {
    const { type } = vectorField;
    if (
      !DataType.isFixedSizeList(type) ||
      !DataType.isFloat(type.valueType) ||
      type.valueType.precision === Precision.HALF
    ) {
      throw DatasetError.mismatch(
        { file, column: vectorField.name },
        'FixedSizeList<Float32>[D] (or Float64)',
        `a column of type ${typeName(type)}`,
      );
    }
    const size = type.listSize;
    if (declaredNames !== undefined && declaredNames.length !== size) {
      throw new DatasetError(
        { file },
        `invalid metadata "${METADATA_KEYS.featureNames}": expected ${size} names (one per component of "${vectorField.name}"), received ${declaredNames.length}`,
      );
    }
    const featureNames = declaredNames ?? Array.from({ length: size }, (_, k) => `${vectorField.name}[${k}]`);
    return { layout: { kind: 'vector', column: vectorField.name, size }, featureNames };
  }
  if (imageField !== undefined) {
    return {
      layout: { kind: 'image', column: imageField.name, shape: imageShape(imageField, schema, file) },
      featureNames: [],
    };
  }
  const columns =
    declaredNames ??
    fieldsOf(schema)
      .filter((f) => f.name !== DATASET_COLUMNS.id && f.name !== label)
      .filter((f) => isNumericType(f.type) || DataType.isBool(f.type))
      .map((f) => f.name);
  if (columns.length === 0) {
    throw new DatasetError(
      { file },
      'expected features: numeric columns, columns listed in bcml.feature_names, a "features" vector or an image column; received none',
    );
  }
  for (const name of columns) {
    const field = fieldsOf(schema).find((f) => f.name === name);
    if (field === undefined) {
      throw new DatasetError({ file, column: name }, `missing (listed in metadata "${METADATA_KEYS.featureNames}")`);
    }
    if (name === DATASET_COLUMNS.id || name === label || !isFeatureColumnType(field.type)) {
      throw DatasetError.mismatch(
        { file, column: name },
        'a numeric, boolean or string feature column',
        name === DATASET_COLUMNS.id || name === label
          ? `the ${name === label ? 'label' : 'id'} column`
          : `a column of type ${typeName(field.type)}`,
      );
    }
  }
  return { layout: { kind: 'columns', columns }, featureNames: columns };
}

/** The image column: the field carrying `bcml.image_shape`, or `image` when the schema carries it. */
function findImageField(schema: Schema): Field<DataType> | undefined {
  const tagged = fieldsOf(schema).find((field) => field.metadata.has(METADATA_KEYS.imageShape));
  if (tagged !== undefined) return tagged;
  const named = fieldsOf(schema).find((field) => field.name === DATASET_COLUMNS.image);
  if (named === undefined) return undefined;
  if (schema.metadata.has(METADATA_KEYS.imageShape)) return named;
  const { type } = named;
  return (DataType.isFixedSizeList(type) || DataType.isList(type)) && DataType.isInt(type.valueType)
    ? named
    : undefined;
}

/** The image shape `[H, W, C]` from field or schema metadata, checked against the column type. */
function imageShape(field: Field<DataType>, schema: Schema, file: string): number[] {
  const column = field.name;
  const text = field.metadata.get(METADATA_KEYS.imageShape) ?? schema.metadata.get(METADATA_KEYS.imageShape);
  if (text === undefined) {
    throw new DatasetError(
      { file, column },
      `missing metadata "${METADATA_KEYS.imageShape}": an image column needs its shape, such as [28, 28, 1]`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (
    !Array.isArray(value) ||
    (value.length !== 2 && value.length !== 3) ||
    !value.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)
  ) {
    throw DatasetError.expected(
      { file, column },
      `metadata "${METADATA_KEYS.imageShape}" to be [H, W] or [H, W, C] (positive integers)`,
      text,
    );
  }
  const shape = value.length === 2 ? [...(value as number[]), 1] : (value as number[]);
  const size = shape.reduce((a, b) => a * b, 1);
  const { type } = field;
  const bytes =
    (DataType.isFixedSizeList(type) && type.listSize === size) || DataType.isList(type)
      ? DataType.isInt(type.valueType) && type.valueType.bitWidth === 8 && !type.valueType.isSigned
      : false;
  if (!bytes) {
    throw DatasetError.mismatch(
      { file, column },
      `FixedSizeList<Uint8>[${size}] (bcml.image_shape ${JSON.stringify(shape)})`,
      `a column of type ${typeName(type)}`,
    );
  }
  return shape;
}

/** Feature values: finite numbers, no null vectors, and images of the declared size (no ragged rows). */
function checkFeatureValues(table: Table, layout: FeatureLayout, file: string, rowOffset: number): void {
  if (layout.kind === 'columns') {
    for (const column of layout.columns) {
      const vector = getColumn(table, column)!;
      if (!DataType.isFloat(vector.type)) continue;
      let start = 0;
      for (const data of vector.data) {
        const values = data.values as Float32Array | Float64Array;
        for (let i = 0; i < data.length; i += 1) {
          const value = values[i]!;
          if (!Number.isFinite(value) && (data.nullCount === 0 || data.getValid(i))) {
            throw DatasetError.expected({ file, column, row: rowOffset + start + i }, 'a finite number', value);
          }
        }
        start += data.length;
      }
    }
    return;
  }
  const vector = getColumn(table, layout.column)!;
  const size = layout.kind === 'vector' ? layout.size : layout.shape.reduce((a, b) => a * b, 1);
  const expected =
    layout.kind === 'vector'
      ? `a vector of ${size} finite numbers`
      : `an image of ${size} bytes (${layout.shape.join('×')})`;
  let start = 0;
  for (const data of vector.data) {
    checkListChunk(data, size, expected, layout.kind === 'vector', {
      file,
      column: layout.column,
      start: rowOffset + start,
    });
    start += data.length;
  }
}

/** One chunk of a vector or image column: no null rows, `size` values per row, finite values for vectors. */
function checkListChunk(
  data: Chunk,
  size: number,
  expected: string,
  finite: boolean,
  where: { file: string; column: string; start: number },
): void {
  const { file, column, start } = where;
  if (data.nullCount > 0) {
    for (let r = 0; r < data.length; r += 1) {
      if (!data.getValid(r)) throw DatasetError.expected({ file, column, row: start + r }, expected, null);
    }
  }
  if (DataType.isList(data.type)) {
    const offsets = data.valueOffsets as Int32Array;
    for (let r = 0; r < data.length; r += 1) {
      const length = offsets[r + 1]! - offsets[r]!;
      if (length !== size) {
        throw new DatasetError({ file, column, row: start + r }, `expected ${expected}, received ${length} bytes`, {
          expected,
          received: `${length} bytes`,
        });
      }
    }
  }
  if (!finite) return;
  const values = data.children[0]!.values as Float32Array | Float64Array;
  const count = data.length * size;
  for (let k = 0; k < count; k += 1) {
    const value = values[k]!;
    if (!Number.isFinite(value)) {
      throw DatasetError.expected({ file, column, row: start + Math.floor(k / size) }, 'a finite number', value);
    }
  }
}
