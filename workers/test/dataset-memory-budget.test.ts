import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { createDatasetTable, estimateDatasetMemory, writeDataset } from '@bcml/data';
import { checkDatasetMemory, datasetResolver, defaultMemoryBudgetBytes } from '@bcml/workers';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-memory-budget-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const estimate = (rows: number, width: number, fileBytes: number) => ({
  rows,
  width,
  fileBytes,
  bytes: fileBytes + rows * (4 * width + 8),
});

describe('checkDatasetMemory', () => {
  const splits = { train: estimate(700, 61, 40_000), test: estimate(300, 61, 20_000) };
  // 40,000 + 700 · 252 + 20,000 + 300 · 252 = 312,000 bytes.
  const total = 312_000;

  it('lets through splits that fit the budget together', () => {
    expect(() => checkDatasetMemory('bcml:datasets/german-credit', splits, total)).not.toThrow();
  });

  it('refuses splits over the budget, naming dataset.uri, the estimate, the budget and the setting', () => {
    let error: unknown;
    try {
      checkDatasetMemory('bcml:datasets/german-credit', splits, total - 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'dataset.uri', retryable: false });
    expect((error as Error).message).toBe(
      "invalid dataset.uri: expected a dataset that fits this worker's memory budget of 311,999 bytes " +
        '(BCML_WORKER_MEMORY_BYTES; raise it, or train on a worker with more memory), but read and encoded its ' +
        'splits take about 312,000 bytes (train: 700 rows × 61 inputs, test: 300 rows × 61 inputs), ' +
        'received "bcml:datasets/german-credit"',
    );
  });

  it('defaults to half of the machine memory', () => {
    expect(defaultMemoryBudgetBytes(16 * 1024 ** 3)).toBe(8 * 1024 ** 3);
    expect(defaultMemoryBudgetBytes()).toBeGreaterThan(0);
  });
});

describe('datasetResolver with a memory budget', () => {
  const folder = join(tmp, 'credit');
  const spec = { uri: folder, trainSplit: 'train', testSplit: 'test' };
  let needed = 0;
  beforeAll(async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
    for (const [split, n] of [
      ['train', 40],
      ['test', 10],
    ] as const) {
      const table = createDatasetTable({
        ids: rows(n),
        labels: rows(n).map((i) => i % 2),
        classes: ['no', 'yes'],
        columns: { age: Float64Array.from(rows(n)), colour: rows(n).map((i) => ['red', 'blue', 'green'][i % 3]!) },
      });
      await writeDataset(join(folder, `${split}.arrow`), table);
      needed += (await estimateDatasetMemory(join(folder, `${split}.arrow`))).bytes;
    }
  });

  it('refuses a file dataset over the budget before reading it, and reads one that fits', async () => {
    const refused = await datasetResolver({ memoryBudgetBytes: needed - 1 })(spec).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as Error).message).toMatch(
      new RegExp(
        `^invalid dataset\\.uri: expected a dataset that fits this worker's memory budget of [\\d,]+ bytes ` +
          `\\(BCML_WORKER_MEMORY_BYTES; .*test: 10 rows × 4 inputs, train: 40 rows × 4 inputs\\)`,
      ),
    );
    const data = await datasetResolver({ memoryBudgetBytes: needed })(spec);
    expect(data.splits['train']?.examples.shape).toEqual([4]);
  });

  it('refuses a bundled dataset over the budget', async () => {
    const refused = await datasetResolver({ memoryBudgetBytes: 1000 })({
      uri: 'bcml:datasets/german-credit',
      trainSplit: 'train',
      testSplit: 'test',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect(refused).toMatchObject({ field: 'dataset.uri', received: '"bcml:datasets/german-credit"' });
    expect((refused as Error).message).toMatch(/memory budget of 1,000 bytes .*\(train: 700 rows × \d+ inputs/);
  });
});
