import { type Dataset } from './dataset.js';
import { type DatasetColumnOptions } from './dataset-column-options.js';
import { readSourceBytes, type DatasetSource, type SourceOptions, sourceName } from './read-source.js';
import { tableFromBytes } from './table-from-bytes.js';
import { validateDataset } from './validate-dataset.js';

/** Options of `readDataset` and `streamDataset`. */
export interface ReadDatasetOptions extends SourceOptions, DatasetColumnOptions {
  /** Class names, overriding the file's `bcml.classes` metadata. */
  readonly classes?: readonly string[];
}

/**
 * Reads a whole dataset (an Arrow IPC file or stream: Feather V2, uncompressed, LZ4 or ZSTD) from a local path,
 * a `file://` URL or an `http(s)://` URL, and validates it against the convention. Uncompressed numeric columns
 * are views over the bytes read (no copy).
 */
export async function readDataset(source: DatasetSource, options: ReadDatasetOptions = {}): Promise<Dataset> {
  const bytes = await readSourceBytes(source, options);
  return datasetFromIPC(bytes, { ...options, file: sourceName(source) });
}

/**
 * Decodes and validates a dataset from Arrow IPC bytes already in memory; `file` names it in errors, `label` and
 * `imageShape` read its columns as `DatasetColumnOptions` say.
 */
export function datasetFromIPC(
  bytes: Uint8Array,
  options: DatasetColumnOptions & { readonly file?: string; readonly classes?: readonly string[] } = {},
): Dataset {
  const file = options.file ?? 'dataset';
  return validateDataset(tableFromBytes(bytes, file), { ...options, file });
}
