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
    compressionRegistry.set(CompressionType.LZ4_FRAME, {
      decode: (bytes) => aligned(lz4Decompress(bytes, lz4FrameBound(bytes))),
    });
  }
  if (compressionRegistry.get(CompressionType.ZSTD) === null) {
    compressionRegistry.set(CompressionType.ZSTD, { decode: (bytes) => aligned(zstdDecompress(bytes)) });
  }
}

const LZ4_MAGIC = 0x184d2204;
/** Most bytes one LZ4 sequence can expand a compressed byte into (a match of 255-extended length): a safe bound. */
const LZ4_MAX_RATIO = 255;

/**
 * An upper bound of the decoded size of an LZ4 frame, from its block sizes (never from its declared content size,
 * which a corrupted or forged frame may set to terabytes: lz4js would then zero-fill a plain array for hours). A
 * frame whose header or blocks run past its end, or whose blocks exceed the declared block size, throws.
 */
export function lz4FrameBound(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (problem: string): never => {
    throw new Error(`corrupted LZ4 frame: ${problem}`);
  };
  if (bytes.length < 7 || view.getUint32(0, true) !== LZ4_MAGIC) fail('no LZ4 frame magic number');
  const flags = bytes[4]!;
  if ((flags & 0xc0) !== 0x40) fail(`unknown frame version ${flags >> 6}`);
  const blockSizeIndex = (bytes[5]! >> 4) & 7;
  if (blockSizeIndex < 4) fail(`unknown block size index ${blockSizeIndex}`);
  const maxBlock = 1 << (8 + 2 * blockSizeIndex);
  const blockChecksums = (flags & 0x10) !== 0;
  let at = 6 + ((flags & 0x08) !== 0 ? 8 : 0) + 1;
  let bound = 0;
  for (;;) {
    if (at + 4 > bytes.length) fail(`its blocks run past its ${bytes.length} bytes`);
    const word = view.getUint32(at, true);
    at += 4;
    if (word === 0) return bound;
    const stored = (word & 0x80000000) !== 0;
    const size = word & 0x7fffffff;
    if (size > maxBlock) fail(`a block of ${size} bytes exceeds the frame's block size ${maxBlock}`);
    at += size + (blockChecksums ? 4 : 0);
    if (at > bytes.length) fail(`its blocks run past its ${bytes.length} bytes`);
    bound += stored ? size : Math.min(maxBlock, size * LZ4_MAX_RATIO + 16);
  }
}

/** Arrow views 8-byte values (int64, float64) over decoded buffers, so a misaligned output is copied once. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}
