import { checkLoadedModel, type ModelHead } from '@bcml/models';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { type LabelledData } from './labelled-data.js';

/**
 * Checks a loaded h2 (`{ kind: "tfjs", uri }`) against the training data and its head before any training: one input
 * of the data's example shape, C logits (or 1 for a binary head), no unseeded dropout or noise layer. Errors name
 * `<field>.model.inputShape`, `<field>.model.outputWidth` or `<field>.model.uri`.
 */
export function checkH2Model(model: LayersModel, data: LabelledData, head: ModelHead, field = 'h2'): void {
  checkLoadedModel(model, {
    inputShape: data.examples.shape,
    numClasses: data.numClasses,
    head,
    field: `${field}.model`,
  });
}
