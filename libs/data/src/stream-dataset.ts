import { open } from 'node:fs/promises';

import { type RecordBatch, RecordBatchReader, Table } from 'apache-arrow';

import { registerCompressionCodecs } from './compression-codecs.js';
import { type Dataset } from './dataset.js';
import { METADATA_KEYS } from './dataset-convention.js';
import { DatasetError } from './dataset-error.js';
import { type ReadDatasetOptions } from './read-dataset.js';
import { type DatasetSource, fetchSource, resolveSource, sourceName } from './read-source.js';
import { checkDataset } from './validate-dataset.js';

/** One record batch of a streamed dataset, validated on its own (ids also against the earlier batches). */
export interface DatasetPart extends Dataset {
  /** The position of this record batch in the file. */
  readonly index: number;
  /** The file row of this part's first row. */
  readonly rowOffset: number;
}

/** The 8 bytes that open an Arrow IPC file ("ARROW1" and padding) before its stream of messages. */
const FILE_PREFIX = 8;

/**
 * Reads a dataset record batch by record batch, for files larger than memory: a local file (file or stream
 * format) is read batch by batch from disk, a URL as the response arrives. Each batch is validated (row numbers
 * in messages are file rows); the classes must be declared (`bcml.classes` or the `classes` option) so that every
 * part maps labels the same way.
 */
export async function* streamDataset(
  source: DatasetSource,
  options: ReadDatasetOptions = {},
): AsyncGenerator<DatasetPart, void, undefined> {
  registerCompressionCodecs();
  const file = sourceName(source);
  const resolved = resolveSource(source);
  const seenIds = new Map<number, number>();
  let rowOffset = 0;
  let index = 0;
  const batches = resolved.kind === 'path' ? fileBatches(resolved.path, file) : urlBatches(resolved.url, file, options);
  for await (const batch of batches) {
    const table = new Table(batch.schema, batch);
    if (index === 0 && options.classes === undefined && !batch.schema.metadata.has(METADATA_KEYS.classes)) {
      throw new DatasetError(
        { file },
        `streaming needs the class names: add metadata "${METADATA_KEYS.classes}" or pass the classes option`,
      );
    }
    const { label, imageShape, optionNames, classes } = options;
    const part = checkDataset(table, { file, rowOffset, label, imageShape, optionNames, classes }, seenIds);
    yield { ...part, index, rowOffset };
    rowOffset += table.numRows;
    index += 1;
  }
}

/** The record batches of a local file, read one at a time through a file handle. */
async function* fileBatches(path: string, file: string): AsyncGenerator<RecordBatch> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new DatasetError({ file }, `cannot read the file (${(error as Error).message})`, { cause: error });
  }
  try {
    yield* decodeBatches(async () => RecordBatchReader.from(handle), file);
  } finally {
    await handle.close();
  }
}

/** The record batches of a URL's body, decoded as the bytes arrive (an IPC file is read as the stream it holds). */
async function* urlBatches(url: URL, file: string, options: ReadDatasetOptions): AsyncGenerator<RecordBatch> {
  const response = await fetchSource(url, file, options);
  const body = response.body;
  if (body === null) throw new DatasetError({ file }, 'the response has no body');
  try {
    yield* decodeBatches(async () => RecordBatchReader.from(withoutFilePrefix(chunksOf(body), file)), file);
  } finally {
    await body.cancel().catch(() => undefined);
  }
}

/**
 * The chunks of a web stream through its reader, which both Node's and the DOM's typings declare (a program that
 * also loads the `dom` lib, as the report's figure code does, has no async iterator on `ReadableStream`).
 */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Iterates a reader's batches, turning decoding failures into `DatasetError`s. */
async function* decodeBatches(
  openReader: () => Promise<AsyncIterable<RecordBatch> | Iterable<RecordBatch>>,
  file: string,
): AsyncGenerator<RecordBatch> {
  const fail = (error: unknown): DatasetError =>
    error instanceof DatasetError
      ? error
      : new DatasetError({ file }, `is not a readable Arrow IPC file (${(error as Error).message})`, { cause: error });
  let reader: AsyncIterable<RecordBatch> | Iterable<RecordBatch>;
  try {
    reader = await openReader();
  } catch (error) {
    throw fail(error);
  }
  const iterator = Symbol.asyncIterator in reader ? reader[Symbol.asyncIterator]() : reader[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<RecordBatch>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw fail(error);
    }
    if (next.done === true) return;
    yield next.value;
  }
}

/** The body's bytes, minus the IPC file prefix when present: the messages after it form a valid IPC stream. */
async function* withoutFilePrefix(body: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Uint8Array> {
  let head = new Uint8Array(0);
  let started = false;
  for await (const chunk of body) {
    if (started) {
      yield chunk;
      continue;
    }
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    if (head.length < FILE_PREFIX) continue;
    started = true;
    const isFile = new TextDecoder().decode(head.subarray(0, 6)) === 'ARROW1';
    if (new TextDecoder().decode(head.subarray(0, 4)) === 'FEA1') {
      throw new DatasetError({ file }, 'is a Feather V1 file, which is not supported: rewrite it as Feather V2');
    }
    yield isFile ? head.subarray(FILE_PREFIX) : head;
  }
  if (!started && head.length > 0) yield head;
}
