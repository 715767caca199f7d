import { open, type FileHandle } from 'node:fs/promises';

import { DataType, type FixedSizeList, Message, MessageHeader, type Schema } from 'apache-arrow';
// The footer's decoder (not in apache-arrow's root barrel): the file format keeps its schema only there.
import { Footer } from 'apache-arrow/ipc/metadata/file';

import { DATASET_COLUMNS, METADATA_KEYS } from './dataset-convention.js';
import { encodedShape, parseEncoding } from './dataset-encoding.js';
import { DatasetError } from './dataset-error.js';

/** What a dataset file takes in memory once read whole and encoded, as `estimateDatasetMemory` reckons it. */
export interface DatasetMemoryEstimate {
  /** The file's size: readers hold it whole (numeric columns are views over it). */
  readonly fileBytes: number;
  /** Rows, summed over its record batches. */
  readonly rows: number;
  /**
   * Model inputs per row: the `bcml.encoding` metadata's, else one per feature column (a category per dictionary
   * entry, a list's size; a plain string column counts 1, its categories being known only decoded: a lower bound).
   */
  readonly width: number;
  /** `fileBytes + rows × (4·width + 8)`: the file, its float32 examples, int32 labels and ids. */
  readonly bytes: number;
}

/** Options of `estimateDatasetMemory`. */
export interface DatasetMemoryEstimateOptions {
  /** The label column (default `label`), not a feature. */
  readonly label?: string | undefined;
  /** Names the file in errors (default: `path`). */
  readonly file?: string;
}

/** Bytes per row besides the examples: an int32 label and an int32 id. */
const ROW_OVERHEAD = 8;
/** The 8 bytes that open an Arrow IPC file ("ARROW1" and padding) before its stream of messages. */
const FILE_PREFIX = 8;

/**
 * Estimates the memory a local Arrow IPC dataset file takes once read and encoded (`DatasetMemoryEstimate`) from its
 * metadata alone: the schema and the record and dictionary batch headers, read message by message through a file
 * handle, bodies skipped, nothing decoded. A file whose messages cannot be walked (not Arrow, truncated, a header
 * longer than the file) is a `DatasetError` naming it.
 */
export async function estimateDatasetMemory(
  path: string,
  options: DatasetMemoryEstimateOptions = {},
): Promise<DatasetMemoryEstimate> {
  const file = options.file ?? path;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const prefix = await readAt(handle, 0, Math.min(FILE_PREFIX, size));
    const isFile = new TextDecoder().decode(prefix.subarray(0, 6)) === 'ARROW1';
    let position = isFile ? FILE_PREFIX : 0;
    // The file format keeps its schema in the footer (apache-arrow's writer puts it only there).
    let schema: Schema | undefined = isFile ? await footerSchema(handle, size, file) : undefined;
    let rows = 0;
    const dictionaries = new Map<number, number>();
    while (position + 4 <= size) {
      const bytes = await readAt(handle, position, Math.min(8, size - position));
      const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      // A message: 0xFFFFFFFF, the metadata length, the metadata (a flatbuffer), the body (before format 0.15 the
      // continuation marker was missing). A zero length ends the stream (the file's footer follows).
      const marked = head.getInt32(0, true) === -1;
      const length = marked ? (head.byteLength >= 8 ? head.getInt32(4, true) : 0) : head.getInt32(0, true);
      if (length === 0) break;
      const start = position + (marked ? 8 : 4);
      if (length < 0 || start + length > size) {
        throw new DatasetError(
          { file },
          `is not a readable Arrow IPC file (a message header of ${length} bytes at byte ${position})`,
        );
      }
      const metadata = await readAt(handle, start, length);
      try {
        // Headers decode lazily: a corrupted one (a length past 2^53) throws here, not in `decode`.
        const message = Message.decode(metadata);
        if (message.headerType === MessageHeader.Schema) {
          schema ??= message.header() as Schema;
        } else if (message.headerType === MessageHeader.RecordBatch) {
          rows += (message.header() as { readonly length: number }).length;
        } else if (message.headerType === MessageHeader.DictionaryBatch) {
          const batch = message.header() as { readonly id: number; readonly isDelta: boolean; readonly length: number };
          dictionaries.set(batch.id, (batch.isDelta ? (dictionaries.get(batch.id) ?? 0) : 0) + batch.length);
        }
        position = start + length + message.bodyLength;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new DatasetError({ file }, `is not a readable Arrow IPC file (${reason})`, { cause: error });
      }
    }
    if (schema === undefined) throw new DatasetError({ file }, 'is not a readable Arrow IPC file (no schema found)');
    const width = encodedWidth(schema, dictionaries, options.label ?? DATASET_COLUMNS.label, file);
    return { fileBytes: size, rows, width, bytes: size + rows * (4 * width + ROW_OVERHEAD) };
  } finally {
    await handle.close();
  }
}

/**
 * Model inputs per row, as `validateDataset` and `fitEncoding` lay them out: the stored encoding's; else a `features`
 * vector's or an image's size; else per feature column (those `bcml.feature_names` lists, or the numeric and boolean
 * ones) 1, or a dictionary column's entries (its one-hot categories).
 */
function encodedWidth(schema: Schema, dictionaries: ReadonlyMap<number, number>, label: string, file: string): number {
  const stored = schema.metadata.get(METADATA_KEYS.encoding);
  if (stored !== undefined) return encodedShape(parseEncoding(stored, file)).reduce((a, b) => a * b, 1);
  const fields = schema.fields.filter((f) => f.name !== DATASET_COLUMNS.id && f.name !== label);
  const list = fields.find((f) => DataType.isFixedSizeList(f.type));
  if (list !== undefined) return (list.type as FixedSizeList).listSize;
  const declared = declaredFeatures(schema.metadata.get(METADATA_KEYS.featureNames));
  let width = 0;
  for (const { name, type } of fields) {
    const numeric = DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type);
    if (declared === undefined ? !numeric : !declared.has(name)) continue;
    width += DataType.isDictionary(type) ? (dictionaries.get(type.id) ?? 1) : 1;
  }
  return width;
}

/** The names `bcml.feature_names` lists, `undefined` when absent or not a JSON list (the reader reports that). */
function declaredFeatures(text: string | undefined): ReadonlySet<string> | undefined {
  if (text === undefined) return undefined;
  try {
    const names: unknown = JSON.parse(text);
    return Array.isArray(names) ? new Set(names.filter((n): n is string => typeof n === 'string')) : undefined;
  } catch {
    return undefined; // malformed: validateDataset names it when the file is read
  }
}

/** The schema in an Arrow file's footer (`<footer><int32 length>ARROW1` at its end). */
async function footerSchema(handle: FileHandle, size: number, file: string): Promise<Schema> {
  const tail = await readAt(handle, Math.max(0, size - 10), 10);
  const length = tail.byteLength === 10 ? new DataView(tail.buffer).getInt32(0, true) : -1;
  if (length <= 0 || length > size - 10 - FILE_PREFIX) {
    throw new DatasetError({ file }, `is not a readable Arrow IPC file (a footer of ${length} bytes in ${size})`);
  }
  try {
    return Footer.decode(await readAt(handle, size - 10 - length, length)).schema;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError({ file }, `is not a readable Arrow IPC file (${reason})`, { cause: error });
  }
}

/** `length` bytes of the file at `position`, in a buffer of their own. */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const { bytesRead } = await handle.read(bytes, 0, length, position);
  return bytes.subarray(0, bytesRead);
}
