import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readSourceBytes } from '@bcml/data';

import { type DatasetName } from './dataset-name.js';

/** The package's folder of bundled raw files (`libs/datasets/data`), found from this module's location. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

/** The raw files each converter reads, in `<dataDir>/<folder>/`. */
export const BUNDLED_FILES: Readonly<
  Record<DatasetName, { readonly folder: string; readonly files: readonly string[] }>
> = {
  adult: { folder: 'adult', files: ['adult.data.gz', 'adult.test.gz'] },
  mnist: {
    folder: 'mnist',
    files: [
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
    ],
  },
  compas: { folder: 'compas', files: ['compas-scores-two-years.csv.gz'] },
  'german-credit': { folder: 'german-credit', files: ['german.data.gz'] },
  diabetes: { folder: 'diabetes', files: ['diabetic_data.csv.gz'] },
};

/** The raw files of a dataset: bytes by file name, and the sha256 of each (for the cache key). */
export interface RawFiles {
  readonly bytes: ReadonlyMap<string, Uint8Array>;
  readonly sha256: Readonly<Record<string, string>>;
}

/** Reads (and hashes) a dataset's bundled raw files; a missing file is a `DatasetError` naming it. */
export async function readBundledFiles(name: DatasetName, dataDir: string): Promise<RawFiles> {
  const { folder, files } = BUNDLED_FILES[name];
  const entries = await Promise.all(
    files.map(async (file) => [file, await readSourceBytes(join(dataDir, folder, file))] as const),
  );
  const sha256: Record<string, string> = {};
  for (const [file, bytes] of entries) sha256[file] = createHash('sha256').update(bytes).digest('hex');
  return { bytes: new Map(entries), sha256 };
}

/** The bytes of one raw file read by `readBundledFiles`. */
export function rawFile(raw: RawFiles, file: string): Uint8Array {
  const bytes = raw.bytes.get(file);
  if (bytes === undefined) throw new Error(`internal: raw file ${file} was not read`);
  return bytes;
}
