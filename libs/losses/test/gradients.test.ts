import { describe, expect, it } from 'vitest';

import { lossNames, type LossName } from '@bcml/losses';

import { binaryNames, goldenCase, inputsOf, lossOf, tf, valueOf, type Tensor } from './support.js';

/** A small golden case per loss, with a mixed support (and non-default options where the loss has any). */
function smallCase(name: LossName) {
  if (binaryNames.includes(name)) return goldenCase(name, 'pivot 0.3, logits [B]');
  if (name.startsWith('focal-distillation')) return goldenCase(name, 'mixed, non-default options');
  return goldenCase(name, 'mixed');
}

describe.each(lossNames)('%s', (name) => {
  const c = smallCase(name);
  const loss = lossOf(name);

  it('the gradient with respect to h2Logits matches central finite differences (float32, step 1e-2)', () => {
    const { h1Logits, h2Logits, labels } = inputsOf(c);
    const at = (z2: Tensor) => loss({ h1Logits, h2Logits: z2, labels, ...c.options });
    const analytic = tf.tidy(() => Array.from(tf.grad(at)(h2Logits).dataSync()));
    const base = Float32Array.from(h2Logits.dataSync());
    const step = 1e-2;
    const shifted = (i: number, by: number) => {
      const values = Float32Array.from(base);
      values[i] = (values[i] ?? 0) + by;
      return tf.tidy(() => valueOf(at(tf.tensor(values, h2Logits.shape))));
    };
    expect(analytic.some((g) => g !== 0)).toBe(true);
    analytic.forEach((g, i) => {
      const numeric = (shifted(i, step) - shifted(i, -step)) / (2 * step);
      expect(Math.abs(g - numeric)).toBeLessThan(1e-3 + 1e-2 * Math.abs(g));
    });
    tf.dispose([h1Logits, h2Logits, labels]);
  });

  it('h1Logits get a zero gradient, and so does a variable they were computed from', () => {
    const { h1Logits, h2Logits, labels } = inputsOf(c);
    const [g1] = tf.grads((z1: Tensor, z2: Tensor) => loss({ h1Logits: z1, h2Logits: z2, labels, ...c.options }))([
      h1Logits,
      h2Logits,
    ]);
    expect(Array.from(g1?.dataSync() ?? [Number.NaN]).every((g) => g === 0)).toBe(true);
    // h1's logits computed from a variable inside the tape: the variable's gradient is zero, and the backward
    // pass does not trip over ops without gradients (argmax, comparisons) on h1's side.
    const scale = tf.variable(tf.scalar(1));
    const { grads } = tf.variableGrads(
      () => loss({ h1Logits: tf.mul(h1Logits, scale), h2Logits: tf.mul(h2Logits, 1), labels, ...c.options }),
      [scale],
    );
    expect(grads[scale.name]?.dataSync()[0]).toBe(0);
    tf.dispose([g1, h1Logits, h2Logits, labels, scale, ...Object.values(grads)]);
  });

  it('leaks no tensors: value, terms, gradient, and a rejected call', () => {
    const { h1Logits, h2Logits, labels } = inputsOf(c);
    const run = () => {
      loss({ h1Logits, h2Logits, labels, ...c.options }).dispose();
      const terms = loss.terms({ h1Logits, h2Logits, labels, ...c.options });
      tf.dispose([terms.base, terms.dissonance]);
      tf.grad((z2: Tensor) => loss({ h1Logits, h2Logits: z2, labels, ...c.options }))(h2Logits).dispose();
      expect(() => loss({ h1Logits, h2Logits, labels, ...c.options, lambda: -1 })).toThrow();
    };
    run(); // warm-up: any lazily created backend state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i += 1) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([h1Logits, h2Logits, labels]);
  });
});
