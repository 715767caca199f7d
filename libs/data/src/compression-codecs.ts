// lz4js ships no types: its declaration must travel with this file into every program that compiles @bcml/data's
// sources (other packages' typechecks include this file through the package, not the declaration file).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./lz4js.d.ts" />
import { CompressionType, compressionRegistry } from 'apache-arrow';
import { decompress as zstdDecompress } from 'fzstd';
import { decompress as lz4Decompress } from 'lz4js';

/**
 * Registers IPC body decoders with apache-arrow's global registry: LZ4 frame (pandas and pyarrow write Feather
 * files with it by default) and ZSTD. Idempotent; every reader calls it. No encoders: apache-arrow 21.2.0 writes
 * compressed buffers that pyarrow rejects (see `datasetToIPC`), so bcml writes uncompressed files.
 */
export function registerCompressionCodecs(): void {
  if (compressionRegistry.get(CompressionType.LZ4_FRAME) === null) {
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (bytes) => aligned(lz4Decompress(bytes)) });
  }
  if (compressionRegistry.get(CompressionType.ZSTD) === null) {
    compressionRegistry.set(CompressionType.ZSTD, { decode: (bytes) => aligned(zstdDecompress(bytes)) });
  }
}

/** Arrow views 8-byte values (int64, float64) over decoded buffers, so a misaligned output is copied once. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}
