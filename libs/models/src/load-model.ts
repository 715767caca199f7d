import { InvalidInputError } from '@bcml/core';
import { io } from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { resolve } from 'node:path';

import { fileIOHandler } from './file-io-handler.js';

/**
 * Loads a tfjs layers model from a local folder (or the path of its `model.json`) written by `saveModel`,
 * tfjs-node's `file://` handler or tensorflowjs_converter; the weight shards its manifest names are read from
 * the same folder. A missing folder or `model.json`, weight files shorter or longer than the manifest lists, or a
 * topology tfjs cannot build throws an `InvalidInputError` naming `path`; file-system errors pass unchanged.
 */
export async function loadModel(path: string): Promise<LayersModel> {
  const artifacts = await fileIOHandler(path).load();
  checkWeightBytes(artifacts, path);
  try {
    return await loadLayersModel({ load: () => Promise.resolve(artifacts) });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidInputError(
      resolve(path),
      `a tfjs layers model whose topology and weights load (${reason.slice(0, 200)})`,
      'a model that does not',
      { cause },
    );
  }
}

/** Bytes per element of the dtypes a weights manifest stores (`quantization.dtype` when quantized). */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  float16: 2,
  uint16: 2,
  uint8: 1,
};

/** The weight files hold exactly the bytes the manifest lists (tfjs would read a truncated file as garbage). */
function checkWeightBytes(artifacts: io.ModelArtifacts, path: string): void {
  let expected = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const bytes = DTYPE_BYTES[spec.quantization?.dtype ?? spec.dtype];
    if (bytes === undefined) return; // strings: variable length, left to tfjs
    expected += spec.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  const received = io.CompositeArrayBuffer.join(artifacts.weightData ?? []).byteLength;
  if (received !== expected) {
    throw new InvalidInputError(
      resolve(path),
      `weight files of ${expected} bytes in all, as its manifest lists (a truncated or foreign weights.bin?)`,
      received,
    );
  }
}
