import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tf, type Scalar, type Tensor, type Tensor2D, type Tensor4D } from '../support/tf.js';
import { mulberry32 } from '@bcml/core';

const random = mulberry32;

function values(n: number, seed: number): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length: n }, () => next() * 2 - 1);
}

async function onBackend<T>(name: string, work: () => T): Promise<T> {
  await tf.setBackend(name);
  try {
    return work();
  } finally {
    await tf.setBackend('tensorflow');
  }
}

beforeAll(async () => {
  await tf.setBackend('tensorflow');
});

afterAll(async () => {
  await tf.setBackend('tensorflow');
});

describe('@tensorflow/tfjs-node', () => {
  it('runs on the native TensorFlow backend', () => {
    expect(tf.getBackend()).toBe('tensorflow');
    expect(tf.engine().backendNames()).toContain('tensorflow');
  });

  it('trains a tiny model: the loss falls over a few steps', () => {
    const x = tf.tensor2d(values(128 * 4, 1), [128, 4]);
    const labels = tf.tidy(() => x.sum(1).greater(0).cast('int32'));
    const y = tf.oneHot(labels, 2);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [4],
          units: 8,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    const optimizer = tf.train.adam(0.05);
    const losses: number[] = [];
    for (let step = 0; step < 30; step += 1) {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as Tensor2D), true);
      losses.push(loss?.dataSync()[0] ?? Number.NaN);
      loss?.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) * 0.5);
    tf.dispose([x, labels, y]);
    model.dispose();
    optimizer.dispose();
  });

  describe('gradients match the pure-JS reference kernels', () => {
    // Each case computes a scalar from one input; its gradient on the native backend must equal the JS CPU
    // backend's (the reference implementation of every kernel) within float32 tolerance.
    const cases: { name: string; shape: number[]; f: (x: Tensor) => Scalar }[] = [
      {
        name: 'MatMul',
        shape: [5, 7],
        f: (x) =>
          tf
            .matMul(x, tf.tensor2d(values(7 * 3, 11), [7, 3]))
            .square()
            .sum(),
      },
      {
        name: 'Conv2D',
        shape: [2, 6, 6, 2],
        f: (x) =>
          tf
            .conv2d(x as Tensor4D, tf.tensor4d(values(3 * 3 * 2 * 4, 12), [3, 3, 2, 4]), 1, 'same')
            .square()
            .sum(),
      },
      {
        name: 'softmax and log-softmax',
        shape: [4, 5],
        f: (x) => tf.mul(tf.softmax(x), tf.logSoftmax(x.mul(2))).sum(),
      },
      { name: 'sigmoid', shape: [3, 4], f: (x) => tf.sigmoid(x.mul(3)).square().sum() },
      {
        name: 'MaxPool',
        shape: [1, 6, 6, 3],
        f: (x) =>
          tf
            .maxPool(x as Tensor4D, 2, 2, 'valid')
            .mul(tf.scalar(1.5))
            .square()
            .sum(),
      },
    ];

    for (const { name, shape, f } of cases) {
      it(name, async () => {
        const size = shape.reduce((a, b) => a * b, 1);
        const input = values(size, 7 + size);
        const gradOn = async (backend: string) =>
          onBackend(backend, () => tf.tidy(() => Array.from(tf.grad(f)(tf.tensor(input, shape)).dataSync())));
        const native = await gradOn('tensorflow');
        const reference = await gradOn('cpu');
        expect(native).toHaveLength(size);
        const scale = Math.max(1, ...reference.map(Math.abs));
        native.forEach((g, i) => expect(Math.abs(g - (reference[i] ?? Number.NaN))).toBeLessThan(1e-4 * scale));
        expect(native.some((g) => g !== 0)).toBe(true);
      });
    }

    it('dropout: gradient is the kept mask scaled by 1/(1 - rate)', () => {
      const rate = 0.25;
      const x = tf.tensor2d(
        values(40 * 10, 5).map((v) => v + 2),
        [40, 10],
      );
      const [output, grad] = tf.tidy(() => {
        const out = tf.dropout(x, rate, undefined, 3);
        const g = tf.grad((t: Tensor) => tf.dropout(t, rate, undefined, 3).sum())(x);
        return [Array.from(out.dataSync()), Array.from(g.dataSync())];
      });
      const kept = output.filter((v) => v !== 0).length;
      expect(kept / output.length).toBeGreaterThan(0.6);
      expect(kept / output.length).toBeLessThan(0.9);
      grad.forEach((g, i) => expect(g).toBeCloseTo(output[i] === 0 ? 0 : 1 / (1 - rate), 5));
      x.dispose();
    });

    it('a finite-difference check of softmax cross-entropy on the native backend', () => {
      const logits = values(3 * 4, 21);
      const labels = tf.oneHot(tf.tensor1d([0, 3, 1], 'int32'), 4);
      const loss = (z: Tensor) => tf.losses.softmaxCrossEntropy(labels, z);
      const analytic = tf.tidy(() =>
        Array.from(
          tf
            .grad(loss)(tf.tensor2d(logits, [3, 4]))
            .dataSync(),
        ),
      );
      const h = 1e-2;
      const at = (arr: Float32Array) => tf.tidy(() => loss(tf.tensor2d(arr, [3, 4])).dataSync()[0] ?? Number.NaN);
      analytic.forEach((g, i) => {
        const plus = Float32Array.from(logits);
        const minus = Float32Array.from(logits);
        plus[i] = (plus[i] ?? 0) + h;
        minus[i] = (minus[i] ?? 0) - h;
        expect(Math.abs(g - (at(plus) - at(minus)) / (2 * h))).toBeLessThan(2e-3);
      });
      labels.dispose();
    });
  });

  it('leaks no tensors across training steps', () => {
    const x = tf.tensor2d(values(64 * 6, 3), [64, 6]);
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 64 }, (_, i) => i % 3),
        'int32',
      ),
      3,
    );
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 3 })] });
    const optimizer = tf.train.sgd(0.1);
    const step = () =>
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as Tensor2D))?.dispose();
    step(); // creates the optimizer's variables once
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i += 1) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  });
});
