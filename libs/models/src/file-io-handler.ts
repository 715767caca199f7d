import { InvalidInputError } from '@bcml/core';
import { io } from '@tensorflow/tfjs-core';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import { writeFolderAtomically } from './write-folder-atomically.js';

/** The topology and weights manifest file of a saved model (tfjs' layers-model format). */
export const MODEL_JSON = 'model.json';

/** The weights file `saveModel` writes (one shard, as tfjs-node's `file://` handler does). */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * A tfjs `IOHandler` on the local file system that needs no tfjs-node: `save` writes `<dir>/model.json` and
 * `<dir>/weights.bin` exactly as tfjs-node's `file://` handler does (atomically: temporary folder + rename);
 * `load` reads a folder (or a `model.json` path) and every weight shard its manifest names (tfjs-node's,
 * tensorflowjs_converter's). Use with `model.save(handler)` and `loadLayersModel(handler)`.
 */
export function fileIOHandler(path: string): Required<Pick<io.IOHandler, 'save' | 'load'>> {
  return {
    save: async (artifacts) => {
      if (artifacts.modelTopology instanceof ArrayBuffer || artifacts.modelTopology === undefined) {
        throw new InvalidInputError('modelTopology', 'a JSON (layers) model topology', 'a binary graph');
      }
      const weights = new Uint8Array(io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...optionalFields(artifacts),
      };
      await writeFolderAtomically(
        path,
        [
          { name: MODEL_JSON, data: JSON.stringify(modelJson) },
          { name: WEIGHTS_BIN, data: weights },
        ],
        MODEL_JSON,
      );
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: async () => {
      const jsonPath = await modelJsonPath(path);
      const modelJson = parseModelJson(jsonPath, await readFile(jsonPath, 'utf8'));
      const folder = dirname(jsonPath);
      return io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const shards: ArrayBuffer[] = [];
        for (const [g, group] of manifest.entries()) {
          for (const [p, shard] of group.paths.entries()) {
            if (isAbsolute(shard) || shard.split(/[\\/]/).includes('..')) {
              throw new InvalidInputError(`weightsManifest[${g}].paths[${p}]`, 'a path inside the model folder', shard);
            }
            const bytes = await readFile(join(folder, shard));
            shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        return [io.getWeightSpecs(manifest), io.CompositeArrayBuffer.join(shards)];
      });
    },
  };
}

/** The `model.json` of `path`: `path` itself when it is a file, else `<path>/model.json`. */
async function modelJsonPath(path: string): Promise<string> {
  const found = await stat(path).catch(() => undefined);
  if (found === undefined) throw new InvalidInputError('path', `a model folder holding ${MODEL_JSON}`, resolve(path));
  const file = found.isDirectory() ? join(path, MODEL_JSON) : path;
  if (found.isDirectory() && (await stat(file).catch(() => undefined)) === undefined) {
    throw new InvalidInputError('path', `a model folder holding ${MODEL_JSON}`, resolve(path));
  }
  return resolve(file);
}

/** A parsed `model.json`, checked for a topology and a weights manifest. */
function parseModelJson(path: string, text: string): io.ModelJSON {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(path, 'a JSON file', `${text.length} characters that are not JSON (${String(cause)})`, {
      cause,
    });
  }
  const json = (typeof value === 'object' && value !== null ? value : {}) as Partial<io.ModelJSON>;
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw new InvalidInputError(`${path} modelTopology`, 'a tfjs layers-model topology', json.modelTopology);
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new InvalidInputError(`${path} weightsManifest`, 'an array of weight groups', json.weightsManifest);
  }
  return json as io.ModelJSON;
}

/** The optional `model.json` fields tfjs-node writes, where the artifacts have them. */
function optionalFields(artifacts: io.ModelArtifacts): Partial<io.ModelJSON> {
  return {
    ...(artifacts.format === undefined ? {} : { format: artifacts.format }),
    ...(artifacts.generatedBy === undefined ? {} : { generatedBy: artifacts.generatedBy }),
    ...(artifacts.convertedBy === undefined ? {} : { convertedBy: artifacts.convertedBy }),
    ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.signature === undefined ? {} : { signature: artifacts.signature }),
    ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
  };
}
