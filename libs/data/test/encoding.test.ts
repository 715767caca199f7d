import { describe, expect, it } from 'vitest';

import {
  allExamples,
  type Batch,
  batches,
  datasetExamples,
  datasetFromIPC,
  datasetToIPC,
  encodedFeatureNames,
  encodedShape,
  fitEncoding,
  METADATA_KEYS,
  parseEncoding,
  createDatasetTable,
  validateDataset,
  withSchemaMetadata,
} from '@bcml/data';

import { imageDataset, tabularDataset, vectorDataset } from './fixtures.js';

/** Values of a flat array, rounded for comparison. */
const round = (values: Float32Array): number[] => Array.from(values, (v) => Math.round(v * 1e5) / 1e5);

describe('encoding fitted on the training split', () => {
  const train = tabularDataset();
  const encoding = fitEncoding(train);

  it('standardises numeric columns and one-hot encodes categorical ones with training statistics', () => {
    const ageStd = Math.sqrt([20, 30, 40, 50, 60, 70].reduce((s, a) => s + (a - 45) ** 2, 0) / 6);
    expect(encoding).toEqual({
      version: 1,
      columns: [
        { kind: 'standardize', column: 'age', mean: 45, std: ageStd },
        { kind: 'standardize', column: 'income', mean: 4, std: Math.sqrt(17.5 / 6) },
        { kind: 'one-hot', column: 'colour', categories: ['blue', 'green', 'red'] },
      ],
    });
    expect(encodedFeatureNames(encoding)).toEqual(['age', 'income', 'colour=blue', 'colour=green', 'colour=red']);
    expect(encodedShape(encoding)).toEqual([5]);
  });

  it('encodes a test split with the training statistics: a null category and an unseen one are all zeros', () => {
    const test = validateDataset(
      createDatasetTable({
        ids: [100, 101],
        labels: [2, 0],
        classes: ['low', 'mid', 'high'],
        columns: { age: Float32Array.of(45, 65), income: Float64Array.of(4, 4), colour: ['purple', 'red'] },
      }),
      { file: 'test.arrow' },
    );
    const all = allExamples(datasetExamples(test, encoding));
    const ageStd = encoding.columns[0]!.kind === 'standardize' ? encoding.columns[0]!.std : 1;
    expect(all.shape).toEqual([2, 5]);
    expect(round(all.x)).toEqual(round(Float32Array.of(0, 0, 0, 0, 0, 20 / ageStd, 0, 0, 0, 1)));
    expect(Array.from(all.ids)).toEqual([100, 101]);
    expect(Array.from(all.y)).toEqual([2, 0]);
    // The training row with a null colour encodes to zeros too.
    const trainRows = allExamples(datasetExamples(train, encoding));
    expect(Array.from(trainRows.x.subarray(2 * 5 + 2, 3 * 5))).toEqual([0, 0, 0]);
  });

  it('is stored with the dataset (bcml.encoding) and read back identically', () => {
    const stored = withSchemaMetadata(train.table, { [METADATA_KEYS.encoding]: JSON.stringify(encoding) });
    const back = datasetFromIPC(datasetToIPC(stored), { file: 'train.arrow' });
    expect(back.info.encoding).toEqual(encoding);
    expect(parseEncoding(JSON.stringify(encoding), 'x')).toEqual(encoding);
    expect(allExamples(datasetExamples(back, back.info.encoding!)).x).toEqual(
      allExamples(datasetExamples(train, encoding)).x,
    );
  });

  it('can leave numbers as they are and one-hot encode integer codes', () => {
    const raw = fitEncoding(train, { standardize: false, categorical: ['age'] });
    expect(raw.columns[0]).toEqual({
      kind: 'one-hot',
      column: 'age',
      categories: ['20', '30', '40', '50', '60', '70'],
    });
    expect(raw.columns[1]).toEqual({ kind: 'standardize', column: 'income', mean: 0, std: 1 });
    const first = allExamples(datasetExamples(train, raw), [0]);
    expect(round(first.x)).toEqual([1, 0, 0, 0, 0, 0, 1.5, 0, 0, 1]);
  });

  it('scales image bytes and keeps vectors as they are', () => {
    const images = imageDataset();
    const imageEncoding = fitEncoding(images);
    expect(imageEncoding.columns).toEqual([{ kind: 'image', column: 'image', shape: [2, 3, 1], scale: 1 / 255 }]);
    const examples = datasetExamples(images, imageEncoding);
    expect(examples.shape).toEqual([2, 3, 1]);
    const one = allExamples(examples, [2]);
    expect(one.shape).toEqual([1, 2, 3, 1]);
    expect(round(one.x)).toEqual(round(Float32Array.from([20, 21, 22, 23, 24, 25], (v) => v / 255)));
    expect(datasetExamples(images, imageEncoding, { flatten: true }).shape).toEqual([6]);
    const vectors = vectorDataset();
    const vectorExamples = datasetExamples(vectors, fitEncoding(vectors));
    const child = vectors.table.getChild('features')!.data[0]!.children[0]!.values as Float32Array;
    expect(vectorExamples.x?.buffer).toBe(child.buffer); // a view, not a copy
    expect(vectorExamples.x?.byteOffset).toBe(child.byteOffset);
    expect(round(allExamples(vectorExamples, [3]).x)).toEqual([3, 3.01, 3.02]);
  });
});

describe('batches', () => {
  const dataset = vectorDataset(10, 2);
  const examples = datasetExamples(dataset, fitEncoding(dataset));
  const collect = (options: Parameters<typeof batches>[1]): Batch[] => [...batches(examples, options)];

  it('yields { ids, x, shape, y } in dataset order without a seed', () => {
    const all = collect({ batchSize: 4 });
    expect(all.map((b) => b.shape)).toEqual([
      [4, 2],
      [4, 2],
      [2, 2],
    ]);
    expect(all.flatMap((b) => Array.from(b.ids))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const last = all[2]!;
    expect(last.x).toBeInstanceOf(Float32Array);
    expect(round(last.x)).toEqual([8, 8.01, 9, 9.01]);
    expect(Array.from(last.y)).toEqual([0, 1]);
    expect(collect({ batchSize: 4, dropRemainder: true }).length).toBe(2);
  });

  it('shuffles by seed and epoch: reproducible, every row once, x rows matching their ids', () => {
    const order = (seed: number, epoch = 0): number[] =>
      collect({ batchSize: 3, seed, epoch }).flatMap((b) => Array.from(b.ids));
    expect(order(42)).toEqual(order(42));
    expect(order(42)).not.toEqual(order(43));
    expect(order(42, 1)).not.toEqual(order(42, 0));
    expect([...order(42)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const batch of collect({ batchSize: 3, seed: 7 })) {
      batch.ids.forEach((id, b) => {
        expect(batch.x[2 * b]).toBeCloseTo(id, 5);
        expect(batch.y[b]).toBe(id % 2);
      });
    }
  });

  it('iterates a subset of rows (such as h1 training rows)', () => {
    const ids = collect({ batchSize: 10, rows: [9, 1, 5] }).flatMap((b) => Array.from(b.ids));
    expect(ids).toEqual([9, 1, 5]);
    const shuffled = collect({ batchSize: 2, rows: [9, 1, 5], seed: 3 }).flatMap((b) => Array.from(b.ids));
    expect([...shuffled].sort((a, b) => a - b)).toEqual([1, 5, 9]);
  });
});
