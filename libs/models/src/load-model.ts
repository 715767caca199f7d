import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';

import { fileIOHandler } from './file-io-handler.js';

/**
 * Loads a tfjs layers model from a local folder (or the path of its `model.json`) written by `saveModel`,
 * tfjs-node's `file://` handler or tensorflowjs_converter; the weight shards its manifest names are read from
 * the same folder. A missing folder or `model.json` throws an `InvalidInputError` naming `path`.
 */
export async function loadModel(path: string): Promise<LayersModel> {
  return loadLayersModel(fileIOHandler(path));
}
