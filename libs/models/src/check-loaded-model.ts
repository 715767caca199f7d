import { InvalidInputError } from '@bcml/core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { checkModelShape, type ModelShape, type ModelShapeExpectation } from './check-model-shape.js';

/** Layers whose randomness tfjs does not seed: masks or noise would differ from run to run (and on resume). */
const UNSEEDED_LAYERS = [
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
];

/**
 * Checks a loaded model that is to be trained as h2 (`{ kind: "tfjs", uri }`): its shapes against the data and head as
 * `checkModelShape` does (errors name `<field>.inputShape`, `<field>.outputWidth`), and no layer whose randomness tfjs
 * does not seed (`Dropout`, `SpatialDropout2D`, `GaussianNoise`, …: training would not be reproducible, and a
 * resumed point would not equal an uninterrupted one), else an `InvalidInputError` naming `<field>.uri` and the layer.
 */
export function checkLoadedModel(
  model: LayersModel,
  expected: ModelShapeExpectation & { readonly field: string },
): ModelShape {
  const shape = checkModelShape(model, expected);
  const unseeded = model.layers.find((layer) => UNSEEDED_LAYERS.includes(layer.getClassName()));
  if (unseeded !== undefined) {
    throw new InvalidInputError(
      `${expected.field}.uri`,
      'a model without unseeded dropout or noise layers (their masks would differ on every run and on resume; ' +
        'a "layers" model list has seeded dropout)',
      `layer "${unseeded.name}" of class ${unseeded.getClassName()}`,
    );
  }
  return shape;
}
