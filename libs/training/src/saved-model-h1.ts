import { access } from 'node:fs/promises';
import { join } from 'node:path';

import { InvalidInputError } from '@bcml/core';
import { getBackend, tensor, type Tensor } from '@tensorflow/tfjs-core';

import { type OnnxH1 } from './onnx-h1.js';
import { loadedNativePackage } from './select-backend.js';

/** What bcml uses of tfjs-node's `node` namespace (tfjs-node and tfjs-node-gpu both have it). */
interface TfjsNodeSavedModels {
  readonly node: {
    loadSavedModel(path: string, tags: string[], signature: string): Promise<SavedModelLike>;
  };
}

interface SavedModelLike {
  readonly inputs: readonly { readonly name: string; readonly shape?: readonly unknown[]; readonly dtype: string }[];
  readonly outputs: readonly { readonly name: string }[];
  predict(input: Tensor): Tensor | Tensor[] | Record<string, Tensor>;
  dispose(): void;
}

/** The signature Keras 3's `model.export(dir)` and TF's `tf.saved_model.save` write for serving. */
const SIGNATURE = 'serving_default';

/**
 * Loads a TensorFlow SavedModel folder (Keras 3's `model.export(dir)`) for h1 with the worker's native TensorFlow
 * (tfjs-node's `loadSavedModel`, tags `serve`, signature `serving_default`), as an `OnnxH1` that
 * `computeOnnxH1Outputs` runs batch by batch (its checks name `<field>.inputShape`, `<field>.outputWidth`). A folder
 * without `saved_model.pb`, a model tfjs cannot load, or one without exactly one float32 input and one output is an
 * `InvalidInputError` naming `<field>.savedModel`; it needs the native backend (`tensorflow` or `tensorflow-gpu`).
 */
export async function loadSavedModelH1(dir: string, field: string): Promise<OnnxH1> {
  const at = `${field}.savedModel`;
  const nativePackage = loadedNativePackage();
  if (nativePackage === undefined || getBackend() !== 'tensorflow') {
    throw new InvalidInputError(
      at,
      'a worker on the native TensorFlow backend (tensorflow or tensorflow-gpu)',
      getBackend(),
    );
  }
  try {
    await access(join(dir, 'saved_model.pb'));
  } catch (cause) {
    throw new InvalidInputError(at, 'a SavedModel folder holding saved_model.pb (Keras: model.export(dir))', dir, {
      cause,
    });
  }
  const { node } = (await import(nativePackage)) as TfjsNodeSavedModels;
  let model: SavedModelLike;
  try {
    model = await node.loadSavedModel(dir, ['serve'], SIGNATURE);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw new InvalidInputError(at, `a SavedModel with a "${SIGNATURE}" signature tagged "serve"`, reason, {
      cause: error,
    });
  }
  const [input] = model.inputs;
  if (model.inputs.length !== 1 || input === undefined || input.dtype !== 'float32' || model.outputs.length !== 1) {
    const describe = `${model.inputs.length} input(s) (${model.inputs.map((i) => `${i.name}: ${i.dtype}`).join(', ')}), ${model.outputs.length} output(s)`;
    model.dispose();
    throw new InvalidInputError(at, 'a model with one float32 input and one output', describe);
  }
  // The signature's dimensions may be protobuf Longs; −1 (or none) is a free dimension, named as ONNX names it.
  const inputShape = (input.shape ?? []).map((d, i) => {
    const n = Number(d);
    return Number.isFinite(n) && n >= 0 ? n : i === 0 ? 'batch' : `d${i}`;
  });
  return {
    inputShape,
    run: async (x, dims) => {
      const batch = tensor(x, [...dims], 'float32');
      try {
        const out = model.predict(batch);
        const result = out instanceof Array ? out[0]! : 'dataSync' in out ? (out as Tensor) : Object.values(out)[0]!;
        try {
          return { values: await result.data<'float32'>(), dims: [...result.shape] };
        } finally {
          if (out instanceof Array) out.forEach((t) => t.dispose());
          else if ('dataSync' in out) (out as Tensor).dispose();
          else Object.values(out).forEach((t) => t.dispose());
        }
      } finally {
        batch.dispose();
      }
    },
    dispose: () => {
      model.dispose();
      return Promise.resolve();
    },
  };
}
