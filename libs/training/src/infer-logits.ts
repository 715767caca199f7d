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
  const { examples } = data;
  const rows = dataRows(data);
  const n = rows.length;
  const ids = new Uint32Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    ids[i] = examples.ids[rows[i]!]!;
    labels[i] = examples.y[rows[i]!]!;
  }
  let logits = new Float32Array(0);
  let width = 0;
  for (let start = 0; start < n; start += options.batchSize) {
    throwIfCancelled(options.signal, 0, undefined);
    const batchRows = rows.slice(start, Math.min(start + options.batchSize, n));
    const x = new Float32Array(batchRows.length * examples.width);
    examples.gather(batchRows, x);
    const values = tidy(() => {
      const output = model.apply(tensor(x, [batchRows.length, ...examples.shape], 'float32'), { training: false });
      if (!(output instanceof Tensor)) throw new Error('inferLogits: the model must have exactly one output tensor');
      return reshape(output, [batchRows.length, -1]).dataSync() as Float32Array;
    });
    if (start === 0) {
      width = values.length / batchRows.length;
      logits = new Float32Array(n * width);
    }
    logits.set(values, start * width);
    await nextMacrotask();
  }
  return { ids, labels, logits, width };
}
