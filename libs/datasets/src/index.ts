// @bcml/datasets: bundled public datasets (Adult, MNIST, COMPAS, German credit, Diabetes 130-US), loaded offline.
export { BUNDLED_FILES, DEFAULT_DATA_DIR } from './bundled-files.js';
export { DEFAULT_CACHE_DIR } from './dataset-cache.js';
export { type DatasetCard, DATASET_CARDS } from './dataset-card.js';
export { checkDatasetName, DATASET_NAMES, type DatasetName } from './dataset-name.js';
export { icd9Group } from './icd9-group.js';
export { loadDataset, type LoadedDataset } from './load-dataset.js';
export {
  type CommonLoadOptions,
  type DataOptions,
  type LoadDatasetOptions,
  type LoadDatasetOptionsByName,
  type SplitLoadOptions,
} from './load-options.js';
