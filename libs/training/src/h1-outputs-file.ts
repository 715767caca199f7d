import { InvalidInputError } from '@bcml/core';
import { writeFileAtomic } from '@bcml/data';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { readFile } from 'node:fs/promises';

import { float32ListColumn, integerColumn, tableOf } from './arrow-columns.js';
import { H1Outputs } from './h1-outputs.js';

/** The schema tag of an h1 outputs table (schema metadata `bcml.schema`). */
export const H1_OUTPUTS_SCHEMA = 'bcml.h1-outputs/1';

/** h1's cached logits as an Arrow table `(id: uint32, logits: FixedSizeList<float32>[W])`, for storing as an artifact. */
export function h1OutputsToTable(outputs: H1Outputs): Table {
  return tableOf(
    [
      { name: 'id', kind: 'uint32', values: outputs.ids },
      { name: 'logits', kind: 'float32-list', values: outputs.logits, listSize: outputs.width },
    ],
    outputs.size,
    new Map([['bcml.schema', H1_OUTPUTS_SCHEMA]]),
  );
}

/** The h1 outputs stored in a table made by `h1OutputsToTable`; `source` names it in errors. */
export function h1OutputsFromTable(table: Table, source = 'h1Outputs'): H1Outputs {
  const ids = integerColumn(table, 'id', Uint32Array, false);
  const logits = float32ListColumn(table, 'logits');
  if (ids === undefined || logits === undefined) {
    const columns = table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`).join(', ');
    throw new InvalidInputError(
      source,
      `a ${H1_OUTPUTS_SCHEMA} table (id: uint32, logits: FixedSizeList<float32>[W])`,
      `columns (${columns})`,
    );
  }
  return new H1Outputs(ids, logits.values, logits.size);
}

/** Writes h1's cached logits as an Arrow IPC file, atomically. */
export async function writeH1Outputs(path: string, outputs: H1Outputs): Promise<void> {
  await writeFileAtomic(path, tableToIPC(h1OutputsToTable(outputs), 'file'));
}

/** Reads h1's cached logits from an Arrow IPC file written by `writeH1Outputs`. */
export async function readH1Outputs(path: string): Promise<H1Outputs> {
  return h1OutputsFromTable(tableFromIPC(await readFile(path)), path);
}
