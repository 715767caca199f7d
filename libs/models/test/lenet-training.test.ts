import { describe, expect, it } from 'vitest';

import { buildModel, dropoutStep } from '@bcml/models';

import {
  expectNoLeak,
  random,
  sameWeights,
  tf,
  weightsOf,
  type LayersModel,
  type Scalar,
  type Tensor,
} from './support.js';

const batch = 64;
const steps = 12;

/**
 * 64 seeded 28×28×1 images of 10 classes (the caller disposes them): uniform noise in [0, 0.5) plus a bright
 * horizontal bar whose rows (2c + 4, 2c + 5) give the class c.
 */
function data() {
  const next = random(21);
  const labels = Array.from({ length: batch }, () => Math.floor(next() * 10));
  const pixels = new Float32Array(batch * 28 * 28);
  labels.forEach((c, i) => {
    for (let p = 0; p < 28 * 28; p++) {
      const row = Math.floor(p / 28);
      pixels[i * 784 + p] = 0.5 * next() + (row === 2 * c + 4 || row === 2 * c + 5 ? 1 : 0);
    }
  });
  const x = tf.tensor4d(pixels, [batch, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
  return { x, y };
}

/** Mean softmax cross-entropy of the model's logits on (x, y), in training mode or not. */
function loss(model: LayersModel, x: Tensor, y: Tensor, training: boolean): Scalar {
  return tf.losses.softmaxCrossEntropy(y, model.apply(x, { training }) as Tensor);
}

/** A LeNet from seed 5 after `steps` Adam steps on the batch (dropout active); the loss before and after. */
function train(x: Tensor, y: Tensor) {
  const model = buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 10, seed: 5 });
  const optimizer = tf.train.adam(0.003);
  const evaluate = () => tf.tidy(() => loss(model, x, y, false).dataSync()[0] ?? Number.NaN);
  const before = evaluate();
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(() => loss(model, x, y, true))?.dispose();
  }
  const after = evaluate();
  optimizer.dispose();
  return { model, before, after };
}

describe('LeNet training', () => {
  it('learns a small batch: its loss falls; the same seed trains to the same weights, dropout included', async () => {
    const { x, y } = data();
    await expectNoLeak(() => {
      const first = train(x, y);
      expect(first.before).toBeGreaterThan(2);
      expect(first.after).toBeLessThan(first.before / 2);
      expect(dropoutStep(first.model)).toBe(steps);

      const second = train(x, y);
      expect(second.after).toBe(first.after);
      expect(sameWeights(weightsOf(second.model), weightsOf(first.model))).toBe(true);
      first.model.dispose();
      second.model.dispose();
    });
    tf.dispose([x, y]);
  });
});
