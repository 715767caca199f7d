import { InvalidInputError } from '@bcml/core';
import { Tensor, type DataType } from '@tensorflow/tfjs-core';

import { formatShape, TensorShapeError } from './tensor-shape-error.js';

/** Checks that `value` is a tfjs tensor of one of `dtypes`; throws an `InvalidInputError` naming `field`. */
export function checkTensor(field: string, value: unknown, dtypes: readonly DataType[]): Tensor {
  if (!isTensor(value)) throw new InvalidInputError(field, 'a tf.Tensor', value);
  if (value.isDisposed) throw new InvalidInputError(field, 'a tensor that is not disposed', 'a disposed tensor');
  if (!dtypes.includes(value.dtype)) {
    throw new InvalidInputError(`${field}.dtype`, dtypes.map((d) => `'${d}'`).join(' or '), value.dtype);
  }
  return value;
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Checks that h2's logits have h1's shape; a `TensorShapeError` naming `h2Logits` otherwise. */
export function checkSameLogitShape(h1Logits: Tensor, h2Logits: Tensor): void {
  if (!sameShape(h2Logits.shape, h1Logits.shape)) {
    const shape = formatShape(h1Logits.shape);
    throw new TensorShapeError(
      `h2Logits shape ${formatShape(h2Logits.shape)} does not match h1Logits shape ${shape}`,
      'h2Logits',
      shape,
      h2Logits.shape,
    );
  }
}

/** Whether `value` is a tensor of the tfjs-core instance this library uses. */
export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}
