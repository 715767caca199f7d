import {
  type ColumnValues,
  createDatasetTable,
  csvToDataset,
  type Dataset,
  groupSplitByColumn,
  validateDataset,
} from '@bcml/data';

import { rawFile, type RawFiles } from './bundled-files.js';
import { type ConvertedSplits } from './converted-splits.js';
import { icd9Group } from './icd9-group.js';
import { type DataOptions } from './load-options.js';
import { splitDataset } from './split-dataset.js';

/** Bumped whenever the Diabetes conversion changes. */
export const DIABETES_CONVERTER_VERSION = 1;

/** The 23 medication columns (No / Steady / Up / Down). */
const MEDICATIONS = [
  'metformin',
  'repaglinide',
  'nateglinide',
  'chlorpropamide',
  'glimepiride',
  'acetohexamide',
  'glipizide',
  'glyburide',
  'tolbutamide',
  'pioglitazone',
  'rosiglitazone',
  'acarbose',
  'miglitol',
  'troglitazone',
  'tolazamide',
  'examide',
  'citoglipton',
  'insulin',
  'glyburide-metformin',
  'glipizide-metformin',
  'glimepiride-pioglitazone',
  'metformin-rosiglitazone',
  'metformin-pioglitazone',
];

/** Integer codes that are categories (see IDs_mapping.csv). */
const CODES = ['admission_type_id', 'discharge_disposition_id', 'admission_source_id'];

/** Features read from the file as they are (the diagnosis groups are added after). */
const FEATURES = [
  'race',
  'gender',
  'age',
  ...CODES,
  'time_in_hospital',
  'medical_specialty',
  'num_lab_procedures',
  'num_procedures',
  'num_medications',
  'number_outpatient',
  'number_emergency',
  'number_inpatient',
  'number_diagnoses',
  'max_glu_serum',
  'A1Cresult',
  ...MEDICATIONS,
  'change',
  'diabetesMed',
];

/** Display columns: the patient (the split's groups) and the raw ICD-9 codes. */
const DISPLAY = ['patient_nbr', 'diag_1', 'diag_2', 'diag_3'];

/** The classes of each target, and how `readmitted` maps to them. */
const TARGETS = {
  'readmitted-30': {
    classes: ['not-within-30-days', 'within-30-days'],
    labelMap: { NO: 'not-within-30-days', '>30': 'not-within-30-days', '<30': 'within-30-days' },
  },
  readmitted: { classes: ['NO', '>30', '<30'], labelMap: {} },
} as const;

/**
 * Diabetes 130-US hospitals: one row per encounter (id `encounter_id`), label `readmitted` (within 30 days, or all
 * three classes), `weight` (97 % missing) and `payer_code` left out as Strack et al. did, the ICD-9 diagnoses
 * grouped into 9 categories (`diag_k_group`), and a train/test split by patient (`patient_nbr`).
 */
export function convertDiabetes(raw: RawFiles, options: DataOptions): ConvertedSplits {
  const target = TARGETS[options['target'] === 'readmitted' ? 'readmitted' : 'readmitted-30'];
  const file = 'diabetic_data.csv';
  const parsed = csvToDataset(rawFile(raw, 'diabetic_data.csv.gz'), {
    file,
    label: 'readmitted',
    classes: target.classes,
    labelMap: target.labelMap,
    id: 'encounter_id',
    features: FEATURES,
    categorical: CODES,
    display: DISPLAY,
    missing: ['?'],
  });
  const dataset = withDiagnosisGroups(parsed, file);
  const split = groupSplitByColumn(dataset, 'patient_nbr', {
    testFraction: options['testFraction'] as number,
    seed: options['seed'] as number,
  });
  return splitDataset(dataset, split);
}

/** The dataset with `diag_1_group`…`diag_3_group` features derived from the ICD-9 codes. */
function withDiagnosisGroups(dataset: Dataset, file: string): Dataset {
  const { table } = dataset;
  const columns: Record<string, ColumnValues> = {};
  for (const name of FEATURES) columns[name] = table.getChild(name)!;
  for (const k of [1, 2, 3]) {
    const codes = table.getChild(`diag_${k}`)!.toArray() as (string | null)[];
    columns[`diag_${k}_group`] = codes.map((code) => icd9Group(code ?? null));
  }
  const display: Record<string, ColumnValues> = {};
  for (const name of DISPLAY) display[name] = table.getChild(name)!;
  const rebuilt = createDatasetTable({
    ids: dataset.ids,
    labels: dataset.labels,
    classes: dataset.info.classes,
    task: dataset.info.task,
    columns,
    display,
  });
  return validateDataset(rebuilt, { file });
}
