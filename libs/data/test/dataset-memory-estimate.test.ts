import { fileURLToPath } from 'node:url';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DatasetError,
  encodedShape,
  estimateDatasetMemory,
  fitEncoding,
  METADATA_KEYS,
  readDataset,
  withSchemaMetadata,
  writeDataset,
  type Dataset,
} from '@bcml/data';

import { imageDataset, tabularDataset, vectorDataset } from './fixtures.js';

const fixtures = fileURLToPath(new URL('pyarrow/', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-memory-estimate-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** The encoded width `fitEncoding` gives a dataset: what the estimate must find without decoding. */
const fittedWidth = (data: Dataset): number => encodedShape(fitEncoding(data)).reduce((a, b) => a * b, 1);

describe('estimateDatasetMemory', () => {
  it('finds rows and the encoded width from the metadata: fileBytes + rows × (4 · width + 8)', async () => {
    const cases: [string, Dataset][] = [
      ['vectors', vectorDataset(8, 3)],
      ['images', imageDataset(5)],
    ];
    for (const [name, data] of cases) {
      const path = join(dir, `${name}.arrow`);
      await writeDataset(path, data);
      const estimate = await estimateDatasetMemory(path);
      const { size } = await stat(path);
      expect(estimate).toEqual({
        fileBytes: size,
        rows: data.table.numRows,
        width: fittedWidth(data),
        bytes: size + data.table.numRows * (4 * fittedWidth(data) + 8),
      });
    }
  });

  it('counts a categorical column by its dictionary entries, or takes the stored encoding', async () => {
    const data = tabularDataset();
    const plain = join(dir, 'tabular.arrow');
    await writeDataset(plain, data);
    // age, income, colour (red, blue, green): the display column `name` is no feature.
    expect(fittedWidth(data)).toBe(5);
    expect((await estimateDatasetMemory(plain)).width).toBe(5);
    const encoded = join(dir, 'tabular-encoded.arrow');
    const encoding = { ...fitEncoding(data), columns: fitEncoding(data).columns.slice(0, 2) };
    await writeDataset(encoded, withSchemaMetadata(data.table, { [METADATA_KEYS.encoding]: JSON.stringify(encoding) }));
    expect((await estimateDatasetMemory(encoded)).width).toBe(2);
  });

  it('reads pyarrow files of several record batches, compressed, and streams', async () => {
    for (const name of ['batches.feather', 'zstd.feather', 'vectors.arrows']) {
      const path = join(fixtures, name);
      const data = await readDataset(path);
      const estimate = await estimateDatasetMemory(path);
      expect(estimate.rows, name).toBe(data.table.numRows);
      // The pandas files' `city` is a plain string column: its 2 categories are only known decoded, so it counts 1
      // (the estimate is a lower bound there).
      expect(estimate.width, name).toBe(name === 'vectors.arrows' ? fittedWidth(data) : fittedWidth(data) - 1);
    }
  });

  it('refuses what is no Arrow file, and a header longer than the file, naming it', async () => {
    const garbage = join(dir, 'garbage.arrow');
    await writeFile(garbage, 'not arrow at all, just text');
    await expect(estimateDatasetMemory(garbage, { file: 'garbage.arrow' })).rejects.toThrow(DatasetError);
    const claim = join(dir, 'claim.arrow');
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setInt32(0, -1, true);
    new DataView(bytes.buffer).setInt32(4, 2 ** 31 - 1, true);
    await writeFile(claim, bytes);
    await expect(estimateDatasetMemory(claim, { file: 'claim.arrow' })).rejects.toThrow(
      /^claim\.arrow: is not a readable Arrow IPC file \(a message header of 2147483647 bytes at byte 0\)$/,
    );
  });
});
