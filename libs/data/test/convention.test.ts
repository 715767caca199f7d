import { describe, expect, it } from 'vitest';

import {
  createDatasetTable,
  DATASET_COLUMNS,
  datasetFromIPC,
  datasetToIPC,
  METADATA_KEYS,
  validateDataset,
  withSchemaMetadata,
} from '@bcml/data';
import { Table, tableFromArrays, vectorFromArray, Utf8, Dictionary, Int32 } from 'apache-arrow';

import { imageDataset, tabularDataset, vectorDataset } from './fixtures.js';

describe('the dataset convention', () => {
  it('reads the task, classes, feature columns and display columns of a tabular dataset', () => {
    const dataset = tabularDataset();
    expect(dataset.info).toMatchObject({
      rows: 6,
      task: 'multiclass',
      classes: ['low', 'mid', 'high'],
      features: { kind: 'columns', columns: ['age', 'income', 'colour'] },
      featureNames: ['age', 'income', 'colour'],
      displayColumns: ['name'],
      name: 'toy',
      split: 'train',
      encoding: undefined,
    });
    expect(Array.from(dataset.ids)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(Array.from(dataset.labels)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(dataset.table.schema.metadata.get(METADATA_KEYS.classes)).toBe('["low","mid","high"]');
  });

  it('knows a features vector column and an image column with its shape', () => {
    expect(vectorDataset().info).toMatchObject({
      task: 'binary',
      features: { kind: 'vector', column: 'features', size: 3 },
      featureNames: ['features[0]', 'features[1]', 'features[2]'],
    });
    const images = imageDataset();
    expect(images.info.features).toEqual({ kind: 'image', column: 'image', shape: [2, 3, 1] });
    expect(images.table.schema.fields.find((f) => f.name === 'image')?.metadata.get('bcml.image_shape')).toBe(
      '[2,3,1]',
    );
  });

  it('maps string and dictionary labels through bcml.classes, or derives sorted classes without it', () => {
    const strings = tableFromArrays({
      id: Int32Array.of(0, 1, 2),
      label: ['yes', 'no', 'yes'],
      x: Float32Array.of(1, 2, 3),
    });
    const derived = validateDataset(strings, { file: 'strings.arrow' });
    expect(derived.info.classes).toEqual(['no', 'yes']);
    expect(Array.from(derived.labels)).toEqual([1, 0, 1]);
    const declared = validateDataset(withSchemaMetadata(strings, { [METADATA_KEYS.classes]: '["yes","no"]' }));
    expect(Array.from(declared.labels)).toEqual([0, 1, 0]);
    const dictionary = new Table({
      id: vectorFromArray([0, 1], new Int32()),
      label: vectorFromArray(['b', 'a'], new Dictionary(new Utf8(), new Int32())),
      x: vectorFromArray([1, 2], new Int32()),
    });
    expect(Array.from(validateDataset(dictionary, { classes: ['a', 'b'] }).labels)).toEqual([1, 0]);
  });

  it('derives classes 0..max from integer labels without metadata and picks binary for two', () => {
    const table = tableFromArrays({
      id: Int32Array.of(5, 6, 7),
      label: Int32Array.of(0, 1, 1),
      x: Float64Array.of(1, 2, 3),
    });
    const dataset = validateDataset(table);
    expect(dataset.info).toMatchObject({ task: 'binary', classes: ['0', '1'], featureNames: ['x'] });
    expect(DATASET_COLUMNS).toEqual({ id: 'id', label: 'label', features: 'features', image: 'image' });
  });

  it('round-trips a dataset through an Arrow IPC file', () => {
    for (const dataset of [tabularDataset(), vectorDataset(), imageDataset()]) {
      const back = datasetFromIPC(datasetToIPC(dataset), { file: 'back.arrow' });
      expect(back.info).toEqual(dataset.info);
      expect(Array.from(back.ids)).toEqual(Array.from(dataset.ids));
      expect(Array.from(back.labels)).toEqual(Array.from(dataset.labels));
      expect(back.table.toArray().map((row) => JSON.stringify(row))).toEqual(
        dataset.table.toArray().map((row) => JSON.stringify(row)),
      );
      expect(back.table.schema.metadata).toEqual(dataset.table.schema.metadata);
      expect(back.table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
        dataset.table.schema.fields.map((f) => [f.name, String(f.type), f.nullable]),
      );
    }
  });

  it('builds tables from typed arrays without copying them', () => {
    const values = Float32Array.of(1, 2, 3, 4);
    const table = createDatasetTable({
      ids: [0, 1],
      labels: [0, 1],
      classes: ['a', 'b'],
      features: { values, size: 2 },
    });
    const child = table.getChild('features')!.data[0]!.children[0]!;
    expect(child.values).toBe(values);
  });
});
