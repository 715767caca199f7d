import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  datasetExamples,
  DatasetError,
  fitEncoding,
  METADATA_KEYS,
  parseEncoding,
  readDataset,
  validateDataset,
  withSchemaMetadata,
} from '@bcml/data';
import { tableFromArrays } from 'apache-arrow';

/** Files written by pandas' `df.to_feather` (test/fixtures/pandas/make_pandas_datasets.py). */
const fixtures = fileURLToPath(new URL('../../../test/fixtures/pandas/', import.meta.url));
/** What pandas reads from them, written by the generator alongside. */
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as {
  readonly credit: {
    readonly classes: readonly string[];
    readonly rows: { readonly train: number; readonly test: number };
    readonly firstLabels: readonly number[];
    readonly firstAges: readonly number[];
    readonly firstRegions: readonly string[];
  };
  readonly digits: {
    readonly rows: { readonly train: number; readonly test: number };
    readonly columns: number;
    readonly firstLabels: readonly number[];
    readonly firstPixels: readonly number[];
  };
};
/** How the workers name the options in errors. */
const optionNames = { label: 'dataset.label', imageShape: 'dataset.imageShape' };

/** The error a promise rejects with, checked to be a `DatasetError`. */
async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

describe('Feather files as pandas writes them', () => {
  it('reads a file without an id column (ids = row positions) and a categorical label in a custom column', async () => {
    const train = await readDataset(join(fixtures, 'credit', 'train.feather'), { label: 'outcome' });
    expect(train.info).toMatchObject({
      rows: expected.credit.rows.train,
      idSource: 'row-position',
      task: 'binary',
      // As for any file without bcml.feature_names: numeric columns are features, strings are shown in reports.
      features: { kind: 'columns', columns: ['age', 'income'] },
      displayColumns: ['region'],
    });
    expect(Array.from(train.ids)).toEqual(Array.from({ length: expected.credit.rows.train }, (_, i) => i));
    // The pandas categories' order, not the alphabetical one.
    expect(train.info.classes).toEqual(['rejected', 'approved']);
    expect(train.info.classes).toEqual(expected.credit.classes);
    expect(Array.from(train.labels.subarray(0, 6))).toEqual(expected.credit.firstLabels);
    expect(expected.credit.firstAges.map((_, i): unknown => Number(train.table.getChild('age')?.get(i)))).toEqual(
      expected.credit.firstAges,
    );
    expect(expected.credit.firstRegions.map((_, i): unknown => train.table.getChild('region')?.get(i))).toEqual(
      expected.credit.firstRegions,
    );
    // Each split file numbers its own rows: ids are unique within a split, as the metrics and reports key them.
    const test = await readDataset(join(fixtures, 'credit', 'test.feather'), { label: 'outcome' });
    expect(test.ids[0]).toBe(0);
    expect(test.ids.length).toBe(expected.credit.rows.test);
  });

  it('lets bcml.classes override the category order', async () => {
    const train = await readDataset(join(fixtures, 'credit', 'train.feather'), { label: 'outcome' });
    const flipped = validateDataset(
      withSchemaMetadata(train.table, { [METADATA_KEYS.classes]: '["approved","rejected"]' }),
      { label: 'outcome' },
    );
    expect(flipped.info.classes).toEqual(['approved', 'rejected']);
    expect(Array.from(flipped.labels.subarray(0, 6))).toEqual(expected.credit.firstLabels.map((k) => 1 - k));
  });

  it('names the label column and the option that chose it when it is missing or holds nulls', async () => {
    const path = join(fixtures, 'credit', 'train.feather');
    const missing = await rejection(readDataset(path, { label: 'target', optionNames }));
    expect(missing.message).toBe(
      `train.feather: column "target" (dataset.label): missing: the file has no such column (its columns: "age", "income", "region", "outcome")`,
    );
    expect(missing).toMatchObject({ column: 'target', option: 'dataset.label', retryable: false });
    const unnamed = await rejection(readDataset(path));
    expect(unnamed.message).toContain('column "label": missing: a dataset needs a label column');
    expect(unnamed.option).toBeUndefined();
    const nulls = join(fixtures, 'credit-nulls', 'train.feather');
    const error = await rejection(readDataset(nulls, { label: 'outcome', optionNames }));
    expect(error.message).toBe(
      `train.feather: column "outcome" (dataset.label), row 3: expected one of the classes ["rejected", "approved"], received null`,
    );
    expect(error).toMatchObject({ column: 'outcome', row: 3, option: 'dataset.label' });
  });

  it('reads numeric pixel columns as features, and folds them into an image with imageShape', async () => {
    const path = join(fixtures, 'digits', 'train.feather');
    const flat = await readDataset(path, { label: 'digit' });
    expect(flat.info.classes).toEqual(['0', '1', '2']);
    expect(flat.info.features).toEqual({
      kind: 'columns',
      columns: Array.from({ length: expected.digits.columns }, (_, i) => `pixel${i}`),
    });
    expect(Array.from(flat.labels.subarray(0, 6))).toEqual(expected.digits.firstLabels);
    expect(datasetExamples(flat, fitEncoding(flat)).shape).toEqual([64]);

    const images = await readDataset(path, { label: 'digit', imageShape: [8, 8] });
    expect(images.info.features).toMatchObject({ kind: 'columns', shape: [8, 8, 1] });
    const encoding = fitEncoding(images);
    expect(encoding.shape).toEqual([8, 8, 1]);
    expect(parseEncoding(JSON.stringify(encoding), 'x')).toEqual(encoding);
    const examples = datasetExamples(images, encoding);
    expect(examples.shape).toEqual([8, 8, 1]);
    expect(examples.width).toBe(64);
    const out = new Float32Array(64);
    examples.gather([0], out);
    // Each pixel column is standardised with its training mean and std, in column order.
    const standardized = expected.digits.firstPixels.map((value, k) => {
      const column = encoding.columns[k];
      if (column?.kind !== 'standardize') throw new Error(`pixel${k} is not standardised`);
      return (value - column.mean) / column.std;
    });
    expect(Array.from(out.subarray(0, 16))).toEqual(standardized.map((v) => Math.fround(v)));
    expect(datasetExamples(images, encoding, { flatten: true }).shape).toEqual([64]);
  });

  it('rejects an imageShape that does not hold the feature columns, naming the option and the expected value', async () => {
    const path = join(fixtures, 'digits', 'train.feather');
    const error = await rejection(readDataset(path, { label: 'digit', imageShape: [28, 28, 1], optionNames }));
    expect(error.message).toBe(
      `train.feather (dataset.imageShape): expected a shape holding the 64 feature columns (H·W·C = 64), received [28,28,1] (784 values)`,
    );
    expect(error.option).toBe('dataset.imageShape');
    const credit = await readDataset(join(fixtures, 'credit', 'train.feather'), { label: 'outcome' });
    const listed = withSchemaMetadata(credit.table, { [METADATA_KEYS.featureNames]: '["age","income","region"]' });
    const strings = failure(() =>
      validateDataset(listed, { file: 'train.feather', label: 'outcome', imageShape: [1, 3], optionNames }),
    );
    expect(strings.message).toBe(
      `train.feather: column "region" (dataset.imageShape): expected a numeric feature column (pixels folded into an image), received a column of type LargeUtf8`,
    );
    expect(parseEncodingError('{"version":1,"columns":[{"kind":"vector","column":"f","size":4}],"shape":[3,1]}')).toBe(
      'x: invalid metadata "bcml.encoding": expected "shape" to be positive integers whose product is the encoded width 4',
    );
  });

  it('folds 784 int64 columns named "0".."783" (pd.DataFrame(mnist_pixels).to_feather) into [28, 28, 1]', () => {
    const columns: Record<string, BigInt64Array | Int32Array> = {};
    const rows = 3;
    for (let p = 0; p < 784; p += 1)
      columns[String(p)] = BigInt64Array.from({ length: rows }, (_, r) => BigInt((p * 7 + r) % 256));
    columns['digit'] = Int32Array.of(0, 1, 0);
    const dataset = validateDataset(tableFromArrays(columns), { label: 'digit', imageShape: [28, 28, 1] });
    expect(dataset.info.featureNames).toHaveLength(784);
    expect(dataset.info.featureNames[783]).toBe('783');
    expect(dataset.info.idSource).toBe('row-position');
    const examples = datasetExamples(dataset, fitEncoding(dataset, { standardize: false }));
    expect(examples.shape).toEqual([28, 28, 1]);
    const out = new Float32Array(2 * 784);
    examples.gather([2, 0], out);
    expect([out[0], out[1], out[783], out[784 + 1]]).toEqual([2, 9, (783 * 7 + 2) % 256, 7]);
  });
});

/** The error `run` throws, checked to be a `DatasetError`. */
function failure(run: () => unknown): DatasetError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

/** The message `parseEncoding` throws for `text`. */
function parseEncodingError(text: string): string {
  try {
    parseEncoding(text, 'x');
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as Error).message;
  }
  throw new Error('expected a DatasetError');
}
