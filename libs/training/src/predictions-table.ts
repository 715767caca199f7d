import { InvalidInputError } from '@bcml/core';
import { type Table } from 'apache-arrow';

import { float32ListColumn, integerColumn, tableOf } from './arrow-columns.js';

/** The schema tag of a predictions table (schema metadata `bcml.schema`). */
export const PREDICTIONS_SCHEMA = 'bcml.predictions/1';

/** A predictions table's columns as typed arrays: one row per instance. */
export interface PredictionArrays {
  readonly ids: Uint32Array;
  /** True class indices. */
  readonly labels: Int32Array;
  /** Predicted class indices. */
  readonly predictions: Int32Array;
  /** `ids.length × numClasses` class probabilities, row-major. */
  readonly probabilities: Float32Array;
  readonly numClasses: number;
}

const EXPECTED = `a ${PREDICTIONS_SCHEMA} table (id: uint32, label: int32, prediction: int32, probabilities: FixedSizeList<float32>[C])`;

/**
 * The Arrow table of predictions `(id: uint32, label: int32, prediction: int32, probabilities:
 * FixedSizeList<float32>[C])`, all non-null, schema metadata `bcml.schema` = `bcml.predictions/1`: the artifact the
 * reduce step consumes.
 */
export function predictionsTable(arrays: PredictionArrays): Table {
  const { ids, labels, predictions, probabilities, numClasses } = arrays;
  const n = ids.length;
  if (labels.length !== n || predictions.length !== n || probabilities.length !== n * numClasses) {
    throw new InvalidInputError(
      'predictions',
      `${n} labels, predictions and ${n}×${numClasses} probabilities`,
      'other lengths',
    );
  }
  return tableOf(
    [
      { name: 'id', kind: 'uint32', values: ids },
      { name: 'label', kind: 'int32', values: labels },
      { name: 'prediction', kind: 'int32', values: predictions },
      { name: 'probabilities', kind: 'float32-list', values: probabilities, listSize: numClasses },
    ],
    n,
    new Map([['bcml.schema', PREDICTIONS_SCHEMA]]),
  );
}

/** A predictions table's columns as typed arrays, checked against the schema; `source` names it in errors. */
export function predictionArrays(table: Table, source = 'predictions'): PredictionArrays {
  const ids = integerColumn(table, 'id', Uint32Array, false);
  const labels = integerColumn(table, 'label', Int32Array, true);
  const predictions = integerColumn(table, 'prediction', Int32Array, true);
  const probabilities = float32ListColumn(table, 'probabilities');
  if (ids === undefined || labels === undefined || predictions === undefined || probabilities === undefined) {
    const columns = table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`).join(', ');
    throw new InvalidInputError(source, EXPECTED, `columns (${columns})`);
  }
  return { ids, labels, predictions, probabilities: probabilities.values, numClasses: probabilities.size };
}
