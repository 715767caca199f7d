import { InvalidInputError, type ModelKind } from '@bcml/core';

/** A shape as error messages show it: `[28, 28, 1]`; `null` for a free (batch) dimension. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/**
 * Checks that `inputShape` (one instance's feature shape, no batch dimension) suits a model of `kind`: positive
 * integers, rank 1 to 4; `lenet` needs [height, width, channels] with height and width ≥ 16 (the reference's is
 * [28, 28, 1]), `resnet` [height, width, channels] (meant for [32, 32, C]); logistic regression and MLPs flatten
 * any rank; a layer list's layers check their own inputs when it is built. Throws an `InvalidInputError` naming
 * `inputShape`.
 */
export function checkInputShape(kind: ModelKind, inputShape: unknown): readonly number[] {
  if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.length > 4) {
    throw new InvalidInputError('inputShape', 'an array of 1 to 4 dimensions', inputShape);
  }
  const shape = (inputShape as unknown[]).map((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw new InvalidInputError(`inputShape[${i}]`, 'a positive integer', d);
    }
    return d;
  });
  const [height = 0, width = 0] = shape;
  if (kind === 'lenet' && (shape.length !== 3 || height < 16 || width < 16)) {
    throw new InvalidInputError(
      'inputShape',
      'an image shape [height, width, channels] with height and width ≥ 16 for a "lenet" model, e.g. [28, 28, 1]',
      formatShape(shape),
    );
  }
  if (kind === 'resnet' && shape.length !== 3) {
    throw new InvalidInputError(
      'inputShape',
      'an image shape [height, width, channels] for a "resnet" model, e.g. [32, 32, 3]',
      formatShape(shape),
    );
  }
  return shape;
}
