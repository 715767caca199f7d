import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { RecordBatchFileWriter, type Table } from 'apache-arrow';

import { type Dataset } from './dataset.js';

/**
 * Encodes a table (or a dataset's table) as an uncompressed Arrow IPC file (Feather V2), one record batch per
 * table batch. Uncompressed, because readers then view numeric columns without copying, and because
 * apache-arrow 21.2.0 writes compressed buffers with the compressed length where the format (and pyarrow)
 * expects the uncompressed one.
 */
export function datasetToIPC(data: Table | Dataset): Uint8Array {
  const table = 'table' in data ? data.table : data;
  return RecordBatchFileWriter.writeAll(table).toUint8Array(true);
}

/**
 * Writes a table (or a dataset) as an Arrow IPC file, atomically: the bytes go to a temporary file next to `path`
 * that is then renamed, so a concurrent reader sees the old file or the whole new one, never a part.
 */
export async function writeDataset(path: string, data: Table | Dataset): Promise<void> {
  await writeFileAtomic(path, datasetToIPC(data));
}

/** Writes bytes to `path` through a uniquely named temporary file and a rename. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
