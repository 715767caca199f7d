import { gunzipSync } from 'node:zlib';

import { DatasetError } from './dataset-error.js';

/** The element types of the IDX format (LeCun's MNIST files), by their type byte. */
const IDX_TYPES = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
} as const;

/** An IDX element type. */
export type IdxType = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];

/** A decoded IDX array: element type, dimensions, and the values in row-major order. */
export interface IdxArray {
  readonly type: IdxType;
  readonly dims: readonly number[];
  /** uint8 data is a view over the (decompressed) input; wider types are converted from big-endian. */
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Decodes an IDX file (optionally gzipped): two zero bytes, a type byte, a dimension count, big-endian int32
 * dimensions, then the values big-endian. A bad magic, an unknown type or a wrong length is a `DatasetError`.
 */
export function parseIdx(input: Uint8Array, file = 'idx'): IdxArray {
  let bytes = input;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new DatasetError({ file }, `is not a readable gzip file (${(error as Error).message})`, { cause: error });
    }
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    const head = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DatasetError(
      { file },
      `is not an IDX file: expected the magic bytes 00 00 <type> <dims>, received ${head === '' ? 'nothing' : head}`,
    );
  }
  const typeCode = bytes[2]!;
  const type = IDX_TYPES[typeCode as keyof typeof IDX_TYPES] as (typeof IDX_TYPES)[keyof typeof IDX_TYPES] | undefined;
  if (type === undefined) {
    throw new DatasetError({ file }, `has an unknown IDX element type 0x${typeCode.toString(16).padStart(2, '0')}`);
  }
  const rank = bytes[3]!;
  const header = 4 + 4 * rank;
  if (bytes.length < header) {
    throw new DatasetError({ file }, `is truncated: expected a ${header}-byte header, received ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = header + count * type.bytes;
  if (bytes.length !== expected) {
    throw new DatasetError(
      { file },
      `has the wrong length: expected ${expected} bytes (${dims.join(' × ')} ${type.name} after a ${header}-byte header), received ${bytes.length}`,
    );
  }
  return { type: type.name, dims, data: decodeValues(view, header, count, type.name, bytes) };
}

/** The values after the header, big-endian to native. */
function decodeValues(
  view: DataView,
  start: number,
  count: number,
  type: IdxType,
  bytes: Uint8Array,
): IdxArray['data'] {
  switch (type) {
    case 'uint8':
      return bytes.subarray(start, start + count);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + start, count);
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(start + 2 * i, false));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(start + 4 * i, false));
    case 'float32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(start + 4 * i, false));
    case 'float64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(start + 8 * i, false));
  }
}
