import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { DatasetError } from '@bcml/data';
import { DEFAULT_CACHE_DIR, icd9Group, type LoadDatasetOptions, loadDataset } from '@bcml/datasets';

let cacheDir: string;

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'bcml-datasets-cache-'));
});

afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

describe('the conversion cache', () => {
  it('converts on first use, then reads the cached Arrow files', async () => {
    const first = await loadDataset('german-credit', { cacheDir });
    expect(first.fromCache).toBe(false);
    expect(existsSync(first.files.train) && existsSync(first.files.test)).toBe(true);
    expect(dirname(first.files.train).startsWith(cacheDir)).toBe(true);
    const second = await loadDataset('german-credit', { cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.files).toEqual(first.files);
    expect(Array.from(second.test.ids)).toEqual(Array.from(first.test.ids));
    expect(second.encoding).toEqual(first.encoding);
    const refreshed = await loadDataset('german-credit', { cacheDir, refresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(Array.from(refreshed.test.ids)).toEqual(Array.from(first.test.ids));
  });

  it('keys the cache by the options: another seed is another conversion with another split', async () => {
    const a = await loadDataset('german-credit', { cacheDir, seed: 0 });
    const b = await loadDataset('german-credit', { cacheDir, seed: 9 });
    expect(b.files.train).not.toBe(a.files.train);
    expect(Array.from(b.test.ids)).not.toEqual(Array.from(a.test.ids));
    expect(b.options).toEqual({ testFraction: 0.3, seed: 9 });
  });

  it('survives concurrent conversions: writes are atomic, no temporary file is left', async () => {
    const dir = join(cacheDir, 'concurrent');
    const loads = await Promise.all(
      [1, 2, 3].map(() => loadDataset('german-credit', { cacheDir: dir, refresh: true })),
    );
    expect(new Set(loads.map((l) => l.files.train)).size).toBe(1);
    const [entry] = await readdir(dir);
    expect((await readdir(join(dir, entry!))).sort()).toEqual(['test.arrow', 'train.arrow']);
    expect((await loadDataset('german-credit', { cacheDir: dir })).train.info.rows).toBe(700);
  });

  it('defaults to <repo>/.data/cache/datasets: Adult and MNIST load offline on a fresh clone', async () => {
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    expect(DEFAULT_CACHE_DIR).toBe(join(repo, '.data', 'cache', 'datasets'));
    const adult = await loadDataset('adult');
    expect(adult.files.train.startsWith(DEFAULT_CACHE_DIR)).toBe(true);
    expect(adult.train.info.rows).toBe(32561);
    const mnist = await loadDataset('mnist');
    expect(mnist.test.info.rows).toBe(10000);
  });
});

describe('errors', () => {
  it('unknown datasets and options are InvalidInputErrors', async () => {
    await expect(loadDataset('cifar' as 'adult')).rejects.toThrow(
      new InvalidInputError('name', 'one of adult, mnist, compas, german-credit, diabetes', 'cifar'),
    );
    await expect(loadDataset('adult', { seed: 1 } as LoadDatasetOptions<'adult'>)).rejects.toThrow(
      'invalid options.seed: expected an option of adult (cacheDir, dataDir, refresh, dropMissing), received "seed"',
    );
    await expect(loadDataset('compas', { filter: 'strict' as 'none' })).rejects.toThrow(
      'invalid options.filter: expected one of "none", "propublica", received "strict"',
    );
    await expect(loadDataset('diabetes', { testFraction: 0 })).rejects.toThrow(
      'invalid options.testFraction: expected a number in (0, 1), received 0',
    );
  });

  it('missing or corrupt raw files are DatasetErrors naming the file', async () => {
    const dataDir = join(cacheDir, 'raw');
    await mkdir(join(dataDir, 'german-credit'), { recursive: true });
    const missing = loadDataset('german-credit', { cacheDir, dataDir });
    await expect(missing).rejects.toBeInstanceOf(DatasetError);
    await expect(missing).rejects.toThrow(/^german\.data\.gz: cannot read the file \(ENOENT/);
    await writeFile(join(dataDir, 'german-credit', 'german.data.gz'), 'A11 6 A34\n');
    await expect(loadDataset('german-credit', { cacheDir, dataDir })).rejects.toThrow(
      'german.data: line 1: expected 21 fields, received 3',
    );
  });
});

describe('ICD-9 groups (Strack et al. 2014)', () => {
  it('groups diagnosis codes', () => {
    expect(
      ['428', '785', '486', '786.2', '562', '250.83', '996', '715', '599', '174', 'V57', 'E909', '780', null].map(
        icd9Group,
      ),
    ).toEqual([
      'circulatory',
      'circulatory',
      'respiratory',
      'respiratory',
      'digestive',
      'diabetes',
      'injury',
      'musculoskeletal',
      'genitourinary',
      'neoplasms',
      'other',
      'other',
      'other',
      null,
    ]);
  });
});
