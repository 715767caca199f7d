import { writeFileAtomic } from '@bcml/data';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { readFile } from 'node:fs/promises';

import { predictionArrays, predictionsTable } from './predictions-table.js';

/** Writes a predictions table as an Arrow IPC file (uncompressed), atomically (temporary file + rename). */
export async function writePredictions(path: string, table: Table): Promise<void> {
  predictionArrays(table, 'table');
  await writeFileAtomic(path, tableToIPC(table, 'file'));
}

/**
 * Reads a predictions file written by `writePredictions` (or by any writer of the same columns, e.g. pyarrow),
 * checking its columns; returns one record batch.
 */
export async function readPredictions(path: string): Promise<Table> {
  const bytes = await readFile(path);
  return predictionsTable(predictionArrays(tableFromIPC(bytes), path));
}
