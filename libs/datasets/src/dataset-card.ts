import { type DatasetName } from './dataset-name.js';

/** What a bundled dataset is: source, citation, licence, label and split (its README section in short). */
export interface DatasetCard {
  readonly name: DatasetName;
  readonly title: string;
  readonly source: string;
  readonly citation: string;
  readonly licence: string;
  /** The label column of the source and the classes it maps to (index order). */
  readonly label: string;
  /** How train and test are made. */
  readonly split: string;
  /** Rows with the default options (all splits together). */
  readonly rows: number;
}

/** The cards of the bundled datasets. */
export const DATASET_CARDS: Readonly<Record<DatasetName, DatasetCard>> = {
  adult: {
    name: 'adult',
    title: 'UCI Adult (Census Income)',
    source: 'https://archive.ics.uci.edu/dataset/2/adult',
    citation: 'Becker, B. & Kohavi, R. (1996). Adult. UCI Machine Learning Repository. https://doi.org/10.24432/C5XW20',
    licence: 'CC BY 4.0',
    label: 'income: <=50K (0), >50K (1)',
    split: 'the standard split: adult.data 32,561 rows (train), adult.test 16,281 rows (test)',
    rows: 48842,
  },
  mnist: {
    name: 'mnist',
    title: 'MNIST handwritten digits',
    source: 'http://yann.lecun.com/exdb/mnist/',
    citation:
      'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning applied to document recognition", Proc. IEEE 86(11), 1998',
    licence: 'none stated (NIST-derived; redistributed freely for research; attribute LeCun, Cortes and Burges)',
    label: 'the digit: 0 … 9',
    split: 'the standard split: 60,000 training and 10,000 test images',
    rows: 70000,
  },
  compas: {
    name: 'compas',
    title: 'COMPAS two-year recidivism (ProPublica)',
    source: 'https://github.com/propublica/compas-analysis',
    citation: 'J. Angwin, J. Larson, S. Mattu, L. Kirchner, "Machine Bias", ProPublica, 23 May 2016',
    licence: 'no licence file (public records released by Broward County; attribute ProPublica)',
    label: 'two_year_recid: no-recidivism (0), recidivism (1)',
    split: 'seeded stratified split, 30 % test by default; ProPublica filters optional (6,172 of 7,214 rows)',
    rows: 7214,
  },
  'german-credit': {
    name: 'german-credit',
    title: 'Statlog German credit',
    source: 'https://archive.ics.uci.edu/dataset/144/statlog+german+credit+data',
    citation:
      'Hofmann, H. (1994). Statlog (German Credit Data). UCI Machine Learning Repository. https://doi.org/10.24432/C5NC77',
    licence: 'CC BY 4.0',
    label: 'class: good (0, was 1), bad (1, was 2)',
    split: 'seeded stratified split, 30 % test by default (700 / 300)',
    rows: 1000,
  },
  diabetes: {
    name: 'diabetes',
    title: 'Diabetes 130-US hospitals (1999–2008), readmission',
    source: 'https://archive.ics.uci.edu/dataset/296/diabetes+130-us+hospitals+for+years+1999-2008',
    citation:
      'Strack et al., "Impact of HbA1c Measurement on Hospital Readmission Rates", BioMed Research International, 2014. https://doi.org/10.1155/2014/781670',
    licence: 'CC BY 4.0',
    label: 'readmitted: not-within-30-days (0), within-30-days (1); or NO, >30, <30 with target "readmitted"',
    split: 'seeded split by patient (patient_nbr), about 30 % of the encounters in test; no patient in both',
    rows: 101766,
  },
};
