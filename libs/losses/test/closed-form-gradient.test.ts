// The closed-form loss gradients (the fused dense step's) against the tfjs losses and their tape gradients.
import { describe, expect, it } from 'vitest';

import { compatibilityLossNames, mulberry32, packableLossNames } from '@bcml/core';
import { closedFormGradient, lossNames, type LossName } from '@bcml/losses';

import { binaryNames, expectClose, lossOf, tf, valueOf, type Tensor } from './support.js';

const closedForm = lossNames.filter((name) => !name.startsWith('focal-distillation'));

/** Seeded logits with a mixed support: some rows far apart, some near ties. */
function batch(name: LossName, seed: number) {
  const next = mulberry32(seed);
  const binary = binaryNames.includes(name);
  const size = 37;
  const width = binary ? 1 : 4;
  const logits = () => Float32Array.from({ length: size * width }, () => (next() - 0.5) * (next() < 0.2 ? 30 : 4));
  const labels = Int32Array.from({ length: size }, () => Math.floor(next() * (binary ? 2 : width)));
  return { size, width, z1: logits(), z2: logits(), labels };
}

describe.each(closedForm)('%s in closed form', (name) => {
  const loss = lossOf(name);
  const binary = binaryNames.includes(name);
  it.each([0, 0.6, 2])('matches the tfjs loss, its terms and its tape gradient at λ = %s', (lambda) => {
    const b = batch(name, 17 + lambda * 10);
    const options = binary ? { pivot: 0.4 } : {};
    const gradientOf = closedFormGradient(name)!;
    const got = gradientOf(b, lambda, options);
    const shape = binary ? [b.size] : [b.size, b.width];
    const h1Logits = tf.tensor(b.z1, shape);
    const labels = tf.tensor(b.labels, [b.size], 'int32');
    const at = (z2: Tensor) => loss({ h1Logits, h2Logits: z2, labels, lambda, ...options });
    const z2 = tf.tensor(b.z2, shape);
    const terms = loss.terms({ h1Logits, h2Logits: z2, labels, lambda, ...options });
    expectClose(got.base, valueOf(terms.base));
    expectClose(got.dissonance, valueOf(terms.dissonance));
    expectClose(got.loss, valueOf(at(z2)));
    const tape = tf.tidy(() => Array.from(tf.grad(at)(z2).dataSync()));
    expect(got.gradient.length).toBe(tape.length);
    tape.forEach((g, i) => expect(Math.abs(got.gradient[i]! - g)).toBeLessThan(1e-7 + 1e-5 * Math.abs(g)));
    expect(tape.some((g) => g !== 0)).toBe(true);
    tf.dispose([h1Logits, labels, z2, terms.base, terms.dissonance]);
  });

  it('without h1 (plain training) is the base loss and its gradient', () => {
    const b = { ...batch(name, 5), z1: undefined };
    const got = closedFormGradient(name)!(b, 0);
    expect(got.dissonance).toBe(0);
    expect(got.loss).toBe(got.base);
  });
});

it('has no closed form for focal distillation (its gradient goes through the tape)', () => {
  expect(closedFormGradient('focal-distillation/kl')).toBeUndefined();
  expect(closedFormGradient('focal-distillation/logit-matching')).toBeUndefined();
});

it("has a closed form for exactly @bcml/core's packableLossNames (the losses whose points share a stacked step)", () => {
  expect(packableLossNames.length).toBeGreaterThan(0);
  for (const name of compatibilityLossNames) {
    expect(closedFormGradient(name) !== undefined, name).toBe(packableLossNames.includes(name));
  }
  expect([...compatibilityLossNames].sort()).toEqual([...lossNames].sort()); // every loss of the registry is checked
});
