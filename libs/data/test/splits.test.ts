import { describe, expect, it } from 'vitest';

import {
  createDatasetTable,
  groupSplit,
  groupSplitByColumn,
  permutation,
  seededRandom,
  selectRows,
  takeRows,
  trainTestSplit,
  updateScenario,
  validateDataset,
} from '@bcml/data';

import { imageDataset, tabularDataset } from './fixtures.js';

/** The rows of a split cover 0..n−1 exactly once. */
function expectPartition(train: Uint32Array, test: Uint32Array, n: number): void {
  expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  expect(Array.from(train)).toEqual([...train].sort((a, b) => a - b));
  expect(Array.from(test)).toEqual([...test].sort((a, b) => a - b));
}

describe('seeded randomness', () => {
  it('is reproducible and differs between seeds and streams', () => {
    const draw = (seed: number, stream = 0): number[] => {
      const random = seededRandom(seed, stream);
      return [random(), random(), random()];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1, 1)).not.toEqual(draw(1));
    expect(draw(-5)).not.toEqual(draw(5));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
    expect(draw(3).every((v) => v >= 0 && v < 1)).toBe(true);
    expect([...permutation(8, 9)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(permutation(8, 9))).toEqual(Array.from(permutation(8, 9)));
  });

  it('gives roughly uniform draws', () => {
    const random = seededRandom(12345);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i += 1) counts[Math.floor(random() * 10)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('train/test split', () => {
  it('puts round(n × fraction) rows on the test side, reproducibly', () => {
    const split = trainTestSplit(1000, { testFraction: 0.3, seed: 1 });
    expect(split.test.length).toBe(300);
    expectPartition(split.train, split.test, 1000);
    expect(trainTestSplit(1000, { testFraction: 0.3, seed: 1 })).toEqual(split);
    expect(trainTestSplit(1000, { testFraction: 0.3, seed: 2 }).test).not.toEqual(split.test);
  });

  it('stratified: each class splits in the same proportion', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : 1));
    const { train, test } = trainTestSplit(1000, { testFraction: 0.3, seed: 4, stratify: labels });
    expectPartition(train, test, 1000);
    expect(test.filter((row) => labels[row] === 1).length).toBe(90);
    expect(test.filter((row) => labels[row] === 0).length).toBe(210);
    const odd = Int32Array.from({ length: 10 }, (_, i) => i % 3);
    expect(trainTestSplit(10, { testFraction: 0.5, seed: 1, stratify: odd }).test.length).toBe(5);
  });
});

describe('group-aware split', () => {
  it('keeps every group on one side, close to the wanted fraction', () => {
    const groups = Array.from({ length: 5000 }, (_, i) => `patient-${Math.floor(Math.sqrt(i * 7) % 1700)}`);
    const { train, test } = groupSplit(groups, { testFraction: 0.25, seed: 11 });
    expectPartition(train, test, 5000);
    const testGroups = new Set(Array.from(test, (row) => groups[row]));
    expect(Array.from(train).some((row) => testGroups.has(groups[row]))).toBe(false);
    expect(Math.abs(test.length - 1250)).toBeLessThan(25);
    expect(groupSplit(groups, { testFraction: 0.25, seed: 11 })).toEqual({ train, test });
  });

  it('splits a dataset by one of its columns', () => {
    const table = createDatasetTable({
      ids: [0, 1, 2, 3, 4, 5, 6, 7],
      labels: [0, 1, 0, 1, 0, 1, 0, 1],
      classes: ['a', 'b'],
      columns: { x: new Float32Array(8) },
      display: { patient: Float64Array.of(7, 7, 8, 8, 9, 9, 10, 10) },
    });
    const { train, test } = groupSplitByColumn(validateDataset(table), 'patient', { testFraction: 0.5, seed: 3 });
    expect(test.length).toBe(4);
    for (const rows of [train, test]) for (let k = 0; k < rows.length; k += 2) expect(rows[k + 1]).toBe(rows[k]! + 1);
  });
});

describe('the update scenario (Bansal et al.)', () => {
  it('trains h1 on a seeded fraction of the training rows and h2 on all of them', () => {
    const labels = Int32Array.from({ length: 200 }, (_, i) => i % 4);
    const { h1, h2 } = updateScenario(200, { h1Fraction: 0.1, seed: 5, stratify: labels });
    expect(h1.length).toBe(20);
    expect(Array.from(h2)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(new Set(h1).size).toBe(20);
    for (let c = 0; c < 4; c += 1) expect(h1.filter((row) => labels[row] === c).length).toBe(5);
    expect(updateScenario(200, { h1Fraction: 0.1, seed: 5, stratify: labels }).h1).toEqual(h1);
    expect(() => updateScenario(200, { h1Fraction: 1, seed: 5 })).toThrow(
      'invalid h1Fraction: expected a number in (0, 1), received 1',
    );
  });
});

describe('selecting rows', () => {
  it('takes rows of every column type, in the given order, keeping metadata', () => {
    const dataset = tabularDataset();
    const some = selectRows(dataset, [5, 2, 0]);
    expect(Array.from(some.ids)).toEqual([15, 12, 10]);
    expect(Array.from(some.labels)).toEqual([2, 2, 0]);
    expect(some.info.rows).toBe(3);
    expect(some.table.toArray().map((row: { toJSON(): unknown }) => row.toJSON())).toEqual([
      { id: 15, label: 2, age: 70, income: 6.5, colour: 'blue', name: 'f' },
      { id: 12, label: 2, age: 40, income: 3.5, colour: null, name: 'c' },
      { id: 10, label: 0, age: 20, income: 1.5, colour: 'red', name: 'a' },
    ]);
    expect(some.table.schema.metadata).toEqual(dataset.table.schema.metadata);
    expect(validateDataset(some.table).info.classes).toEqual(dataset.info.classes);
    const images = takeRows(imageDataset().table, [4, 1]);
    expect(Array.from((images.getChild('image')!.get(0) as { toArray(): Uint8Array }).toArray())).toEqual([
      40, 41, 42, 43, 44, 45,
    ]);
    expect(images.schema.fields.find((f) => f.name === 'image')?.metadata.get('bcml.image_shape')).toBe('[2,3,1]');
  });
});
