import { trainingSpecDefaults } from '@bcml/core';
import { checkModelShape, type ModelHead } from '@bcml/models';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { H1Outputs } from './h1-outputs.js';
import { inferLogits } from './infer-logits.js';
import { checkLabelledData, type LabelledData } from './labelled-data.js';

/** Options of `computeH1Outputs`. */
export interface ComputeH1OutputsOptions {
  /** Examples per forward pass (default 1024: large batches, inference only). */
  readonly batchSize?: number;
  /** The head h1 must have; omitted: C logits, or 1 when C = 2. */
  readonly head?: ModelHead;
  readonly signal?: AbortSignal;
  /** h1's name in error messages (default `h1`). */
  readonly field?: string;
}

/**
 * Runs h1 once over `data` (inference mode, large batches) and returns its logits by instance id. First checks h1
 * against the data: its input must be the data's feature shape and its output C logits (or 1 for a binary head),
 * else an `InvalidInputError` names `h1.inputShape` or `h1.outputWidth`.
 */
export async function computeH1Outputs(
  h1: LayersModel,
  data: LabelledData,
  options: ComputeH1OutputsOptions = {},
): Promise<H1Outputs> {
  const field = options.field ?? 'h1';
  checkLabelledData(data, 'data');
  checkModelShape(h1, {
    inputShape: data.examples.shape,
    numClasses: data.numClasses,
    field,
    ...(options.head === undefined ? {} : { head: options.head }),
  });
  const { ids, logits, width } = await inferLogits(h1, data, {
    batchSize: options.batchSize ?? trainingSpecDefaults.evalBatchSize,
    signal: options.signal,
  });
  return new H1Outputs(ids, logits, width);
}
