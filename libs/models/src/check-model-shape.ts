import { InvalidInputError } from '@bcml/core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { checkInputShape, formatShape } from './check-input-shape.js';
import { checkClasses, type ModelHead } from './model-head.js';

/** The data a model must fit: one instance's feature shape and the number of classes. */
export interface ModelShapeExpectation {
  /** One instance's feature shape, without the batch dimension. */
  readonly inputShape: readonly number[];
  /** The number of classes C, ≥ 2. */
  readonly numClasses: number;
  /** The head the model must have; omitted: C logits, or 1 logit when C = 2 (either is accepted). */
  readonly head?: ModelHead;
  /** The model's name in error messages (default `h1`). */
  readonly field?: string;
}

/** What `checkModelShape` found: the model's input shape (batch dimension `null`), logits width and head. */
export interface ModelShape {
  readonly inputShape: readonly (number | null)[];
  readonly outputWidth: number;
  readonly head: ModelHead;
}

/**
 * Checks a (loaded) model against the data before any training: one input whose shape is [batch, ...inputShape]
 * (a `null` model dimension matches any size) and one output [batch, W] with W = C logits, or 1 for a binary head.
 * A mismatch throws an `InvalidInputError` naming `<field>.inputShape`, `<field>.outputShape` or
 * `<field>.outputWidth` with both shapes.
 */
export function checkModelShape(model: LayersModel, expected: ModelShapeExpectation): ModelShape {
  const field = expected.field ?? 'h1';
  const { numClasses } = checkClasses(expected.numClasses, expected.head ?? 'multi-class');
  const [input, ...moreInputs] = model.inputs;
  if (input === undefined || moreInputs.length > 0) {
    throw new InvalidInputError(`${field}.inputs`, 'a model with one input', model.inputs.length);
  }
  const [output, ...moreOutputs] = model.outputs;
  if (output === undefined || moreOutputs.length > 0) {
    throw new InvalidInputError(`${field}.outputs`, 'a model with one output', model.outputs.length);
  }

  const inputShape = input.shape;
  const dataShape = [null, ...checkInputShape('mlp', expected.inputShape)];
  const fits =
    inputShape.length === dataShape.length && inputShape.every((d, i) => i === 0 || d === null || d === dataShape[i]);
  if (!fits) {
    throw new InvalidInputError(
      `${field}.inputShape`,
      `${formatShape(dataShape)} (the data's feature shape, batch first)`,
      formatShape(inputShape),
    );
  }

  const outputShape = output.shape;
  if (outputShape.length !== 2) {
    throw new InvalidInputError(`${field}.outputShape`, '[batch, logits]', formatShape(outputShape));
  }
  const width = outputShape[1] ?? null;
  const head: ModelHead | undefined =
    width === numClasses && expected.head !== 'binary'
      ? 'multi-class'
      : width === 1 && numClasses === 2 && expected.head !== 'multi-class'
        ? 'binary'
        : undefined;
  if (head === undefined) {
    const wanted =
      expected.head === 'binary'
        ? '1 (one logit, binary head)'
        : expected.head === undefined && numClasses === 2
          ? `2 (logits of the 2 classes) or 1 (binary head)`
          : `${numClasses} (one logit per class)`;
    throw new InvalidInputError(`${field}.outputWidth`, wanted, width);
  }
  return { inputShape, outputWidth: width ?? 0, head };
}
