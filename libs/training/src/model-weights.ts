import { InvalidInputError } from '@bcml/core';
import { dispose, tensor, Variable, type Tensor } from '@tensorflow/tfjs-core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

/** A weight's values with its name and shape (names are informative: weights are matched by position). */
export interface WeightValues {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Copies of all of a model's weights (trainable and not, e.g. batch-norm statistics), in `model.weights` order. */
export function modelWeights(model: LayersModel): WeightValues[] {
  return model.weights.map((w) => {
    const value = w.read();
    return { name: w.originalName, shape: [...value.shape], values: Float32Array.from(value.dataSync()) };
  });
}

/**
 * Sets all of a model's weights from values in `model.weights` order (as `modelWeights` returns them, or bare
 * arrays). Counts and sizes are checked first; a mismatch is an `InvalidInputError` naming `<field>[i]`.
 */
export function setModelWeights(
  model: LayersModel,
  weights: readonly (WeightValues | Float32Array)[],
  field = 'initialWeights',
): void {
  const targets = model.weights;
  if (weights.length !== targets.length) {
    throw new InvalidInputError(
      field,
      `${targets.length} weight arrays (the model's weights, in order)`,
      weights.length,
    );
  }
  const values = weights.map((w, i) => {
    const array = w instanceof Float32Array ? w : w.values;
    const target = targets[i]!.read();
    if (array.length !== target.size) {
      throw new InvalidInputError(
        `${field}[${i}]`,
        `${target.size} values (${targets[i]!.originalName}, shape [${target.shape.join(', ')}])`,
        array.length,
      );
    }
    return array;
  });
  const tensors = values.map((array, i) => tensor(array, targets[i]!.read().shape, 'float32'));
  try {
    model.setWeights(tensors);
  } finally {
    dispose(tensors);
  }
}

/** The model's trainable weights as the tfjs variables gradients are taken against, in `trainableWeights` order. */
export function trainableVariables(model: LayersModel): Variable[] {
  return model.trainableWeights.map((w): Variable => {
    const value = w.read();
    if (!isVariable(value)) throw new Error(`internal: weight ${w.originalName} is not a tfjs Variable`);
    return value;
  });
}

function isVariable(value: Tensor): value is Variable {
  return value instanceof Variable;
}
