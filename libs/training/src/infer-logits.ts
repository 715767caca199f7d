import { reshape, Tensor, tensor, tidy } from '@tensorflow/tfjs-core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { dataRows, type LabelledData } from './labelled-data.js';
import { nextMacrotask } from './next-macrotask.js';
import { throwIfCancelled } from './training-cancelled-error.js';

/** A model's logits on every instance of a dataset, in the data's row order. */
export interface DataLogits {
  readonly ids: Uint32Array;
  readonly labels: Int32Array;
  /** `ids.length × width` logits, row-major. */
  readonly logits: Float32Array;
  /** Logits per instance: C, or 1 for a binary head. */
  readonly width: number;
}

/** Options of `inferLogits`. */
export interface InferOptions {
  /** Examples per forward pass. */
  readonly batchSize: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `model` in inference mode (`training: false`: dropout off, batch-norm moving statistics) over `data` in
 * batches of `batchSize`, one forward pass per batch, yielding to the event loop between batches. Leaves no tensor.
 */
export async function inferLogits(model: LayersModel, data: LabelledData, options: InferOptions): Promise<DataLogits> {
  const [logits] = await inferEach(data, options, 1, (x, count) => [
    tidy(() => {
      const output = model.apply(tensor(x, [count, ...data.examples.shape], 'float32'), { training: false });
      if (!(output instanceof Tensor)) throw new Error('inferLogits: the model must have exactly one output tensor');
      return reshape(output, [count, -1]).dataSync() as Float32Array;
    }),
  ]);
  return logits!;
}

/**
 * The logits of `outputs` models on every instance of `data`, in its row order: `forward` gets each batch's
 * features (`count` examples, row-major) and returns one `count × width` array per model. Batches of `batchSize`,
 * yielding to the event loop between them.
 */
export async function inferEach(
  data: LabelledData,
  options: InferOptions,
  outputs: number,
  forward: (x: Float32Array, count: number) => readonly Float32Array[],
): Promise<DataLogits[]> {
  const { examples } = data;
  const rows = dataRows(data);
  const n = rows.length;
  const ids = new Uint32Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    ids[i] = examples.ids[rows[i]!]!;
    labels[i] = examples.y[rows[i]!]!;
  }
  const logits = Array.from({ length: outputs }, () => new Float32Array(0));
  let width = 0;
  for (let start = 0; start < n; start += options.batchSize) {
    throwIfCancelled(options.signal, 0, undefined);
    const batchRows = rows.slice(start, Math.min(start + options.batchSize, n));
    const x = new Float32Array(batchRows.length * examples.width);
    examples.gather(batchRows, x);
    const values = forward(x, batchRows.length);
    if (start === 0) {
      width = values[0]!.length / batchRows.length;
      for (let k = 0; k < outputs; k += 1) logits[k] = new Float32Array(n * width);
    }
    values.forEach((v, k) => logits[k]!.set(v, start * width));
    await nextMacrotask();
  }
  return logits.map((l) => ({ ids, labels, logits: l, width }));
}
