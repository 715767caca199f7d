// Test support: small datasets built in memory.
import { createDatasetTable, type Dataset, validateDataset } from '@bcml/data';

/** A tabular dataset: two numeric features, one categorical (with a null), one display column; 3 classes. */
export function tabularDataset(): Dataset {
  const table = createDatasetTable({
    ids: [10, 11, 12, 13, 14, 15],
    labels: [0, 1, 2, 0, 1, 2],
    classes: ['low', 'mid', 'high'],
    columns: {
      age: Float32Array.of(20, 30, 40, 50, 60, 70),
      income: Float64Array.of(1.5, 2.5, 3.5, 4.5, 5.5, 6.5),
      colour: ['red', 'blue', null, 'red', 'green', 'blue'],
    },
    display: { name: ['a', 'b', 'c', 'd', 'e', 'f'] },
    metadata: { 'bcml.dataset': 'toy', 'bcml.split': 'train' },
  });
  return validateDataset(table, { file: 'toy.arrow' });
}

/** A dataset with a `features` vector column: `rows` rows of `size` values, value = row + k / 100. */
export function vectorDataset(rows = 8, size = 3): Dataset {
  const values = new Float32Array(rows * size);
  for (let r = 0; r < rows; r += 1) for (let k = 0; k < size; k += 1) values[r * size + k] = r + k / 100;
  const table = createDatasetTable({
    ids: Array.from({ length: rows }, (_, r) => r),
    labels: Array.from({ length: rows }, (_, r) => r % 2),
    classes: ['no', 'yes'],
    features: { values, size },
  });
  return validateDataset(table, { file: 'vectors.arrow' });
}

/** An image dataset: `rows` images of 2×3×1 bytes, pixel k of image r = 10·r + k. */
export function imageDataset(rows = 5): Dataset {
  const values = new Uint8Array(rows * 6);
  for (let r = 0; r < rows; r += 1) for (let k = 0; k < 6; k += 1) values[r * 6 + k] = 10 * r + k;
  const table = createDatasetTable({
    ids: Array.from({ length: rows }, (_, r) => 100 + r),
    labels: Array.from({ length: rows }, (_, r) => r % 3),
    classes: ['a', 'b', 'c'],
    image: { values, shape: [2, 3, 1] },
  });
  return validateDataset(table, { file: 'images.arrow' });
}
