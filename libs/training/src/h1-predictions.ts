import { BcmlError, InvalidInputError, type H1PredictionValues } from '@bcml/core';
import { tableFromBytes } from '@bcml/data';
import { DataType, type Table, type Vector } from 'apache-arrow';

import { H1Outputs } from './h1-outputs.js';
import { checkH1Values, h1Logit } from './h1-values.js';
import { dataRows, type LabelledData } from './labelled-data.js';

/** The optional column of a predictions file that keys each row by instance id. */
export const PREDICTIONS_ID_COLUMN = 'id';

/** Options of `h1OutputsFromPredictions`. */
export interface H1PredictionsOptions {
  /** Whether the value columns hold logits or probabilities. */
  readonly outputs: H1PredictionValues;
  /** The spec field named in errors (`h1.predictions`). */
  readonly field: string;
  /** The file's name in errors (`test.arrow`). */
  readonly file: string;
}

/**
 * h1's outputs on `data` from a predictions table, in the data's row order, checked before any training: rows keyed
 * by an integer `id` column (every id of the split present, no other, none twice) or, without one, one row per
 * instance in the split's row order; values in C numeric columns or one `FixedSizeList<float>[C]` column (1 value,
 * the positive class, also fits a binary task); logits finite, probabilities in [0, 1] summing to 1 ± 1e-4 (per row
 * of C). Probabilities become logits as log max(p, 1e-12) (softmax of them is p), or for 1 value as
 * log p − log(1 − p). Each error is an `InvalidInputError` naming the field, the file and the row (counted from 0),
 * e.g. `invalid h1.predictions (test.arrow row 17): expected probabilities summing to 1 ± 0.0001, received 0.93`.
 */
export function h1OutputsFromPredictions(table: Table, data: LabelledData, options: H1PredictionsOptions): H1Outputs {
  const { field, file, outputs } = options;
  const where = (detail = ''): string => `${field} (${file}${detail})`;
  const at = (row: number): string => where(` row ${row}`);
  const numClasses = data.numClasses;
  const { values, width, names } = valueColumns(table, where);
  if (width !== numClasses && !(width === 1 && numClasses === 2)) {
    throw new InvalidInputError(
      where(),
      `${numClasses} value columns (one per class${numClasses === 2 ? ', or 1 for the positive class' : ''})`,
      `${width} (${names.join(', ')})`,
    );
  }
  const n = table.numRows;
  for (let row = 0; row < n; row += 1) checkH1Values(values, row, width, outputs, at(row));

  const { examples } = data;
  const rows = dataRows(data);
  const tableRowOf = tableRows(table, data, where, at);
  const logits = new Float32Array(rows.length * width);
  const ids = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const position = rows[i]!;
    const id = examples.ids[position]!;
    ids[i] = id;
    const row = tableRowOf(id, position);
    for (let k = 0; k < width; k += 1) logits[i * width + k] = h1Logit(values, row, width, k, outputs);
  }
  return new H1Outputs(ids, logits, width);
}

/** `h1OutputsFromPredictions` of a file's bytes (Arrow IPC file or stream, Feather V2); unreadable bytes name the field. */
export function readH1Predictions(bytes: Uint8Array, data: LabelledData, options: H1PredictionsOptions): H1Outputs {
  let table: Table;
  try {
    table = tableFromBytes(bytes, options.file);
  } catch (error) {
    if (error instanceof BcmlError && !error.retryable) {
      throw new InvalidInputError(
        `${options.field} (${options.file})`,
        'an Arrow IPC or Feather V2 file',
        error.message,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  return h1OutputsFromPredictions(table, data, options);
}

/** The value columns as one row-major float64 array: one fixed-size list column, or every column but `id`. */
function valueColumns(
  table: Table,
  where: (detail?: string) => string,
): { values: Float64Array; width: number; names: string[] } {
  const fields = table.schema.fields.filter((f) => f.name !== PREDICTIONS_ID_COLUMN);
  const names = fields.map((f) => f.name);
  const n = table.numRows;
  const describe = (): string => table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`).join(', ');
  const expected = 'numeric value columns (one per class) or one FixedSizeList<float> column, besides "id"';
  if (fields.length === 0) throw new InvalidInputError(where(), expected, `columns (${describe()})`);
  const [only] = fields;
  if (fields.length === 1 && only !== undefined && DataType.isFixedSizeList(only.type)) {
    const type = only.type;
    if (!DataType.isFloat(type.valueType) && !DataType.isInt(type.valueType)) {
      throw new InvalidInputError(where(), expected, `columns (${describe()})`);
    }
    const width = type.listSize;
    const column = table.getChild(only.name)!;
    const values = new Float64Array(n * width);
    for (let row = 0; row < n; row += 1) {
      const list = column.get(row) as Vector | null;
      if (list === null || list.length !== width) {
        throw new InvalidInputError(where(` row ${row}`), `${width} values`, 'null');
      }
      for (let k = 0; k < width; k += 1) values[row * width + k] = numberOf(list.get(k));
    }
    return { values, width, names: [`${only.name}[${width}]`] };
  }
  const width = fields.length;
  const values = new Float64Array(n * width);
  fields.forEach((f, k) => {
    if (!DataType.isFloat(f.type) && !DataType.isInt(f.type)) {
      throw new InvalidInputError(where(`, column ${f.name}`), expected, String(f.type));
    }
    const column = table.getChild(f.name)!;
    for (let row = 0; row < n; row += 1) values[row * width + k] = numberOf(column.get(row));
  });
  return { values, width, names };
}

/** A cell as a number; a null is NaN (rejected as not finite). */
function numberOf(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

/**
 * The table row of each instance (`id`, `position` in the examples): by the `id` column, else by position, with the
 * ids checked (integers, none twice, all of the split) and, without ids, the row count.
 */
function tableRows(
  table: Table,
  data: LabelledData,
  where: (detail?: string) => string,
  at: (row: number) => string,
): (id: number, position: number) => number {
  const { examples } = data;
  const idColumn = table.getChild(PREDICTIONS_ID_COLUMN);
  if (idColumn === null) {
    if (table.numRows !== examples.size) {
      throw new InvalidInputError(
        where(),
        `one row per instance of the split in its row order (${examples.size} rows; or an "id" column)`,
        `${table.numRows} rows`,
      );
    }
    return (_id, position) => position;
  }
  if (!DataType.isInt(idColumn.type) && !DataType.isFloat(idColumn.type)) {
    throw new InvalidInputError(where(', column id'), 'integer instance ids', String(idColumn.type));
  }
  const splitIds = new Set<number>();
  for (let i = 0; i < examples.size; i += 1) splitIds.add(examples.ids[i]!);
  const rowOf = new Map<number, number>();
  for (let row = 0; row < table.numRows; row += 1) {
    const id = numberOf(idColumn.get(row));
    if (!Number.isInteger(id)) throw new InvalidInputError(`${at(row)}.id`, 'an integer instance id', id);
    if (!splitIds.has(id)) throw new InvalidInputError(`${at(row)}.id`, 'an instance id of the split', id);
    const first = rowOf.get(id);
    if (first !== undefined) {
      throw new InvalidInputError(`${at(row)}.id`, `an id not already at row ${first}`, id);
    }
    rowOf.set(id, row);
  }
  const rows = dataRows(data);
  for (let i = 0; i < rows.length; i += 1) {
    const id = examples.ids[rows[i]!]!;
    if (!rowOf.has(id)) {
      throw new InvalidInputError(
        where(),
        `a row for every instance of the split (id ${id} has none)`,
        `${rowOf.size} rows`,
      );
    }
  }
  return (id) => rowOf.get(id)!;
}
