import { InvalidInputError, trainingSpecDefaults, type H1PredictionValues } from '@bcml/core';
import { InferenceSession, Tensor } from 'onnxruntime-node';

import { H1Outputs } from './h1-outputs.js';
import { checkH1Values, h1Logit } from './h1-values.js';
import { checkLabelledData, dataRows, type LabelledData } from './labelled-data.js';
import { nextMacrotask } from './next-macrotask.js';
import { throwIfCancelled } from './training-cancelled-error.js';

/** An ONNX model loaded for h1 (`loadOnnxH1`): one float32 input, one output. Release it with `dispose`. */
export interface OnnxH1 {
  /** The input's shape as the model declares it: a number, or a name for a symbolic dimension (`batch`). */
  readonly inputShape: readonly (number | string)[];
  /** Runs the model on an input of dimensions `dims` (`x` row-major); resolves the output's values and dimensions. */
  run(
    x: Float32Array,
    dims: readonly number[],
  ): Promise<{ readonly values: ArrayLike<number>; readonly dims: readonly number[] }>;
  /** Frees the onnxruntime session. */
  dispose(): Promise<void>;
}

/** Options of `computeOnnxH1Outputs`. */
export interface OnnxH1OutputsOptions {
  /** Whether the model outputs logits or probabilities (turned into logits as `h1Logit` does). */
  readonly outputs: H1PredictionValues;
  /** h1's name in errors (`h1` gives `h1.inputShape`, `h1.outputWidth`, `h1.onnx`). */
  readonly field: string;
  /** Where bad values are said to come from (default `<field>.onnx`; `<field>.savedModel` for a SavedModel). */
  readonly valuesField?: string;
  /** Examples per run (default 1024). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * Loads an ONNX model from its bytes into an onnxruntime session on the CPU. Bytes that are not an ONNX model, or a
 * model without exactly one float32 tensor input and one output, are an `InvalidInputError` naming `<field>.onnx`.
 */
export async function loadOnnxH1(bytes: Uint8Array, field: string): Promise<OnnxH1> {
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`${field}.onnx`, 'an ONNX model onnxruntime can load', reason, { cause: error });
  }
  const [input] = session.inputMetadata;
  const output = session.outputNames[0];
  if (session.inputMetadata.length !== 1 || input === undefined || !input.isTensor || input.type !== 'float32') {
    await session.release();
    const inputs = session.inputMetadata.map((m) => `${m.name}: ${m.isTensor ? m.type : 'not a tensor'}`).join(', ');
    throw new InvalidInputError(`${field}.onnx`, 'a model with one float32 tensor input', `inputs (${inputs})`);
  }
  if (session.outputNames.length !== 1 || output === undefined) {
    await session.release();
    throw new InvalidInputError(
      `${field}.onnx`,
      'a model with one output',
      `outputs (${session.outputNames.join(', ')})`,
    );
  }
  return {
    inputShape: input.shape,
    run: async (x, dims) => {
      const result = (await session.run({ [input.name]: new Tensor('float32', x, [...dims]) }))[output]!;
      return { values: result.data as ArrayLike<number>, dims: result.dims };
    },
    dispose: () => session.release(),
  };
}

/**
 * Runs an ONNX h1 (or any `OnnxH1`, such as a SavedModel's `loadSavedModelH1`) once over `data` (batches of `batchSize`, yielding between them) and returns its logits by instance
 * id, checked first and throughout: its input must be `[batch, ...the data's feature shape]` (else
 * `<field>.inputShape`), its output `[batch, C]` or, for a binary task, `[batch, 1]` (else `<field>.outputWidth`),
 * its values finite logits or probabilities (`checkH1Values`, naming `<field>.onnx (instance id <id>)`).
 */
export async function computeOnnxH1Outputs(
  model: OnnxH1,
  data: LabelledData,
  options: OnnxH1OutputsOptions,
): Promise<H1Outputs> {
  const { field, outputs } = options;
  const valuesField = options.valuesField ?? `${field}.onnx`;
  checkLabelledData(data, 'data');
  const { examples, numClasses } = data;
  const expectedShape = ['batch', ...examples.shape];
  const [, ...dims] = model.inputShape;
  if (
    model.inputShape.length !== expectedShape.length ||
    dims.some((d, i) => typeof d === 'number' && d !== examples.shape[i])
  ) {
    throw new InvalidInputError(
      `${field}.inputShape`,
      `[${expectedShape.join(', ')}] (a batch of the data's examples)`,
      `[${model.inputShape.join(', ')}]`,
    );
  }
  const rows = dataRows(data);
  const n = rows.length;
  const batchSize = options.batchSize ?? trainingSpecDefaults.evalBatchSize;
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) ids[i] = examples.ids[rows[i]!]!;
  let width = 0;
  let logits = new Float32Array(0);
  for (let start = 0; start < n; start += batchSize) {
    throwIfCancelled(options.signal, 0, undefined);
    const batchRows = rows.slice(start, Math.min(start + batchSize, n));
    const count = batchRows.length;
    const x = new Float32Array(count * examples.width);
    examples.gather(batchRows, x);
    const { values, dims: out } = await model.run(x, [count, ...examples.shape]);
    const outWidth = out.length === 2 && out[0] === count ? out[1]! : -1;
    if (outWidth !== numClasses && !(outWidth === 1 && numClasses === 2)) {
      throw new InvalidInputError(
        `${field}.outputWidth`,
        `an output of shape [batch, ${numClasses}]${numClasses === 2 ? ' or [batch, 1]' : ''} (C = ${numClasses})`,
        `[${out.join(', ')}]`,
      );
    }
    if (start === 0) {
      width = outWidth;
      logits = new Float32Array(n * width);
    }
    for (let b = 0; b < count; b += 1) {
      checkH1Values(values, b, width, outputs, `${valuesField} (instance id ${ids[start + b]!})`);
      for (let k = 0; k < width; k += 1) logits[(start + b) * width + k] = h1Logit(values, b, width, k, outputs);
    }
    await nextMacrotask();
  }
  return new H1Outputs(ids, logits, width);
}
