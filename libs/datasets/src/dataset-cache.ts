import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Dataset, datasetFromIPC, writeDataset } from '@bcml/data';

import { type DatasetName } from './dataset-name.js';
import { type DataOptions } from './load-options.js';

/** The default cache folder, `<repo>/.data/cache/datasets` (git-ignored), found from this module's location. */
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../../.data/cache/datasets', import.meta.url));

/** Where one converted dataset lives in the cache. */
export interface CacheEntry {
  readonly dir: string;
  readonly train: string;
  readonly test: string;
}

/**
 * The cache folder of a conversion: `<cacheDir>/<name>-<key>`, the key hashing the converter version, the data
 * options and the sha256 of every raw file, so a change to any of them converts again.
 */
export function cacheEntry(
  cacheDir: string,
  name: DatasetName,
  key: {
    readonly converterVersion: number;
    readonly options: DataOptions;
    readonly sha256: Readonly<Record<string, string>>;
  },
): CacheEntry {
  const sorted = (record: Readonly<Record<string, unknown>>): [string, unknown][] =>
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = JSON.stringify({
    name,
    converterVersion: key.converterVersion,
    options: sorted(key.options),
    sha256: sorted(key.sha256),
  });
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const dir = join(cacheDir, `${name}-${digest}`);
  return { dir, train: join(dir, 'train.arrow'), test: join(dir, 'test.arrow') };
}

/** Reads both cached splits, or undefined when either file is absent (a partial conversion). */
export async function readCached(entry: CacheEntry): Promise<{ train: Dataset; test: Dataset } | undefined> {
  let bytes: [Uint8Array, Uint8Array];
  try {
    bytes = await Promise.all([readFile(entry.train), readFile(entry.test)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return {
    train: datasetFromIPC(bytes[0], { file: entry.train }),
    test: datasetFromIPC(bytes[1], { file: entry.test }),
  };
}

/** Writes both splits, each atomically (temporary file and rename), test first so `train` marks completion. */
export async function writeCached(entry: CacheEntry, train: Dataset, test: Dataset): Promise<void> {
  await writeDataset(entry.test, test);
  await writeDataset(entry.train, train);
}
