import { type LayersModel } from '@tensorflow/tfjs-layers';
import { resolve } from 'node:path';

import { fileIOHandler, MODEL_JSON, WEIGHTS_BIN } from './file-io-handler.js';

/** Where `saveModel` wrote a model. */
export interface SavedModel {
  /** The absolute path of the model folder. */
  readonly dir: string;
  /** The files in it: `model.json` and `weights.bin`. */
  readonly files: readonly string[];
  /** The size of `weights.bin` in bytes. */
  readonly weightBytes: number;
}

/**
 * Saves `model` to the folder `dir` in tfjs' layers-model format (`model.json` + `weights.bin`, loadable by
 * `tf.loadLayersModel('file://<dir>/model.json')` and by `loadModel`), atomically: readers see the old folder or
 * the complete new one. An existing `dir` must be empty or a saved model (it is replaced).
 */
export async function saveModel(model: LayersModel, dir: string): Promise<SavedModel> {
  const result = await model.save(fileIOHandler(dir));
  return {
    dir: resolve(dir),
    files: [MODEL_JSON, WEIGHTS_BIN],
    weightBytes: result.modelArtifactsInfo.weightDataBytes ?? 0,
  };
}
