import { isH1Onnx, isH1Predictions, isH1SavedModel, type H1PredictionValues, type H1Spec } from '@bcml/core';
import {
  computeH1Outputs,
  computeOnnxH1Outputs,
  loadOnnxH1,
  loadSavedModelH1,
  readH1Predictions,
  type OnnxH1,
  type H1Outputs,
  type LabelledData,
} from '@bcml/training';

import { loadModelAt } from './load-model-at.js';
import { type LayersModelLike, type ModelStore } from './model-store.js';

/** A file read for h1 (a split's predictions, an ONNX model): its bytes and its name for error messages. */
export interface H1File {
  readonly bytes: Uint8Array;
  /** `test.arrow`, `model.onnx`. */
  readonly file: string;
}

/**
 * Reads h1's files; a missing or unreadable one is an `InvalidInputError` naming `field`, network failures stay
 * retryable. Injected by the worker's caller (`h1FileReader`).
 */
export interface H1FileReader {
  /** The predictions file of `split` below `uri` (`h1.predictions`: a folder of split files, or `{split}`). */
  splitFile(uri: string, split: string, field: string): Promise<H1File>;
  /** The one file at `uri` (`h1.onnx`). */
  file(uri: string, field: string): Promise<H1File>;
  /** The folder at `uri` (`h1.savedModel`) as a local folder, until `release` (which removes a downloaded copy). */
  folder(uri: string, field: string): Promise<H1Folder>;
}

/** A local copy (or the original) of a folder h1 reads, such as a SavedModel. */
export interface H1Folder {
  readonly dir: string;
  release(): Promise<void>;
}

/** Options of `H1Source.outputs`. */
export interface H1SourceOutputsOptions {
  /** Examples per forward pass of a model h1. */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** h1 wherever it comes from (a saved model, a predictions file, an ONNX model): its logits on a split, by id. */
export interface H1Source {
  /** h1's outputs on `data`, the split named `split`, checked against it (shape, width, ids, values). */
  outputs(split: string, data: LabelledData, options?: H1SourceOutputsOptions): Promise<H1Outputs>;
  /** The tfjs model, when h1 is one (its shape is checked against h2's training); else `undefined`. */
  readonly model: LayersModelLike | undefined;
  /** Frees the model or session, if any. */
  dispose(): Promise<void>;
}

/** What `openH1Source` reads with. */
export interface H1SourceDeps {
  readonly models: ModelStore;
  readonly files: H1FileReader;
}

/** How errors name h1. */
export interface H1SourceNames {
  /** Its name in shape and value errors (`h1` gives `h1.outputWidth`, `h1.predictions`, `h1.onnx`). */
  readonly name: string;
  /** The spec field of a tfjs model's URI, named when it cannot be loaded (default `<name>.uri`; `championAlias`). */
  readonly field?: string;
}

/**
 * Opens h1 as its spec names it: a saved tfjs model (loaded now, run once per split by `computeH1Outputs`), a
 * predictions file per split (read and checked against each split by `readH1Predictions`), an ONNX model (loaded
 * now into onnxruntime on the CPU, run once per split by `computeOnnxH1Outputs`), or a TF SavedModel (loaded now by
 * the native TensorFlow, run the same way). Bad input is an
 * `InvalidInputError` naming the field (`h1.uri`, `h1.predictions (test.arrow row 17)`, `h1.inputShape`).
 */
export async function openH1Source(deps: H1SourceDeps, h1: H1Spec, names: H1SourceNames): Promise<H1Source> {
  const { name } = names;
  if (isH1Predictions(h1)) {
    const field = `${name}.predictions`;
    return {
      model: undefined,
      dispose: () => Promise.resolve(),
      outputs: async (split, data) => {
        const { bytes, file } = await deps.files.splitFile(h1.predictions, split, field);
        return readH1Predictions(bytes, data, { outputs: h1.outputs, field, file });
      },
    };
  }
  if (isH1SavedModel(h1)) {
    const folder = await deps.files.folder(h1.savedModel, `${name}.savedModel`);
    let model: OnnxH1;
    try {
      model = await loadSavedModelH1(folder.dir, name);
    } finally {
      // tfjs-node reads the whole model into memory while loading: the downloaded copy is no longer needed.
      await folder.release();
    }
    return batchModelSource(model, h1.outputs, name, `${name}.savedModel`);
  }
  if (isH1Onnx(h1)) {
    const { bytes } = await deps.files.file(h1.onnx, `${name}.onnx`);
    return batchModelSource(await loadOnnxH1(bytes, name), h1.outputs, name, `${name}.onnx`);
  }
  const model = await loadModelAt(deps.models, h1.uri, names.field ?? `${name}.uri`);
  return {
    model,
    dispose: () => {
      model.dispose();
      return Promise.resolve();
    },
    outputs: (_split, data, options = {}) =>
      computeH1Outputs(model, data, {
        field: name,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }),
  };
}

/** An h1 run batch by batch outside tfjs' layers (an ONNX session, a SavedModel): `computeOnnxH1Outputs` per split. */
function batchModelSource(model: OnnxH1, outputs: H1PredictionValues, name: string, valuesField: string): H1Source {
  return {
    model: undefined,
    dispose: () => model.dispose(),
    outputs: (_split, data, options = {}) =>
      computeOnnxH1Outputs(model, data, {
        outputs,
        field: name,
        valuesField,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }),
  };
}
