import { InvalidInputError } from '@bcml/core';

/** The bundled datasets, by the name `loadDataset` takes. */
export const DATASET_NAMES = ['adult', 'mnist', 'compas', 'german-credit', 'diabetes'] as const;

/** The name of a bundled dataset. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Checks a dataset name; an unknown one is an `InvalidInputError` listing the known names. */
export function checkDatasetName(name: unknown): DatasetName {
  if (typeof name === 'string' && (DATASET_NAMES as readonly string[]).includes(name)) return name as DatasetName;
  throw new InvalidInputError('name', `one of ${DATASET_NAMES.join(', ')}`, name);
}
