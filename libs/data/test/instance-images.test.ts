import { describe, expect, it } from 'vitest';

import { createDatasetTable, instanceImages, validateDataset } from '@bcml/data';

import { imageDataset, tabularDataset, vectorDataset } from './fixtures.js';

describe('instanceImages', () => {
  it('gives an image dataset’s pixels by id, with its size and channels', () => {
    const images = instanceImages(imageDataset())!;
    expect([images.width, images.height, images.channels]).toEqual([3, 2, 1]);
    expect(Array.from(images.pixels(102) ?? [])).toEqual([20, 21, 22, 23, 24, 25]);
    expect(Array.from(images.pixels(104) ?? [])).toEqual([40, 41, 42, 43, 44, 45]);
    expect(images.pixels(2)).toBeNull();
    const rgb = createDatasetTable({
      ids: [5, 9],
      labels: [0, 1],
      classes: ['a', 'b'],
      image: { values: Uint8Array.from({ length: 2 * 12 }, (_, k) => k), shape: [2, 2, 3] },
    });
    const colour = instanceImages(validateDataset(rgb))!;
    expect([colour.width, colour.height, colour.channels]).toEqual([2, 2, 3]);
    expect(Array.from(colour.pixels(9) ?? [])).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
  });

  it('has none for tabular data, vectors, or numeric columns folded into an image', () => {
    expect(instanceImages(tabularDataset())).toBeUndefined();
    expect(instanceImages(vectorDataset())).toBeUndefined();
    const pixels = createDatasetTable({
      ids: [0],
      labels: [0],
      classes: ['a', 'b'],
      columns: { p0: Uint8Array.of(1), p1: Uint8Array.of(2), p2: Uint8Array.of(3), p3: Uint8Array.of(4) },
    });
    expect(instanceImages(validateDataset(pixels, { imageShape: [2, 2] }))).toBeUndefined();
  });
});
