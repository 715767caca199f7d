import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BcmlError, InvalidInputError } from '@bcml/core';
import {
  batches,
  createDatasetTable,
  csvToDataset,
  datasetExamples,
  DatasetError,
  datasetFromIPC,
  datasetToIPC,
  fitEncoding,
  groupSplitByColumn,
  idxToDataset,
  parseIdx,
  readDataset,
  streamDataset,
  takeRows,
  trainTestSplit,
  validateDataset,
  withSchemaMetadata,
} from '@bcml/data';
import {
  Field,
  FixedSizeList,
  List,
  makeData,
  makeVector,
  RecordBatch,
  Table,
  tableFromArrays,
  Uint8,
} from 'apache-arrow';

import { tabularDataset } from './fixtures.js';
import { type LocalServer, startServer } from './http-server.js';

/** The error `run` throws, checked to be a `DatasetError` (a `BcmlError`). */
function failure(run: () => unknown): DatasetError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toBeInstanceOf(BcmlError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

/** The error a promise rejects with, checked to be a `DatasetError`. */
async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

/** A table of ids, labels and one float feature. */
function table(ids: ArrayLike<number>, labels: ArrayLike<number>, x?: Float32Array): Table {
  return tableFromArrays({
    id: Float64Array.from(ids),
    label: Float64Array.from(labels),
    x: x ?? new Float32Array(ids.length),
  });
}

/** An image column of variable-size rows (List<Uint8>), as pandas writes a column of numpy arrays. */
function listImages(rows: readonly number[]): Table {
  const total = rows.reduce((a, b) => a + b, 0);
  const offsets = Int32Array.from([0, ...rows.map((_, k) => rows.slice(0, k + 1).reduce((a, b) => a + b, 0))]);
  const child = makeData({ type: new Uint8(), length: total, data: new Uint8Array(total) });
  const image = makeVector(
    makeData({ type: new List(new Field('item', new Uint8())), length: rows.length, valueOffsets: offsets, child }),
  );
  const base = tableFromArrays({
    id: Int32Array.from(rows, (_, i) => i),
    label: Int32Array.from(rows, (_, i) => i % 2),
  });
  const data = new Table({ id: base.getChild('id')!, label: base.getChild('label')!, image });
  return withSchemaMetadata(data, { 'bcml.image_shape': '[2, 3]', 'bcml.classes': '["a","b"]' });
}

describe('dataset errors name the file, the column and the row', () => {
  it('a missing label column', () => {
    const error = failure(() =>
      validateDataset(tableFromArrays({ id: Int32Array.of(1), x: Float32Array.of(1) }), { file: 'bad.arrow' }),
    );
    expect(error.message).toBe(
      'bad.arrow: column "label": missing: a dataset needs a label column of class indices (or of class names listed in bcml.classes)',
    );
    expect(error).toMatchObject({ file: 'bad.arrow', column: 'label', row: undefined, retryable: false });
  });

  it('a missing id column is no error: the ids are the row positions', () => {
    const dataset = validateDataset(tableFromArrays({ label: Int32Array.of(1, 0, 1), x: Float32Array.of(1, 2, 3) }));
    expect(Array.from(dataset.ids)).toEqual([0, 1, 2]);
    expect(dataset.info.idSource).toBe('row-position');
    expect(validateDataset(table([4, 9], [0, 1])).info.idSource).toBe('column');
  });

  it('non-integer, out-of-range, null and unknown labels', () => {
    const classes = ['no', 'yes'];
    expect(failure(() => validateDataset(table([0, 1, 2], [0, 1.5, 1]), { file: 'a.arrow', classes })).message).toBe(
      'a.arrow: column "label", row 1: expected an integer in [0, 2), received 1.5',
    );
    const outOfRange = failure(() => validateDataset(table([0, 1, 2], [0, 1, 3]), { file: 'adult.test', classes }));
    expect(outOfRange.message).toBe('adult.test: column "label", row 2: expected an integer in [0, 2), received 3');
    expect(outOfRange).toMatchObject({ column: 'label', row: 2, expected: 'an integer in [0, 2)', received: '3' });
    expect(failure(() => validateDataset(table([0, 1], [0, -1]))).message).toBe(
      'dataset: column "label", row 1: expected a non-negative integer (a class index), received -1',
    );
    const nullLabel = tableFromArrays({ id: Int32Array.of(0, 1), label: [1, null], x: Float32Array.of(0, 0) });
    expect(failure(() => validateDataset(nullLabel, { classes })).message).toBe(
      'dataset: column "label", row 1: expected an integer in [0, 2), received null',
    );
    const strings = tableFromArrays({ id: Int32Array.of(0, 1), label: ['yes', 'maybe'], x: Float32Array.of(0, 0) });
    expect(failure(() => validateDataset(strings, { classes })).message).toBe(
      'dataset: column "label", row 1: expected one of the classes ["no", "yes"], received "maybe"',
    );
    expect(failure(() => validateDataset(table([0, 1], [0, 0]))).message).toBe(
      'dataset: column "label": expected at least 2 classes, received 1 (declare them in bcml.classes)',
    );
    const listLabel = new Table({ id: makeVector(Int32Array.of(0)), label: listImages([6]).getChild('image')! });
    expect(failure(() => validateDataset(listLabel)).message).toBe(
      'dataset: column "label": expected integer class indices or class names (strings), received a column of type List<Uint8>',
    );
  });

  it('duplicate, negative and non-integer ids', () => {
    const duplicate = failure(() => validateDataset(table([5, 7, 9, 7], [0, 1, 0, 1]), { file: 'ids.arrow' }));
    expect(duplicate.message).toBe(
      'ids.arrow: column "id", row 3: expected a unique id (7 is already at row 1), received 7',
    );
    const sparse = failure(() => validateDataset(table([4e9, 1, 4e9], [0, 1, 0])));
    expect(sparse.message).toBe(
      'dataset: column "id", row 2: expected a unique id (4000000000 is already at row 0), received 4000000000',
    );
    expect(failure(() => validateDataset(table([0, -3], [0, 1]))).message).toBe(
      'dataset: column "id", row 1: expected an integer in [0, 4294967296), received -3',
    );
    expect(failure(() => validateDataset(table([0, 2.5], [0, 1]))).message).toBe(
      'dataset: column "id", row 1: expected an integer in [0, 4294967296), received 2.5',
    );
  });

  it('NaN and infinite features', () => {
    expect(
      failure(() =>
        validateDataset(table([0, 1, 2], [0, 1, 0], Float32Array.of(1, 2, Number.NaN)), { file: 'f.arrow' }),
      ).message,
    ).toBe('f.arrow: column "x", row 2: expected a finite number, received NaN');
    const values = Float32Array.of(0, 0, 0, 0, 0, Number.POSITIVE_INFINITY);
    const vectors = createDatasetTable({
      ids: [0, 1, 2],
      labels: [0, 1, 0],
      classes: ['a', 'b'],
      features: { values, size: 2 },
    });
    expect(failure(() => validateDataset(vectors, { file: 'v.arrow' })).message).toBe(
      'v.arrow: column "features", row 2: expected a finite number, received Infinity',
    );
  });

  it('ragged, mis-shaped and null images', () => {
    expect(validateDataset(listImages([6, 6])).info.features).toEqual({
      kind: 'image',
      column: 'image',
      shape: [2, 3, 1],
    });
    const ragged = failure(() => validateDataset(listImages([6, 6, 5]), { file: 'img.arrow' }));
    expect(ragged.message).toBe(
      'img.arrow: column "image", row 2: expected an image of 6 bytes (2×3×1), received 5 bytes',
    );
    expect(ragged).toMatchObject({ column: 'image', row: 2 });
    const wrongSize = withSchemaMetadata(
      createDatasetTable({
        ids: [0, 1],
        labels: [0, 1],
        classes: ['a', 'b'],
        image: { values: new Uint8Array(8), shape: [2, 2] },
      }),
      { 'bcml.image_shape': '[3, 3]' },
    );
    // The field metadata ([2, 2]) wins over the schema's; a wrong field shape is caught:
    expect(validateDataset(wrongSize).info.features).toMatchObject({ shape: [2, 2, 1] });
    const child = makeData({ type: new Uint8(), length: 8, data: new Uint8Array(8) });
    const image = makeVector(
      makeData({ type: new FixedSizeList(4, new Field('item', new Uint8())), length: 2, child }),
    );
    const mismatch = withSchemaMetadata(
      new Table({ id: makeVector(Int32Array.of(0, 1)), label: makeVector(Int32Array.of(0, 1)), image }),
      { 'bcml.image_shape': '[28, 28]' },
    );
    expect(failure(() => validateDataset(mismatch, { file: 'm.arrow' })).message).toBe(
      'm.arrow: column "image": expected FixedSizeList<Uint8>[784] (bcml.image_shape [28,28,1]), received a column of type FixedSizeList[4]<Uint8>',
    );
    const noShape = new Table({ id: makeVector(Int32Array.of(0, 1)), label: makeVector(Int32Array.of(0, 1)), image });
    expect(failure(() => validateDataset(noShape)).message).toBe(
      'dataset: column "image": missing metadata "bcml.image_shape": an image column needs its shape, such as [28, 28, 1]',
    );
    const withNull = makeVector(
      makeData({
        type: new FixedSizeList(4, new Field('item', new Uint8())),
        length: 2,
        nullCount: 1,
        nullBitmap: Uint8Array.of(0b01),
        child,
      }),
    );
    const nullImage = withSchemaMetadata(
      new Table({ id: makeVector(Int32Array.of(0, 1)), label: makeVector(Int32Array.of(0, 1)), image: withNull }),
      { 'bcml.image_shape': '[2, 2]' },
    );
    expect(failure(() => validateDataset(nullImage)).message).toBe(
      'dataset: column "image", row 1: expected an image of 4 bytes (2×2×1), received null',
    );
  });

  it('bad metadata and feature declarations', () => {
    const base = table([0, 1, 2], [0, 1, 2]);
    expect(failure(() => validateDataset(withSchemaMetadata(base, { 'bcml.task': 'regression' }))).message).toBe(
      'dataset: expected metadata "bcml.task" to be "binary" or "multiclass", received "regression"',
    );
    expect(failure(() => validateDataset(withSchemaMetadata(base, { 'bcml.task': 'binary' }))).message).toBe(
      'dataset: invalid metadata "bcml.task": "binary" needs 2 classes, the labels have 3',
    );
    expect(failure(() => validateDataset(withSchemaMetadata(base, { 'bcml.classes': 'a,b,c' }))).message).toBe(
      'dataset: expected metadata "bcml.classes" to be a JSON array of strings, received "a,b,c"',
    );
    expect(failure(() => validateDataset(withSchemaMetadata(base, { 'bcml.classes': '["a","b","a"]' }))).message).toBe(
      'dataset: invalid metadata "bcml.classes": class "a" appears twice',
    );
    expect(
      failure(() => validateDataset(withSchemaMetadata(base, { 'bcml.feature_names': '["x","y"]' }))).message,
    ).toBe('dataset: column "y": missing (listed in metadata "bcml.feature_names")');
    expect(failure(() => validateDataset(withSchemaMetadata(base, { 'bcml.encoding': '{"version":2}' }))).message).toBe(
      'dataset: invalid metadata "bcml.encoding": expected { "version": 1, "columns": [...] }',
    );
    const onlyText = tableFromArrays({ id: Int32Array.of(0, 1), label: Int32Array.of(0, 1), name: ['a', 'b'] });
    expect(failure(() => validateDataset(onlyText)).message).toBe(
      'dataset: expected features: numeric columns, columns listed in bcml.feature_names, a "features" vector or an image column; received none',
    );
  });

  it('an encoding whose column the dataset lacks', () => {
    const train = tabularDataset();
    const encoding = fitEncoding(train);
    const other = validateDataset(table([0, 1], [0, 1]), { file: 'test.arrow' });
    expect(failure(() => datasetExamples(other, encoding)).message).toBe(
      'test.arrow: column "age": missing: the encoding reads this column',
    );
    expect(failure(() => groupSplitByColumn(train, 'patient', { testFraction: 0.5, seed: 1 })).message).toBe(
      'toy.arrow: column "patient": missing: it cannot group the split',
    );
  });
});

describe('unreadable files and URLs', () => {
  let dir: string;
  let server: LocalServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcml-data-errors-'));
    server = await startServer({
      '/down.arrow': { status: 503 },
      '/junk.arrow': { body: new TextEncoder().encode('junk') },
    });
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing file, junk bytes and a Feather V1 file', async () => {
    const missing = join(dir, 'missing.arrow');
    const error = await rejection(readDataset(missing));
    expect(error.message).toBe(
      `missing.arrow: cannot read the file (ENOENT: no such file or directory, open '${missing}')`,
    );
    expect(error.retryable).toBe(false);
    expect(
      failure(() => datasetFromIPC(new TextEncoder().encode('hello, world'), { file: 'junk.arrow' })).message,
    ).toMatch(/^junk\.arrow: is not a readable Arrow IPC file \(.+\)$/);
    expect(
      failure(() => datasetFromIPC(new TextEncoder().encode('FEA1xxxxxxxx'), { file: 'old.feather' })).message,
    ).toBe(
      'old.feather: is a Feather V1 file, which is not supported: rewrite it with pyarrow.feather.write_feather(df, path) (V2)',
    );
    const streamError = await rejection(
      (async () => {
        for await (const part of streamDataset(missing)) expect(part).toBeUndefined();
      })(),
    );
    expect(streamError.message).toBe(
      `missing.arrow: cannot read the file (ENOENT: no such file or directory, open '${missing}')`,
    );
  });

  it('HTTP errors: 404 is final, 503 and a refused connection are retryable', async () => {
    const notFound = await rejection(readDataset(`${server.url}/nothing.arrow`));
    expect(notFound.message).toBe(`${server.url}/nothing.arrow: cannot fetch the URL (HTTP 404 Not Found)`);
    expect(notFound.retryable).toBe(false);
    const down = await rejection(readDataset(`${server.url}/down.arrow`));
    expect(down.message).toBe(`${server.url}/down.arrow: cannot fetch the URL (HTTP 503 Service Unavailable)`);
    expect(down.retryable).toBe(true);
    const closed = await startServer({});
    await closed.close();
    const refused = await rejection(readDataset(`${closed.url}/gone.arrow`));
    expect(refused.message).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/gone\.arrow: cannot fetch the URL \(fetch failed: .*ECONNREFUSED.*\)$/,
    );
    expect(refused.retryable).toBe(true);
    expect((await rejection(readDataset(`${server.url}/junk.arrow`))).message).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/junk\.arrow: is not a readable Arrow IPC file/,
    );
    expect((await rejection(readDataset('ftp://example.org/data.arrow'))).message).toBe(
      'ftp://example.org/data.arrow: expected a local path, a file:// URL or an http(s):// URL, received "ftp://example.org/data.arrow"',
    );
  });

  it('streaming needs declared classes and checks ids across record batches', async () => {
    const path = join(dir, 'two-batches.arrow');
    const first = createDatasetTable({
      ids: [1, 2],
      labels: [0, 1],
      classes: ['a', 'b'],
      columns: { x: Float32Array.of(1, 2) },
    });
    const second = createDatasetTable({
      ids: [3, 2],
      labels: [0, 1],
      classes: ['a', 'b'],
      columns: { x: Float32Array.of(3, 4) },
    });
    const joined = new Table(first.schema, [first.batches[0]!, new RecordBatch(first.schema, second.batches[0]!.data)]);
    await writeFile(path, datasetToIPC(joined));
    const parts: number[] = [];
    const duplicate = await rejection(
      (async () => {
        for await (const part of streamDataset(path)) parts.push(part.index);
      })(),
    );
    expect(parts).toEqual([0]);
    expect(duplicate.message).toBe(
      'two-batches.arrow: column "id", row 3: expected a unique id (2 is already at row 1), received 2',
    );
    const undeclared = join(dir, 'undeclared.arrow');
    await writeFile(undeclared, datasetToIPC(table([0, 1], [0, 1])));
    expect((await rejection(streamDataset(undeclared).next())).message).toBe(
      'undeclared.arrow: streaming needs the class names: add metadata "bcml.classes" or pass the classes option',
    );
  });
});

describe('converter errors', () => {
  it('CSV: wrong field counts, missing columns, unknown classes, bad numbers and quotes', () => {
    const csv = 'age,income\n39,<=50K\n50\n';
    expect(failure(() => csvToDataset(csv, { file: 'adult.csv', label: 'income' })).message).toBe(
      'adult.csv: line 3: expected 2 fields, received 1',
    );
    expect(failure(() => csvToDataset(csv, { file: 'adult.csv', label: 'salary' })).message).toBe(
      'adult.csv: column "salary": missing: the label column is not among the file\'s columns',
    );
    expect(
      failure(() =>
        csvToDataset('age,income\n39,<=50K\n50,>50K.\n', {
          file: 'adult.test',
          label: 'income',
          classes: ['<=50K', '>50K'],
        }),
      ).message,
    ).toBe('adult.test: line 3, column "income": expected one of the classes ["<=50K", ">50K"], received ">50K."');
    expect(
      failure(() => csvToDataset('x,y\n1,a\n?,b\n', { label: 'y', classes: ['a', 'b'], missing: [], numeric: ['x'] }))
        .message,
    ).toBe('csv: line 3, column "x": expected a number, received "?"');
    expect(failure(() => csvToDataset('x,y\n1,a\n1,\n', { label: 'y' })).message).toBe(
      'csv: line 3, column "y": expected one of the classes ["a"], received null',
    );
    expect(failure(() => csvToDataset('x,y\n"1,a\n', { label: 'y' })).message).toBe(
      'csv: line 2: a quoted field is not closed before the end of the file',
    );
    expect(failure(() => csvToDataset('1,a\n', { label: 'y', header: false })).message).toBe(
      'csv: has no header: pass the column names (the columns option)',
    );
    expect(failure(() => csvToDataset('id,x,y\n1,2,a\n2,3,b\n', { label: 'y' })).message).toBe(
      'csv: column "id": clashes with a column the convention reserves: pass it as the id or label option, or drop it',
    );
    expect(failure(() => csvToDataset('k,x,y\n1,2,a\n1,3,b\n', { label: 'y', id: 'k', file: 'dup.csv' })).message).toBe(
      'dup.csv: column "id", row 1: expected a unique id (1 is already at row 0), received 1',
    );
  });

  it('IDX: bad magic, unknown type, wrong length, mismatched counts', () => {
    expect(failure(() => parseIdx(Uint8Array.of(0x50, 0x4b, 3, 4), 'x.zip')).message).toBe(
      'x.zip: is not an IDX file: expected the magic bytes 00 00 <type> <dims>, received 50 4b 03 04',
    );
    expect(failure(() => parseIdx(Uint8Array.of(0, 0, 7, 1, 0, 0, 0, 0), 'x.idx')).message).toBe(
      'x.idx: has an unknown IDX element type 0x07',
    );
    const truncated = gzipSync(Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3));
    expect(failure(() => parseIdx(truncated, 'train-images-idx3-ubyte.gz')).message).toBe(
      'train-images-idx3-ubyte.gz: has the wrong length: expected 24 bytes (2 × 2 × 2 uint8 after a 16-byte header), received 19',
    );
    const images = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9);
    const labels = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 2);
    expect(failure(() => idxToDataset({ images, labels, imagesFile: 'img.idx', labelsFile: 'lab.idx' })).message).toBe(
      'lab.idx: expected 2 labels (one per image in img.idx), received 3',
    );
    expect(failure(() => idxToDataset({ images: labels, labels })).message).toBe(
      'images.idx: expected uint8 images of N × H × W (or N × H × W × C), received uint8 of 3',
    );
    const badLabels = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 0, 7);
    expect(failure(() => idxToDataset({ images, labels: badLabels, classes: ['a', 'b'] })).message).toBe(
      'labels.idx: column "label", row 1: expected an integer in [0, 2), received 7',
    );
  });
});

describe('argument errors are InvalidInputErrors', () => {
  it('batch size, fractions and row positions', () => {
    const examples = datasetExamples(tabularDataset(), fitEncoding(tabularDataset()));
    expect(() => batches(examples, { batchSize: 0 }).next()).toThrow(
      new InvalidInputError('batchSize', 'a positive integer', 0),
    );
    expect(() => trainTestSplit(10, { testFraction: 1.5, seed: 1 })).toThrow(
      'invalid testFraction: expected a number in (0, 1), received 1.5',
    );
    expect(() => takeRows(tabularDataset().table, [0, 6])).toThrow(
      'invalid rows[1]: expected an integer in [0, 6), received 6',
    );
    expect(() => createDatasetTable({ ids: [1], labels: [0], classes: ['a', 'b'] })).toThrow(
      'invalid spec: expected exactly one of columns, features or image, received "0 feature forms"',
    );
  });
});
