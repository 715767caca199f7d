import { csvToDataset, trainTestSplit } from '@bcml/data';

import { rawFile, type RawFiles } from './bundled-files.js';
import { type ConvertedSplits } from './converted-splits.js';
import { type DataOptions } from './load-options.js';
import { splitDataset } from './split-dataset.js';

/** Bumped whenever the COMPAS conversion changes. */
export const COMPAS_CONVERTER_VERSION = 1;

/** The usual COMPAS features: demographics, juvenile and prior counts, the charge degree. */
const FEATURES = [
  'sex',
  'age',
  'age_cat',
  'race',
  'juv_fel_count',
  'juv_misd_count',
  'juv_other_count',
  'priors_count',
  'c_charge_degree',
];

/** COMPAS's own scores, kept to compare a model with the tool (not features). */
const DISPLAY = ['decile_score', 'score_text', 'v_decile_score', 'v_score_text'];

/**
 * ProPublica's standard filters (their analysis notebook): screening within 30 days of the arrest, a known
 * recidivism outcome, no ordinary traffic offence, a score present. 6,172 of 7,214 rows pass.
 */
export function propublicaFilter(get: (column: string) => string | null): boolean {
  const days = get('days_b_screening_arrest');
  return (
    days !== null &&
    Number(days) <= 30 &&
    Number(days) >= -30 &&
    get('is_recid') !== '-1' &&
    get('c_charge_degree') !== 'O' &&
    get('score_text') !== 'N/A'
  );
}

/**
 * ProPublica's two-year COMPAS cohort (names, dates of birth and case numbers were removed from the bundled copy):
 * label `two_year_recid`, ids from its `id` column, a seeded stratified train/test split.
 */
export function convertCompas(raw: RawFiles, options: DataOptions): ConvertedSplits {
  const dataset = csvToDataset(rawFile(raw, 'compas-scores-two-years.csv.gz'), {
    file: 'compas-scores-two-years.csv',
    label: 'two_year_recid',
    classes: ['no-recidivism', 'recidivism'],
    labelMap: { '0': 'no-recidivism', '1': 'recidivism' },
    id: 'id',
    features: FEATURES,
    display: DISPLAY,
    missing: [''],
    ...(options['filter'] === 'propublica' ? { where: propublicaFilter } : {}),
  });
  const split = trainTestSplit(dataset.info.rows, {
    testFraction: options['testFraction'] as number,
    seed: options['seed'] as number,
    stratify: dataset.labels,
  });
  return splitDataset(dataset, split);
}
