import { csvToDataset } from '@bcml/data';

import { rawFile, type RawFiles } from './bundled-files.js';
import { type ConvertedSplits } from './converted-splits.js';
import { type DataOptions } from './load-options.js';

/** Bumped whenever the Adult conversion changes, so cached files are converted again. */
export const ADULT_CONVERTER_VERSION = 1;

/** The 14 attributes of `adult.names`, then the label. */
const COLUMNS = [
  'age',
  'workclass',
  'fnlwgt',
  'education',
  'education-num',
  'marital-status',
  'occupation',
  'relationship',
  'race',
  'sex',
  'capital-gain',
  'capital-loss',
  'hours-per-week',
  'native-country',
  'income',
];

/** The two classes, index = label. */
const CLASSES = ['<=50K', '>50K'];

/**
 * UCI Adult, standard split: `adult.data` (32,561 rows, ids 0…) and `adult.test` (16,281 rows, ids from 32,561;
 * junk first line skipped, trailing `.` of its labels removed). Fields are `", "`-separated, `?` is missing.
 */
export function convertAdult(raw: RawFiles, options: DataOptions): ConvertedSplits {
  const common = {
    header: false,
    columns: COLUMNS,
    label: 'income',
    classes: CLASSES,
    labelMap: { '<=50K.': '<=50K', '>50K.': '>50K' },
    ...(options['dropMissing'] === true
      ? { where: (get: (column: string) => string | null) => COLUMNS.every((c) => get(c) !== null) }
      : {}),
  };
  const train = csvToDataset(rawFile(raw, 'adult.data.gz'), { ...common, file: 'adult.data' });
  const test = csvToDataset(rawFile(raw, 'adult.test.gz'), {
    ...common,
    file: 'adult.test',
    skipLines: 1,
    idStart: 32561,
  });
  return { train, test };
}
