import { trainingSpecDefaults } from '@bcml/core';
import { checkModelShape } from '@bcml/models';
import { type LayersModel } from '@tensorflow/tfjs-layers';
import { type Table } from 'apache-arrow';

import { classProbabilities, predictedClasses } from './class-predictions.js';
import { inferLogits } from './infer-logits.js';
import { checkLabelledData, type LabelledData } from './labelled-data.js';
import { predictionsTable } from './predictions-table.js';

/** Options of `predict`. */
export interface PredictOptions {
  /** Examples per forward pass (default 1024). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** The model's name in error messages (default `model`). */
  readonly field?: string;
}

/**
 * Runs `model` over `data` in large inference batches and returns the predictions table `(id, label, prediction,
 * probabilities)` in the data's row order: softmax probabilities and argmax for C logits; for a binary head
 * (one logit) probabilities [1 − σ(z), σ(z)] and prediction 1 when σ(z) ≥ 0.5. The model is checked against the
 * data first (`<field>.inputShape`, `<field>.outputWidth`).
 */
export async function predict(model: LayersModel, data: LabelledData, options: PredictOptions = {}): Promise<Table> {
  checkLabelledData(data, 'data');
  checkModelShape(model, {
    inputShape: data.examples.shape,
    numClasses: data.numClasses,
    field: options.field ?? 'model',
  });
  const { ids, labels, logits, width } = await inferLogits(model, data, {
    batchSize: options.batchSize ?? trainingSpecDefaults.evalBatchSize,
    signal: options.signal,
  });
  const { values, numClasses } = classProbabilities(logits, width);
  return predictionsTable({
    ids,
    labels,
    predictions: predictedClasses(logits, width),
    probabilities: values,
    numClasses,
  });
}
