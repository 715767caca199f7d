import { describe, expect, it } from 'vitest';

import { createDatasetTable, INSTANCE_DESCRIPTION_LENGTH, instanceDescriber, validateDataset } from '@bcml/data';
import { Bool, vectorFromArray } from 'apache-arrow';

import { imageDataset, tabularDataset, vectorDataset } from './fixtures.js';

describe('instanceDescriber', () => {
  it('describes a row by its raw values: columns in order, then display columns, by id', () => {
    const describe = instanceDescriber(tabularDataset())!;
    expect(describe(10)).toBe('age 20 · income 1.5 · colour red · name a');
    expect(describe(12)).toBe('age 40 · income 3.5 · colour null · name c');
    expect(describe(15)).toBe('age 70 · income 6.5 · colour blue · name f');
    expect(describe(0)).toBeUndefined();
    expect(describe(16)).toBeUndefined();
  });

  it('writes numbers as stored: float32 by the shortest decimal, integers, booleans and nulls', () => {
    const table = createDatasetTable({
      ids: [0, 1, 2],
      labels: [0, 1, 0],
      classes: ['no', 'yes'],
      columns: {
        ratio: Float32Array.of(0.1, 1 / 3, -2.5),
        wide: Float64Array.of(0.1, 1 / 3, 1e21),
        count: Int32Array.of(-7, 0, 2147483647),
        flag: vectorFromArray([true, false, null], new Bool()),
      },
    });
    const describe = instanceDescriber(validateDataset(table))!;
    expect(describe(0)).toBe('ratio 0.1 · wide 0.1 · count -7 · flag true');
    expect(describe(1)).toBe(`ratio 0.33333334 · wide ${String(1 / 3)} · count 0 · flag false`);
    expect(describe(2)).toBe('ratio -2.5 · wide 1e+21 · count 2147483647 · flag null');
  });

  it('cuts a long value at 40 characters and the whole at 200, after the last part that fits', () => {
    const columns: Record<string, readonly string[]> = { note: [`${'x'.repeat(60)}\n<b>`] };
    for (let k = 0; k < 30; k += 1) columns[`column_${k}`] = [`value_${k}`];
    const table = createDatasetTable({ ids: [7], labels: [1], classes: ['a', 'b'], columns });
    const text = instanceDescriber(validateDataset(table))!(7)!;
    expect(text.startsWith(`note ${'x'.repeat(39)}… · column_0 value_0 · column_1 value_1`)).toBe(true);
    expect(text.length).toBeLessThanOrEqual(INSTANCE_DESCRIPTION_LENGTH);
    expect(text.length).toBeGreaterThan(INSTANCE_DESCRIPTION_LENGTH - 30);
    expect(text.endsWith(' …')).toBe(true);
    expect(text).toMatch(/ · column_\d+ value_\d+ …$/);
    // A first part longer than the whole bound alone (a long column name) is cut to it.
    const name = 'c'.repeat(250);
    const single = createDatasetTable({ ids: [1], labels: [0], classes: ['a', 'b'], columns: { [name]: ['v'] } });
    expect(instanceDescriber(validateDataset(single))!(1)).toBe(`${'c'.repeat(INSTANCE_DESCRIPTION_LENGTH - 1)}…`);
  });

  it('shows a features vector as its first 8 values and its size, or named components', () => {
    expect(instanceDescriber(vectorDataset(4, 3))!(2)).toBe('features 2, 2.01, 2.02');
    expect(instanceDescriber(vectorDataset(4, 10))!(1)).toBe(
      'features 1, 1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07, … (10 values)',
    );
    const named = createDatasetTable({
      ids: [0],
      labels: [0],
      classes: ['a', 'b'],
      features: { values: Float32Array.of(0.25, 39), size: 2, names: ['ratio', 'age'] },
    });
    expect(instanceDescriber(validateDataset(named))!(0)).toBe('ratio 0.25 · age 39');
  });

  it('keys files without an id column by row position', () => {
    const table = createDatasetTable({
      ids: [5, 6],
      labels: [0, 1],
      classes: ['a', 'b'],
      columns: { size: Float64Array.of(1.25, 2) },
    });
    const dataset = validateDataset(table.select(['label', 'size']));
    expect(dataset.info.idSource).toBe('row-position');
    const describe = instanceDescriber(dataset)!;
    expect([describe(0), describe(1), describe(2), describe(-1)]).toEqual([
      'size 1.25',
      'size 2',
      undefined,
      undefined,
    ]);
  });

  it('has no description for images: an image column or pixel columns folded into one', () => {
    expect(instanceDescriber(imageDataset())).toBeUndefined();
    const pixels = createDatasetTable({
      ids: [0],
      labels: [0],
      classes: ['a', 'b'],
      columns: { p0: Uint8Array.of(1), p1: Uint8Array.of(2), p2: Uint8Array.of(3), p3: Uint8Array.of(4) },
    });
    expect(instanceDescriber(validateDataset(pixels, { imageShape: [2, 2] }))).toBeUndefined();
  });
});
