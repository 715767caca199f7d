import { csvToDataset, trainTestSplit } from '@bcml/data';

import { rawFile, type RawFiles } from './bundled-files.js';
import { type ConvertedSplits } from './converted-splits.js';
import { type DataOptions } from './load-options.js';
import { splitDataset } from './split-dataset.js';

/** Bumped whenever the German credit conversion changes. */
export const GERMAN_CREDIT_CONVERTER_VERSION = 1;

/** The 20 attributes of `german.data` (descriptive names from PROVENANCE.md), then the class. */
const COLUMNS = [
  'checking_status',
  'duration_months',
  'credit_history',
  'purpose',
  'credit_amount',
  'savings',
  'employment_since',
  'installment_rate_pct_income',
  'personal_status_sex',
  'other_debtors',
  'residence_since',
  'property',
  'age_years',
  'other_installment_plans',
  'housing',
  'existing_credits',
  'job',
  'num_dependents',
  'telephone',
  'foreign_worker',
  'class',
];

/**
 * Statlog German credit (`german.data`, space-separated, no header): class 1 = good (label 0), 2 = bad (label 1);
 * ids 0…999 in file order; a seeded stratified train/test split (700 / 300 by default).
 */
export function convertGermanCredit(raw: RawFiles, options: DataOptions): ConvertedSplits {
  const dataset = csvToDataset(rawFile(raw, 'german.data.gz'), {
    file: 'german.data',
    delimiter: ' ',
    header: false,
    columns: COLUMNS,
    label: 'class',
    classes: ['good', 'bad'],
    labelMap: { '1': 'good', '2': 'bad' },
    missing: [],
  });
  const split = trainTestSplit(dataset.info.rows, {
    testFraction: options['testFraction'] as number,
    seed: options['seed'] as number,
    stratify: dataset.labels,
  });
  return splitDataset(dataset, split);
}
