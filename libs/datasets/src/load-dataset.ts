import {
  type Dataset,
  type DatasetEncoding,
  fitEncoding,
  METADATA_KEYS,
  validateDataset,
  withSchemaMetadata,
} from '@bcml/data';

import { DEFAULT_DATA_DIR, readBundledFiles, type RawFiles } from './bundled-files.js';
import { ADULT_CONVERTER_VERSION, convertAdult } from './convert-adult.js';
import { COMPAS_CONVERTER_VERSION, convertCompas } from './convert-compas.js';
import { convertDiabetes, DIABETES_CONVERTER_VERSION } from './convert-diabetes.js';
import { convertGermanCredit, GERMAN_CREDIT_CONVERTER_VERSION } from './convert-german-credit.js';
import { convertMnist, MNIST_CONVERTER_VERSION } from './convert-mnist.js';
import { type ConvertedSplits } from './converted-splits.js';
import { cacheEntry, DEFAULT_CACHE_DIR, readCached, writeCached } from './dataset-cache.js';
import { type DatasetCard, DATASET_CARDS } from './dataset-card.js';
import { checkDatasetName, type DatasetName } from './dataset-name.js';
import { dataOptions, type DataOptions, type LoadDatasetOptions } from './load-options.js';

/** A loaded bundled dataset: both splits in the convention, the encoding fitted on train, and where they live. */
export interface LoadedDataset {
  readonly name: DatasetName;
  readonly train: Dataset;
  readonly test: Dataset;
  /** Fitted on the training split; also stored in both files (`bcml.encoding`). */
  readonly encoding: DatasetEncoding;
  readonly card: DatasetCard;
  /** The data options used, defaults filled in (they are part of the cache key). */
  readonly options: DataOptions;
  /** The cached Arrow files of the two splits. */
  readonly files: { readonly train: string; readonly test: string };
  /** Whether the files came from the cache (false: converted by this call). */
  readonly fromCache: boolean;
}

/** Each dataset's converter and its version. */
const CONVERTERS: Readonly<
  Record<DatasetName, { readonly version: number; convert(raw: RawFiles, options: DataOptions): ConvertedSplits }>
> = {
  adult: { version: ADULT_CONVERTER_VERSION, convert: convertAdult },
  mnist: { version: MNIST_CONVERTER_VERSION, convert: convertMnist },
  compas: { version: COMPAS_CONVERTER_VERSION, convert: convertCompas },
  'german-credit': { version: GERMAN_CREDIT_CONVERTER_VERSION, convert: convertGermanCredit },
  diabetes: { version: DIABETES_CONVERTER_VERSION, convert: convertDiabetes },
};

/**
 * Loads a bundled dataset (offline): on first use its raw files (in this package's `data/`) are converted into
 * Arrow files in the cache folder, keyed by a hash of the raw files, the converter version and the options; later
 * calls read those files (zero copy). Both splits carry the encoding fitted on the training split.
 */
export async function loadDataset<N extends DatasetName>(
  name: N,
  options: LoadDatasetOptions<N> = {},
): Promise<LoadedDataset> {
  const checked = checkDatasetName(name);
  const given = options as Readonly<Record<string, unknown>>;
  const data = dataOptions(checked, given);
  const cacheDir = (given['cacheDir'] as string | undefined) ?? DEFAULT_CACHE_DIR;
  const dataDir = (given['dataDir'] as string | undefined) ?? DEFAULT_DATA_DIR;
  const converter = CONVERTERS[checked];
  const raw = await readBundledFiles(checked, dataDir);
  const entry = cacheEntry(cacheDir, checked, {
    converterVersion: converter.version,
    options: data,
    sha256: raw.sha256,
  });
  const cached = given['refresh'] === true ? undefined : await readCached(entry);
  const base = {
    name: checked,
    card: DATASET_CARDS[checked],
    options: data,
    files: { train: entry.train, test: entry.test },
  };
  if (cached !== undefined && cached.train.info.encoding !== undefined) {
    return { ...base, ...cached, encoding: cached.train.info.encoding, fromCache: true };
  }
  const converted = converter.convert(raw, data);
  const encoding = fitEncoding(converted.train, converted.encoding ?? {});
  const stamp = (dataset: Dataset, split: string): Dataset =>
    validateDataset(
      withSchemaMetadata(dataset.table, {
        [METADATA_KEYS.dataset]: checked,
        [METADATA_KEYS.split]: split,
        [METADATA_KEYS.encoding]: JSON.stringify(encoding),
      }),
      { file: split === 'train' ? entry.train : entry.test },
    );
  await writeCached(entry, stamp(converted.train, 'train'), stamp(converted.test, 'test'));
  const written = await readCached(entry);
  if (written === undefined) throw new Error(`internal: the cache files of ${checked} vanished after writing`);
  return { ...base, ...written, encoding, fromCache: false };
}
