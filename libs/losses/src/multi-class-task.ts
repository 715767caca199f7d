import { InvalidInputError } from '@bcml/core';
import { argMax, cast, equal, oneHot, type Tensor1D } from '@tensorflow/tfjs-core';

import { checkSameLogitShape, checkTensor, sameShape } from './check-tensor.js';
import type { LossTask } from './loss-task.js';
import { formatShape, TensorShapeError } from './tensor-shape-error.js';
import { constantOf, withoutGradient } from './without-gradient.js';

/**
 * Multi-class classification: logits [B, C] (C ≥ 2) and int32 class indices [B]. h1 is correct on instance i
 * when argmax_k z1_ik = y_i (ties go to the first maximum, as in numpy and PyTorch).
 */
export const multiClassTask: LossTask = {
  kind: 'multi-class',

  check(tensors, validateLabels) {
    const h1Logits = checkTensor('h1Logits', tensors.h1Logits, ['float32']);
    const h2Logits = checkTensor('h2Logits', tensors.h2Logits, ['float32']);
    const labels = checkTensor('labels', tensors.labels, ['int32']);
    const shape = formatShape(h1Logits.shape);
    const [batch = 0, classes = 0] = h1Logits.shape;
    if (h1Logits.rank !== 2) {
      throw new TensorShapeError(
        `h1Logits shape ${shape} has rank ${h1Logits.rank}, expected rank 2 ([batch, classes])`,
        'h1Logits',
        '[batch, classes]',
        h1Logits.shape,
      );
    }
    if (batch < 1 || classes < 2) {
      throw new TensorShapeError(
        `h1Logits shape ${shape} must have a batch of at least 1 and at least 2 classes (a binary loss takes one logit)`,
        'h1Logits',
        '[batch >= 1, classes >= 2]',
        h1Logits.shape,
      );
    }
    checkSameLogitShape(h1Logits, h2Logits);
    if (!sameShape(labels.shape, [batch])) {
      throw new TensorShapeError(
        `labels shape ${formatShape(labels.shape)} does not match h1Logits shape ${shape}: expected [${batch}]`,
        'labels',
        `[${batch}]`,
        labels.shape,
      );
    }
    if (validateLabels) {
      labels.dataSync().forEach((label, i) => {
        if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
          throw new InvalidInputError(`labels[${i}]`, `an integer class index in [0, ${classes})`, label);
        }
      });
    }
    return { h1Logits, h2Logits, labels };
  },

  batch({ h1Logits, h2Logits, labels }) {
    const z1 = constantOf(h1Logits);
    const classes = h1Logits.shape[1] ?? 0;
    return {
      z1,
      z2: h2Logits,
      targets: cast(oneHot(labels, classes), 'float32'),
      // Inside a zero-gradient op: argMax and Equal have no gradients, and h1 must not reach the tape anyway.
      h1Correct: withoutGradient((z) => cast(equal(argMax(z, 1), labels), 'float32') as Tensor1D, h1Logits),
    };
  },
};
