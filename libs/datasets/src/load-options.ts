import { InvalidInputError } from '@bcml/core';

import { type DatasetName } from './dataset-name.js';

/** Options every bundled dataset takes. */
export interface CommonLoadOptions {
  /** Where converted Arrow files are cached (default `<repo>/.data/cache/datasets`, which git ignores). */
  readonly cacheDir?: string;
  /** Where the bundled raw files are (default: this package's `data/` folder). */
  readonly dataDir?: string;
  /** Convert again even when the cache holds the files. */
  readonly refresh?: boolean;
}

/** Options of datasets without a standard split: a seeded (stratified or grouped) train/test split. */
export interface SplitLoadOptions extends CommonLoadOptions {
  /** The share of rows in the test split, in (0, 1) (default 0.3). */
  readonly testFraction?: number;
  /** The seed of the split (default 0). */
  readonly seed?: number;
}

/** The options of each bundled dataset. */
export interface LoadDatasetOptionsByName {
  /** UCI Adult: the standard split; `dropMissing` leaves out rows with a `?` (30,162 / 15,060 rows). */
  readonly adult: CommonLoadOptions & { readonly dropMissing?: boolean };
  /** MNIST: the standard split. */
  readonly mnist: CommonLoadOptions;
  /** COMPAS: `filter: 'propublica'` applies ProPublica's standard filters (6,172 of 7,214 rows). */
  readonly compas: SplitLoadOptions & { readonly filter?: 'none' | 'propublica' };
  /** German credit: a stratified split. */
  readonly 'german-credit': SplitLoadOptions;
  /** Diabetes 130-US: split by patient; `target` readmission within 30 days (binary, default) or all 3 classes. */
  readonly diabetes: SplitLoadOptions & { readonly target?: 'readmitted-30' | 'readmitted' };
}

/** The options `loadDataset(name, options)` takes for dataset `N`. */
export type LoadDatasetOptions<N extends DatasetName> = LoadDatasetOptionsByName[N];

/** The options that change the converted data (and so the cache key), with their defaults filled in. */
export type DataOptions = Readonly<Record<string, string | number | boolean>>;

/** Allowed values of each dataset-specific option (`number` for a number checked separately). */
const ALLOWED: Readonly<
  Record<DatasetName, Readonly<Record<string, readonly (string | boolean)[] | 'fraction' | 'seed'>>>
> = {
  adult: { dropMissing: [false, true] },
  mnist: {},
  compas: { filter: ['none', 'propublica'], testFraction: 'fraction', seed: 'seed' },
  'german-credit': { testFraction: 'fraction', seed: 'seed' },
  diabetes: { target: ['readmitted-30', 'readmitted'], testFraction: 'fraction', seed: 'seed' },
};

/** Defaults of the dataset-specific options. */
const DEFAULTS: Readonly<Record<DatasetName, DataOptions>> = {
  adult: { dropMissing: false },
  mnist: {},
  compas: { filter: 'none', testFraction: 0.3, seed: 0 },
  'german-credit': { testFraction: 0.3, seed: 0 },
  diabetes: { target: 'readmitted-30', testFraction: 0.3, seed: 0 },
};

/** Checks a dataset's options and returns the data options with defaults; unknown or bad ones are errors. */
export function dataOptions(name: DatasetName, options: Readonly<Record<string, unknown>>): DataOptions {
  const allowed = ALLOWED[name];
  const out: Record<string, string | number | boolean> = { ...DEFAULTS[name] };
  for (const [key, value] of Object.entries(options)) {
    if (key === 'cacheDir' || key === 'dataDir') {
      if (typeof value !== 'string' || value === '') throw new InvalidInputError(`options.${key}`, 'a path', value);
      continue;
    }
    if (key === 'refresh') {
      if (typeof value !== 'boolean') throw new InvalidInputError('options.refresh', 'a boolean', value);
      continue;
    }
    const rule = allowed[key];
    if (rule === undefined) {
      const known = ['cacheDir', 'dataDir', 'refresh', ...Object.keys(allowed)].join(', ');
      throw new InvalidInputError(`options.${key}`, `an option of ${name} (${known})`, key);
    }
    if (value === undefined) continue;
    if (rule === 'fraction') {
      if (typeof value !== 'number' || !(value > 0 && value < 1)) {
        throw new InvalidInputError(`options.${key}`, 'a number in (0, 1)', value);
      }
    } else if (rule === 'seed') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new InvalidInputError(`options.${key}`, 'a safe integer', value);
      }
    } else if (!rule.includes(value as string | boolean)) {
      throw new InvalidInputError(`options.${key}`, `one of ${rule.map((v) => JSON.stringify(v)).join(', ')}`, value);
    }
    out[key] = value as string | number | boolean;
  }
  return out;
}
