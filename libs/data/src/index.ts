// @bcml/data: the Arrow dataset convention, readers (path, URL, streaming), encoding, batching, splits and converters.
export { allExamples, type Batch, type BatchOptions, batches } from './batches.js';
export { float32View, vectorView } from './column-views.js';
export { registerCompressionCodecs } from './compression-codecs.js';
export { type CsvRecord, type CsvRecordOptions, csvRecords } from './csv-records.js';
export { type CsvOptions, csvToDataset } from './csv-to-dataset.js';
export { type Dataset, type DatasetInfo, type FeatureLayout, type IdSource } from './dataset.js';
export { type DatasetColumnOptions } from './dataset-column-options.js';
export { DATASET_COLUMNS, type DatasetTask, METADATA_KEYS } from './dataset-convention.js';
export {
  type ColumnEncoding,
  columnWidth,
  type DatasetEncoding,
  encodedFeatureNames,
  encodedShape,
  parseEncoding,
} from './dataset-encoding.js';
export { DatasetError, type DatasetErrorOptions, type DatasetLocation } from './dataset-error.js';
export {
  type DatasetMemoryEstimate,
  type DatasetMemoryEstimateOptions,
  estimateDatasetMemory,
} from './dataset-memory-estimate.js';
export { datasetExamples, type Examples, type ExamplesOptions } from './dataset-examples.js';
export { type ColumnValues, createDatasetTable, type DatasetTableSpec, withSchemaMetadata } from './dataset-table.js';
export { fitEncoding, type FitEncodingOptions } from './fit-encoding.js';
export { groupSplit, groupSplitByColumn, type GroupSplitOptions } from './group-split.js';
export { idxToDataset, type IdxInput } from './idx-to-dataset.js';
export { INSTANCE_DESCRIPTION_LENGTH, type InstanceDescriber, instanceDescriber } from './instance-description.js';
export { type InstanceImages, instanceImages } from './instance-images.js';
export { importCsv, importIdx } from './import-dataset.js';
export { type IdxArray, type IdxType, parseIdx } from './parse-idx.js';
export { datasetFromIPC, readDataset, type ReadDatasetOptions } from './read-dataset.js';
export { type DatasetSource, readSourceBytes, sourceName, type SourceOptions } from './read-source.js';
export { permutation, seededRandom } from './seeded-random.js';
export { type DatasetPart, streamDataset } from './stream-dataset.js';
export { tableFromBytes } from './table-from-bytes.js';
export { selectRows, takeColumn, takeRows } from './take-rows.js';
export { type RowSplit, trainTestSplit, type TrainTestSplitOptions } from './train-test-split.js';
export { updateScenario, type UpdateScenario, type UpdateScenarioOptions } from './update-scenario.js';
export { validateDataset, type ValidateDatasetOptions } from './validate-dataset.js';
export { datasetToIPC, writeDataset, writeFileAtomic } from './write-dataset.js';
