import { describe, expect, it } from 'vitest';

import { compatibilityLoss, type LogitsModel, type LossName } from '@bcml/losses';

import { tf, type Tensor } from './support.js';
import { mulberry32 } from '@bcml/core';

const random = mulberry32;

const features = 4;
const batch = 48;

/** A tiny MLP whose last layer outputs logits (`units` = C, or 1 for binary). */
function model(units: number, seed: number) {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [features],
        units: 8,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dropout({ rate: 0.1, seed }),
      tf.layers.dense({ units, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** A model wrapper that records how `apply` was called. */
function recorded(inner: LogitsModel) {
  const calls: (boolean | undefined)[] = [];
  const wrapped: LogitsModel = {
    apply: (x, kwargs) => {
      calls.push(kwargs?.training);
      return inner.apply(x, kwargs);
    },
  };
  return { wrapped, calls };
}

const weightsOf = (m: ReturnType<typeof model>) => m.getWeights().map((w) => Array.from(w.dataSync()));

const cases: { name: LossName; options: Record<string, number>; binary: boolean }[] = [
  { name: 'new-error/cross-entropy', options: { lambda: 1 }, binary: false },
  { name: 'strict-imitation/kl-divergence', options: { lambda: 1 }, binary: false },
  { name: 'focal-distillation/kl', options: { lambda: 0.5, temperature: 2 }, binary: false },
  { name: 'strict-imitation/binary-cross-entropy', options: { lambda: 1, pivot: 0.4 }, binary: true },
];

describe('compatibilityLoss (model level)', () => {
  it.each(cases)('$name: the loss falls over a few steps, h1 stays as it was', ({ name, options, binary }) => {
    const next = random(11);
    const x = tf.tensor2d(
      Float32Array.from({ length: batch * features }, () => next() * 2 - 1),
      [batch, features],
    );
    const y = tf.tidy(() => {
      const score = x
        .slice([0, 0], [batch, 1])
        .add(x.slice([0, 1], [batch, 1]).mul(0.5))
        .reshape([batch]);
      return binary
        ? score.greater(0).cast('float32').reshape([batch, 1])
        : score.greater(-0.3).cast('int32').add(score.greater(0.3).cast('int32'));
    });
    const h1 = model(binary ? 1 : 3, 1);
    const h2 = model(binary ? 1 : 3, 5);
    const before = weightsOf(h1);
    const r1 = recorded(h1);
    const r2 = recorded(h2);
    const loss = compatibilityLoss(name, r1.wrapped, r2.wrapped, options as never);
    const optimizer = tf.train.adam(0.05);
    const losses: number[] = [];
    // No varList: minimize differentiates every trainable variable, h1's included; h1 must get no update.
    const step = () => {
      const value = optimizer.minimize(() => loss(x, y), true);
      losses.push(value?.dataSync()[0] ?? Number.NaN);
      value?.dispose();
    };
    step();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 14; i += 1) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) * 0.9);
    expect(weightsOf(h1)).toEqual(before);
    // One h1 pass (inference) and one h2 pass (training) per step.
    expect(r1.calls).toEqual(Array.from({ length: 15 }, () => false));
    expect(r2.calls).toEqual(Array.from({ length: 15 }, () => true));
    tf.dispose([x, y]);
    h1.dispose();
    h2.dispose();
    optimizer.dispose();
  });

  it("h1 never reaches the gradient tape: its variables get no gradient at all, h2's all get one", () => {
    const h1 = model(3, 1);
    const h2 = model(3, 5);
    const x = tf.randomUniform([8, features], -1, 1, 'float32', 3);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
    const loss = compatibilityLoss('strict-imitation/cross-entropy', h1, h2, { lambda: 1 });
    const { value, grads } = tf.variableGrads(() => loss(x, y));
    const names = (m: typeof h1) => m.trainableWeights.map((w) => w.name);
    expect(Object.keys(grads).sort()).toEqual(names(h2).sort());
    for (const n of names(h1)) expect(grads).not.toHaveProperty(n);
    tf.dispose([x, y, value, ...Object.values(grads)]);
    h1.dispose();
    h2.dispose();
  });

  it('validates options and models when it is created, before training', () => {
    const h = model(3, 1);
    expect(() => compatibilityLoss('new-error/cross-entropy', h, h, { lambda: 1, pivot: 0.3 } as never)).toThrow(
      /pivot/,
    );
    expect(() => compatibilityLoss('focal-distillation/kl', h, h, { lambda: 1, temperature: -1 })).toThrow(
      /temperature/,
    );
    expect(() => compatibilityLoss('nope' as LossName, h, h, { lambda: 1 })).toThrow(/new-error\/nll/);
    expect(() => compatibilityLoss('new-error/nll', {} as LogitsModel, h, { lambda: 1 })).toThrow(/h1/);
    h.dispose();
  });

  it('rejects a model that does not return one logits tensor', () => {
    const h = model(3, 1);
    const pair: LogitsModel = { apply: (x: Tensor) => [x, x] };
    const loss = compatibilityLoss('new-error/nll', h, pair, { lambda: 1 });
    const x = tf.zeros([2, features]);
    const y = tf.tensor1d([0, 1], 'int32');
    expect(() => loss(x, y)).toThrow(/h2\.apply\(x\)/);
    tf.dispose([x, y]);
    h.dispose();
  });
});
