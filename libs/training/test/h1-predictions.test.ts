import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { dataFromArrays, h1OutputsFromPredictions, readH1Predictions, withRows } from '@bcml/training';
import {
  Field,
  FixedSizeList,
  Float32,
  makeData,
  makeVector,
  tableFromArrays,
  tableToIPC,
  Table,
  vectorFromArray,
} from 'apache-arrow';

/** Four instances (ids 10..13) of a 3-class task. */
const data = dataFromArrays({
  ids: Uint32Array.from([10, 11, 12, 13]),
  x: new Float32Array(4),
  y: Int32Array.from([0, 1, 2, 1]),
  shape: [1],
  numClasses: 3,
});
const probabilities = [
  [0.7, 0.2, 0.1],
  [0.1, 0.8, 0.1],
  [0.2, 0.2, 0.6],
  [0.25, 0.5, 0.25],
];
const logitOptions = { outputs: 'logits', field: 'h1.predictions', file: 'test.arrow' } as const;
const probabilityOptions = { ...logitOptions, outputs: 'probabilities' } as const;

/** A table of per-class columns `p0..p2` (and `id` when given) from rows of values. */
function classColumns(rows: number[][], ids?: number[]): Table {
  const columns: Record<string, Float64Array | Int32Array> = {};
  if (ids !== undefined) columns['id'] = Int32Array.from(ids);
  rows[0]!.forEach((_, k) => (columns[`p${k}`] = Float64Array.from(rows.map((r) => r[k]!))));
  return tableFromArrays(columns);
}

/** A table with `id` and one `FixedSizeList<float32>` column `logits`. */
function listColumn(rows: number[][], ids: number[]): Table {
  const size = rows[0]!.length;
  const type = new FixedSizeList(size, new Field('item', new Float32(), false));
  const child = makeData({ type: new Float32(), length: rows.length * size, data: Float32Array.from(rows.flat()) });
  const logits = makeData({ type, length: rows.length, nullCount: 0, child });
  return new Table({ id: vectorFromArray(Int32Array.from(ids)), logits: makeVector(logits) });
}

function errorOf(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('h1OutputsFromPredictions', () => {
  it('turns probabilities into logits log p, keyed by id in any order (softmax gives p back)', () => {
    const order = [2, 0, 3, 1];
    const table = classColumns(
      order.map((i) => probabilities[i]!),
      order.map((i) => 10 + i),
    );
    const outputs = h1OutputsFromPredictions(table, data, probabilityOptions);
    expect([...outputs.ids]).toEqual([10, 11, 12, 13]);
    expect(outputs.width).toBe(3);
    const row = new Float32Array(3);
    outputs.gather([12], row);
    row.forEach((z, k) => expect(Math.exp(z)).toBeCloseTo(probabilities[2]![k]!, 6));
    expect([...outputs.predictions([10, 11, 12, 13])]).toEqual([0, 1, 2, 1]);
  });

  it('reads logits in a FixedSizeList column and covers only the rows the data selects', () => {
    const logits = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [-1, -2, -3],
    ];
    const outputs = h1OutputsFromPredictions(
      listColumn(logits, [10, 11, 12, 13]),
      withRows(data, [3, 1]),
      logitOptions,
    );
    expect([...outputs.ids]).toEqual([13, 11]);
    expect([...outputs.logits]).toEqual([-1, -2, -3, 4, 5, 6]);
  });

  it('keys rows by position when there is no id column', () => {
    const outputs = h1OutputsFromPredictions(classColumns(probabilities), data, probabilityOptions);
    expect([...outputs.ids]).toEqual([10, 11, 12, 13]);
    expect(outputs.logits[0]).toBeCloseTo(Math.log(0.7), 6);
  });

  it('clamps a probability of 0 at 1e-12 (a finite logit)', () => {
    const rows = probabilities.map((r, i) => (i === 0 ? [1, 0, 0] : r));
    const outputs = h1OutputsFromPredictions(classColumns(rows), data, probabilityOptions);
    expect(outputs.logits[1]).toBeCloseTo(Math.log(1e-12), 4);
  });

  it('takes one probability per row for a binary task as the binary head logit log(p / (1 − p))', () => {
    const binary = dataFromArrays({
      ids: Uint32Array.from([0, 1]),
      x: new Float32Array(2),
      y: Int32Array.from([1, 0]),
      shape: [1],
      numClasses: 2,
    });
    const outputs = h1OutputsFromPredictions(
      tableFromArrays({ p: Float64Array.from([0.8, 0.25]) }),
      binary,
      probabilityOptions,
    );
    expect(outputs.width).toBe(1);
    expect(outputs.logits[0]).toBeCloseTo(Math.log(4), 5);
    expect(outputs.logits[1]).toBeCloseTo(Math.log(1 / 3), 5);
  });

  it.each([
    [
      'probabilities not summing to 1',
      () =>
        h1OutputsFromPredictions(
          classColumns(probabilities.map((r, i) => (i === 2 ? [0.2, 0.13, 0.6] : r))),
          data,
          probabilityOptions,
        ),
      'invalid h1.predictions (test.arrow row 2): expected probabilities summing to 1 ± 0.0001, received 0.93',
    ],
    [
      'a probability above 1',
      () =>
        h1OutputsFromPredictions(
          classColumns(probabilities.map((r, i) => (i === 1 ? [1.5, -0.5, 0] : r))),
          data,
          probabilityOptions,
        ),
      'invalid h1.predictions (test.arrow row 1): expected probabilities in [0, 1], received 1.5',
    ],
    [
      'a NaN logit',
      () =>
        h1OutputsFromPredictions(
          classColumns([
            [0, 0, 0],
            [1, Number.NaN, 0],
            [0, 0, 0],
            [0, 0, 0],
          ]),
          data,
          logitOptions,
        ),
      'invalid h1.predictions (test.arrow row 1): expected finite logits, received NaN',
    ],
    [
      'an infinite logit',
      () =>
        h1OutputsFromPredictions(
          classColumns([
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
            [0, Infinity, 0],
          ]),
          data,
          logitOptions,
        ),
      'invalid h1.predictions (test.arrow row 3): expected finite logits, received Infinity',
    ],
    [
      'the wrong width',
      () => h1OutputsFromPredictions(classColumns(probabilities.map((r) => r.slice(0, 2))), data, logitOptions),
      'invalid h1.predictions (test.arrow): expected 3 value columns (one per class), received "2 (p0, p1)"',
    ],
    [
      'a missing id',
      () => h1OutputsFromPredictions(classColumns(probabilities.slice(0, 3), [10, 11, 12]), data, probabilityOptions),
      'invalid h1.predictions (test.arrow): expected a row for every instance of the split (id 13 has none), received "3 rows"',
    ],
    [
      'an id outside the split',
      () => h1OutputsFromPredictions(classColumns(probabilities, [10, 11, 99, 13]), data, probabilityOptions),
      'invalid h1.predictions (test.arrow row 2).id: expected an instance id of the split, received 99',
    ],
    [
      'a repeated id',
      () => h1OutputsFromPredictions(classColumns(probabilities, [10, 11, 10, 13]), data, probabilityOptions),
      'invalid h1.predictions (test.arrow row 2).id: expected an id not already at row 0, received 10',
    ],
    [
      'too few rows without ids',
      () => h1OutputsFromPredictions(classColumns(probabilities.slice(1)), data, probabilityOptions),
      'invalid h1.predictions (test.arrow): expected one row per instance of the split in its row order (4 rows; or an "id" column), received "3 rows"',
    ],
    [
      'a text column',
      () =>
        h1OutputsFromPredictions(
          tableFromArrays({ p0: Float64Array.from([1, 0, 0, 0]), label: ['a', 'b', 'c', 'd'] }),
          data,
          logitOptions,
        ),
      'invalid h1.predictions (test.arrow, column label): expected numeric value columns (one per class) or one FixedSizeList<float> column, besides "id", received "Dictionary<Int32, Utf8>"',
    ],
    [
      'bytes that are not Arrow',
      () => readH1Predictions(new TextEncoder().encode('id,p0\n1,0.5\n'), data, probabilityOptions),
      'invalid h1.predictions (test.arrow): expected an Arrow IPC or Feather V2 file',
    ],
  ])('rejects %s, naming the field, file and row', (_, run, message) => {
    expect(errorOf(run).message).toContain(message);
  });

  it('reads Arrow IPC bytes', () => {
    const bytes = tableToIPC(classColumns(probabilities, [10, 11, 12, 13]), 'file');
    expect(readH1Predictions(bytes, data, probabilityOptions).size).toBe(4);
  });
});
