import { InvalidInputError } from '@bcml/core';
import { makeVector, Schema, type Table, type Vector } from 'apache-arrow';

import { type Column } from './column-values.js';
import {
  dictionaryColumn,
  idColumn,
  imageColumn,
  labelColumn,
  tableOfColumns,
  vectorColumn,
  withSchema,
} from './arrow-columns.js';
import { DATASET_COLUMNS, type DatasetTask, METADATA_KEYS } from './dataset-convention.js';

/** The values of one column: an Arrow vector, a numeric typed array (no copy), or strings (dictionary-encoded). */
export type ColumnValues =
  | Vector
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | readonly (string | null)[];

/** What `createDatasetTable` builds a table from; exactly one feature form (`columns`, `features` or `image`). */
export interface DatasetTableSpec {
  /** Unique instance ids in [0, 2^32). */
  readonly ids: ArrayLike<number>;
  /** Class indices in [0, classes.length). */
  readonly labels: ArrayLike<number>;
  /** Class names, index = class. */
  readonly classes: readonly string[];
  /** Default: binary for 2 classes, else multiclass. */
  readonly task?: DatasetTask;
  /** Feature columns, in order (strings become categorical dictionary columns). */
  readonly columns?: Readonly<Record<string, ColumnValues>>;
  /** All features as one flat row-major float32 array of `size` values per row (the `features` column). */
  readonly features?: { readonly values: Float32Array; readonly size: number; readonly names?: readonly string[] };
  /** One image per row as flat row-major bytes, with the image shape [H, W, C] (the `image` column). */
  readonly image?: { readonly values: Uint8Array; readonly shape: readonly number[] };
  /** Display columns: kept with the data, not used as features. */
  readonly display?: Readonly<Record<string, ColumnValues>>;
  /** More schema metadata (`bcml.dataset`, `bcml.split`, ...). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Builds a table in the dataset convention (id, label, features, display columns, metadata) from plain arrays;
 * typed arrays become columns without copying. Run `validateDataset` on the result to check the values.
 */
export function createDatasetTable(spec: DatasetTableSpec): Table {
  const forms = [spec.columns, spec.features, spec.image].filter((form) => form !== undefined).length;
  if (forms !== 1) {
    throw new InvalidInputError('spec', 'exactly one of columns, features or image', `${forms} feature forms`);
  }
  const n = spec.ids.length;
  if (spec.labels.length !== n) {
    throw new InvalidInputError('labels.length', `${n} (the length of ids)`, spec.labels.length);
  }
  const columns: { name: string; vector: Column; metadata?: Map<string, string> }[] = [
    { name: DATASET_COLUMNS.id, vector: idColumn(spec.ids) },
    { name: DATASET_COLUMNS.label, vector: labelColumn(spec.labels) },
  ];
  const metadata = new Map<string, string>([
    [METADATA_KEYS.task, spec.task ?? (spec.classes.length === 2 ? 'binary' : 'multiclass')],
    [METADATA_KEYS.classes, JSON.stringify(spec.classes)],
  ]);
  if (spec.columns !== undefined) {
    for (const [name, values] of Object.entries(spec.columns))
      columns.push({ name, vector: toVector(name, values, n) });
    metadata.set(METADATA_KEYS.featureNames, JSON.stringify(Object.keys(spec.columns)));
  }
  if (spec.features !== undefined) {
    const { values, size, names } = spec.features;
    if (!Number.isInteger(size) || size < 1 || values.length !== n * size) {
      throw new InvalidInputError('features', `${n} rows of ${size} values`, `${values.length} values`);
    }
    columns.push({ name: DATASET_COLUMNS.features, vector: vectorColumn(values, size) });
    if (names !== undefined) metadata.set(METADATA_KEYS.featureNames, JSON.stringify(names));
  }
  if (spec.image !== undefined) {
    const { values, shape } = spec.image;
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== n * size) {
      throw new InvalidInputError('image.values', `${n} images of ${size} bytes`, `${values.length} bytes`);
    }
    columns.push({
      name: DATASET_COLUMNS.image,
      vector: imageColumn(values, size),
      metadata: new Map([[METADATA_KEYS.imageShape, JSON.stringify(shape)]]),
    });
  }
  for (const [name, values] of Object.entries(spec.display ?? {}))
    columns.push({ name, vector: toVector(name, values, n) });
  for (const [key, value] of Object.entries(spec.metadata ?? {})) metadata.set(key, value);
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) throw new InvalidInputError(`columns.${name}`, 'a unique column name', name);
    seen.add(name);
  }
  return tableOfColumns(columns, metadata);
}

/** A table with more (or replaced) schema metadata entries; the data is shared, not copied. */
export function withSchemaMetadata(table: Table, entries: Readonly<Record<string, string>>): Table {
  const metadata = new Map(table.schema.metadata);
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return withSchema(table, new Schema(table.schema.fields, metadata));
}

/** One column's values as a vector of `n` rows. */
function toVector(name: string, values: ColumnValues, n: number): Column {
  const vector = Array.isArray(values)
    ? dictionaryColumn(values as readonly (string | null)[])
    : ArrayBuffer.isView(values)
      ? (makeVector(values) as Column)
      : (values as Column);
  if (vector.length !== n)
    throw new InvalidInputError(`columns.${name}.length`, `${n} (the length of ids)`, vector.length);
  return vector;
}
