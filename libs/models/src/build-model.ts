import { InvalidInputError, MODEL_INPUT_NAME, parseModelSpec, type ModelSpec, type TfjsModelSpec } from '@bcml/core';
import { input, model, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { checkInputShape } from './check-input-shape.js';
import { layerList } from './layer-list.js';
import { lenet } from './lenet.js';
import { logisticRegression } from './logistic-regression.js';
import { mlp } from './mlp.js';
import { checkClasses, outputWidth, type ModelHead } from './model-head.js';
import { resnet } from './resnet.js';
import { type BuildContext } from './seeded-layers.js';

/** What `buildModel` needs besides the spec: the data's shape and classes, and the seed. */
export interface BuildModelOptions {
  /** One instance's feature shape, without the batch dimension: [104] for Adult, [28, 28, 1] for MNIST. */
  readonly inputShape: readonly number[];
  /** The number of classes C, ≥ 2. */
  readonly numClasses: number;
  /** The seed every initializer and dropout stream derives from: a safe integer ≥ 0. */
  readonly seed: number;
  /** `multi-class` (default): C logits; `binary`: one logit, only for C = 2. */
  readonly head?: ModelHead;
  /** Where the spec sits in the caller's input, for error messages (default `model`, e.g. `h2.model`). */
  readonly field?: string;
}

/**
 * Builds a fresh model of `spec`'s architecture that outputs logits ([B, C], or [B, 1] for a binary head), with
 * every kernel initializer and dropout mask stream seeded from `seed` and the layer's name, so the same spec,
 * shapes and seed give bitwise-identical weights; layer names are fixed by the architecture. Invalid input
 * throws an `InvalidInputError` naming the field (`model.hidden[0]`, `inputShape`, `numClasses`, `head`, `seed`;
 * a layer list that does not fit the data: `model.layers[i]`), before any weight exists.
 */
export function buildModel(spec: ModelSpec, options: BuildModelOptions): LayersModel {
  const checked = parseModelSpec(spec, options.field ?? 'model');
  if (checked.kind === 'tfjs') {
    throw new InvalidInputError(
      `${options.field ?? 'model'}.kind`,
      'a kind bcml builds (a "tfjs" model is loaded from its uri, not built: checkLoadedModel)',
      checked.kind,
    );
  }
  const { numClasses, head } = checkClasses(options.numClasses, options.head ?? 'multi-class');
  const inputShape = checkInputShape(checked.kind, options.inputShape);
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new InvalidInputError('seed', 'a safe integer ≥ 0', options.seed);
  }
  const context: BuildContext = { seed: options.seed, inputShape, outputWidth: outputWidth(numClasses, head) };
  const x = input({ name: MODEL_INPUT_NAME, shape: [...inputShape] });
  return model({ name: checked.kind, inputs: x, outputs: architecture(checked, context, x, options.field ?? 'model') });
}

/** The logits of `spec`'s architecture on the symbolic input `x` (`field`: the spec's, for error messages). */
function architecture(
  spec: Exclude<ModelSpec, TfjsModelSpec>,
  context: BuildContext,
  x: SymbolicTensor,
  field: string,
): SymbolicTensor {
  switch (spec.kind) {
    case 'logistic-regression':
      return logisticRegression(spec, context, x);
    case 'mlp':
      return mlp(spec, context, x);
    case 'lenet':
      return lenet(spec, context, x);
    case 'resnet':
      return resnet(spec, context, x);
    case 'layers':
      return layerList(spec, context, x, field);
  }
}
