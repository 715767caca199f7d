import { type Table, tableFromIPC } from 'apache-arrow';

import { registerCompressionCodecs } from './compression-codecs.js';
import { DatasetError } from './dataset-error.js';

/** The Feather V1 magic: an old format apache-arrow cannot read. */
const FEATHER_V1 = 'FEA1';

/**
 * Decodes an Arrow IPC file or stream (Feather V2, uncompressed, LZ4 or ZSTD) from bytes. Uncompressed numeric
 * buffers stay views over `bytes` (zero copy). Bytes that are not Arrow IPC are a `DatasetError`.
 */
export function tableFromBytes(bytes: Uint8Array, file: string): Table {
  registerCompressionCodecs();
  const head = new TextDecoder().decode(bytes.subarray(0, 4));
  if (head === FEATHER_V1) {
    throw new DatasetError(
      { file },
      'is a Feather V1 file, which is not supported: rewrite it with pyarrow.feather.write_feather(df, path) (V2)',
    );
  }
  // Arrow views 8-byte values in place, so the buffer must start on an 8-byte boundary.
  const input = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  let table: Table;
  try {
    table = tableFromIPC(input);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError({ file }, `is not a readable Arrow IPC file (${reason})`, { cause: error });
  }
  if (table.schema.fields.length === 0) {
    throw new DatasetError({ file }, `is not a readable Arrow IPC file (no schema found in ${bytes.length} bytes)`);
  }
  return table;
}
