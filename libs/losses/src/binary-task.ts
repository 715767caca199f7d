import { InvalidInputError } from '@bcml/core';
import { cast, equal, greaterEqual, reshape, sigmoid, type Tensor1D } from '@tensorflow/tfjs-core';

import { checkSameLogitShape, checkTensor, sameShape } from './check-tensor.js';
import type { LossTask } from './loss-task.js';
import { formatShape, TensorShapeError } from './tensor-shape-error.js';
import { constantOf, withoutGradient } from './without-gradient.js';

/**
 * Binary classification: one logit per instance, [B, 1] or [B], and 0/1 labels of shape [B] or [B, 1] (float32,
 * int32 or bool). h1 predicts 1 when σ(z1) ≥ pivot and is correct when that prediction equals y.
 */
export const binaryTask: LossTask = {
  kind: 'binary',

  check(tensors, validateLabels) {
    const h1Logits = checkTensor('h1Logits', tensors.h1Logits, ['float32']);
    const h2Logits = checkTensor('h2Logits', tensors.h2Logits, ['float32']);
    const labels = checkTensor('labels', tensors.labels, ['float32', 'int32', 'bool']);
    const shape = formatShape(h1Logits.shape);
    const batch = h1Logits.shape[0] ?? 0;
    const oneLogit = h1Logits.rank === 1 || (h1Logits.rank === 2 && h1Logits.shape[1] === 1);
    if (!oneLogit || batch < 1) {
      throw new TensorShapeError(
        `h1Logits shape ${shape} is not one logit per instance: expected [batch] or [batch, 1], batch >= 1`,
        'h1Logits',
        '[batch] or [batch, 1]',
        h1Logits.shape,
      );
    }
    checkSameLogitShape(h1Logits, h2Logits);
    if (!sameShape(labels.shape, [batch]) && !sameShape(labels.shape, [batch, 1])) {
      throw new TensorShapeError(
        `labels shape ${formatShape(labels.shape)} does not match h1Logits shape ${shape}: expected [${batch}] or [${batch},1]`,
        'labels',
        `[${batch}] or [${batch},1]`,
        labels.shape,
      );
    }
    if (validateLabels) {
      labels.dataSync().forEach((label, i) => {
        if (label !== 0 && label !== 1) throw new InvalidInputError(`labels[${i}]`, '0 or 1', label);
      });
    }
    return { h1Logits, h2Logits, labels };
  },

  batch({ h1Logits, h2Logits, labels }, { pivot }) {
    const size = h1Logits.shape[0] ?? 0;
    const z1 = reshape(constantOf(h1Logits), [size]);
    const targets = cast(reshape(labels, [size]), 'float32');
    // Inside a zero-gradient op: GreaterEqual and Equal have no gradients, and h1 must not reach the tape anyway.
    const h1Correct = withoutGradient((z) => {
      const predicted = cast(greaterEqual(sigmoid(reshape(z, [size])), pivot), 'float32');
      return cast(equal(predicted, targets), 'float32') as Tensor1D;
    }, h1Logits);
    return { z1, z2: reshape(h2Logits, [size]), targets, h1Correct };
  },
};
