import { csvToDataset, type CsvOptions } from './csv-to-dataset.js';
import { type Dataset } from './dataset.js';
import { idxToDataset, type IdxInput } from './idx-to-dataset.js';
import { type DatasetSource, readSourceBytes, type SourceOptions, sourceName } from './read-source.js';
import { writeDataset } from './write-dataset.js';

/**
 * Converts a CSV file (path or URL, optionally gzipped) into an Arrow dataset file at `output`, atomically; the
 * function behind `bcml data import` for CSV.
 */
export async function importCsv(
  input: DatasetSource,
  output: string,
  options: CsvOptions & SourceOptions,
): Promise<Dataset> {
  const bytes = await readSourceBytes(input, options);
  const dataset = csvToDataset(bytes, { file: sourceName(input), ...options });
  await writeDataset(output, dataset);
  return dataset;
}

/** Converts a pair of IDX files (images and labels, paths or URLs, optionally gzipped) into an Arrow dataset file. */
export async function importIdx(
  input: { readonly images: DatasetSource; readonly labels: DatasetSource },
  output: string,
  options: Omit<IdxInput, 'images' | 'labels' | 'imagesFile' | 'labelsFile'> & SourceOptions = {},
): Promise<Dataset> {
  const [images, labels] = await Promise.all([
    readSourceBytes(input.images, options),
    readSourceBytes(input.labels, options),
  ]);
  const dataset = idxToDataset({
    ...options,
    images,
    labels,
    imagesFile: sourceName(input.images),
    labelsFile: sourceName(input.labels),
  });
  await writeDataset(output, dataset);
  return dataset;
}
