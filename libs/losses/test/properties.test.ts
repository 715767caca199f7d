import { describe, expect, it } from 'vitest';

import { getLoss, lossNames, type LossName } from '@bcml/losses';

import {
  binaryNames,
  expectClose,
  goldenCase,
  inputsOf,
  lossOf,
  tf,
  valueOf,
  type GoldenCase,
  type Tensor,
} from './support.js';
import { mulberry32 } from '@bcml/core';

const multiClassNames = lossNames.filter((name) => !binaryNames.includes(name));
const newErrorNames = lossNames.filter((name) => name.startsWith('new-error/'));
const strictImitationNames = lossNames.filter((name) => name.startsWith('strict-imitation/'));

/** The golden case of `name` for a scenario that exists for both task kinds. */
function caseFor(name: LossName, scenario: 'mixed' | 'empty-support' | 'full-support'): GoldenCase {
  if (!binaryNames.includes(name)) return goldenCase(name, scenario);
  return goldenCase(name, scenario === 'mixed' ? 'pivot 0.3, logits [B]' : scenario);
}

/** Loss value of a golden case with some options replaced. */
function evaluate(c: GoldenCase, options: Record<string, unknown> = {}, name: LossName = c.loss): number {
  const inputs = inputsOf(c);
  const value = valueOf(lossOf(name)({ ...inputs, ...c.options, ...options }));
  tf.dispose([inputs.h1Logits, inputs.h2Logits, inputs.labels]);
  return value;
}

/** Both terms of a golden case, with some tensors replaced. */
function termsOf(
  c: GoldenCase,
  replace: { h2Logits?: number[] } = {},
  options: Record<string, unknown> = {},
): { base: number; dissonance: number } {
  const inputs = inputsOf(c);
  const h2Logits = replace.h2Logits ? tf.tensor(replace.h2Logits, c.inputs.h2Logits.shape) : inputs.h2Logits;
  const terms = lossOf(c.loss).terms({ ...inputs, h2Logits, ...c.options, ...options });
  const result = { base: valueOf(terms.base), dissonance: valueOf(terms.dissonance) };
  tf.dispose([inputs.h1Logits, inputs.h2Logits, inputs.labels, h2Logits]);
  return result;
}

const random = mulberry32;

/** Entropy of softmax(z) in float64. */
function softmaxEntropy(z: number[]): number {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return -z.reduce((s, v) => s + Math.exp(v - lse) * (v - lse), 0);
}

/** Entropy of Bernoulli(σ(z)) in float64. */
function sigmoidEntropy(z: number): number {
  const p = 1 / (1 + Math.exp(-z));
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/** (1/B) Σ_{i∈S} H(h1_i): the soft cross-entropy's value at z2 = z1. */
function supportEntropy(c: GoldenCase): number {
  const { shape, values } = c.inputs.h1Logits;
  const batch = shape[0] ?? 1;
  const width = values.length / batch;
  const rows = Array.from({ length: batch }, (_, i) => values.slice(i * width, (i + 1) * width));
  const entropy = (row: number[]) => (width === 1 ? sigmoidEntropy(row[0] ?? 0) : softmaxEntropy(row));
  return c.expected.support.reduce((s, i) => s + entropy(rows[i] ?? []), 0) / batch;
}

describe('λ', () => {
  it.each(lossNames)('%s: λ = 0 is the base loss, shared by every loss of the task', (name) => {
    const c = caseFor(name, 'mixed');
    const base = evaluate(c, { lambda: 0 });
    expect(base).toBe(termsOf(c).base);
    const reference = binaryNames.includes(name) ? 'new-error/binary-cross-entropy' : 'new-error/cross-entropy';
    expect(base).toBe(evaluate(c, { lambda: 0 }, reference));
  });

  it.each(lossNames)('%s: the loss is affine in λ with slope = the dissonance', (name) => {
    const c = caseFor(name, 'mixed');
    const { base, dissonance } = termsOf(c);
    expect(dissonance).toBeGreaterThan(0);
    for (const lambda of [0.25, 1, 4, 100]) expectClose(evaluate(c, { lambda }), base + lambda * dissonance);
    // Doubling λ adds the same step again: L(2λ) − L(λ) = L(λ) − L(0).
    expectClose(evaluate(c, { lambda: 2 }) - evaluate(c, { lambda: 1 }), evaluate(c, { lambda: 1 }) - base, 1e-4);
  });
});

describe('new-error', () => {
  it.each(newErrorNames)('%s: the dissonance is 0 on an empty support, so λ changes nothing', (name) => {
    const c = caseFor(name, 'empty-support');
    expect(termsOf(c).dissonance).toBe(0);
    expect(evaluate(c, { lambda: 50 })).toBe(evaluate(c, { lambda: 0 }));
  });

  it.each(newErrorNames)('%s: on a full support the dissonance is the base loss', (name) => {
    const { base, dissonance } = termsOf(caseFor(name, 'full-support'));
    expect(dissonance).toBe(base);
  });

  it('NLL, cross-entropy and KL against one-hot labels are the same function on logits', () => {
    for (const scenario of ['mixed', 'extreme'] as const) {
      const c = goldenCase('new-error/cross-entropy', scenario);
      const value = evaluate(c);
      expect(evaluate(c, {}, 'new-error/nll')).toBe(value);
      expect(evaluate(c, {}, 'new-error/kl-divergence')).toBe(value);
    }
  });
});

describe('strict imitation', () => {
  it.each(strictImitationNames)('%s: the dissonance is 0 on an empty support', (name) => {
    expect(termsOf(caseFor(name, 'empty-support')).dissonance).toBe(0);
  });

  it.each(strictImitationNames)('%s: the dissonance is minimal where h2 = h1 (KL: 0; soft CE: h1 entropy)', (name) => {
    const c = caseFor(name, 'full-support');
    const z1 = c.inputs.h1Logits.values;
    const atH1 = termsOf(c, { h2Logits: z1 }).dissonance;
    if (name.endsWith('kl-divergence')) expect(Math.abs(atH1)).toBeLessThan(1e-6);
    else expectClose(atH1, supportEntropy(c));
    const next = random(7);
    for (let trial = 0; trial < 5; trial += 1) {
      const moved = z1.map((v) => v + (next() - 0.5) * 0.5);
      expect(termsOf(c, { h2Logits: moved }).dissonance).toBeGreaterThan(atH1);
    }
  });

  it("imitates h1's soft output: cross-entropy differs from new-error, KL = soft CE − h1 entropy on S", () => {
    const c = goldenCase('strict-imitation/cross-entropy', 'mixed');
    const softCe = termsOf(c).dissonance;
    expect(softCe).not.toBeCloseTo(termsOf(goldenCase('new-error/cross-entropy', 'mixed')).dissonance, 3);
    expect(evaluate(c, {}, 'strict-imitation/nll')).toBe(evaluate(c));
    const kl = termsOf(goldenCase('strict-imitation/kl-divergence', 'mixed')).dissonance;
    expect(kl).toBeGreaterThan(0);
    expectClose(kl, softCe - supportEntropy(c));
  });
});

describe('binary', () => {
  it.each(binaryNames)('%s: logits [B,1] and [B], labels [B] and [B,1], float, int and bool labels agree', (name) => {
    const c = goldenCase(name, 'pivot 0.3, logits [B]');
    const { h1Logits, h2Logits, labels } = inputsOf(c);
    const loss = getLoss(name as 'new-error/binary-cross-entropy');
    const value = valueOf(loss({ h1Logits, h2Logits, labels, lambda: 1.1, pivot: 0.3 }));
    const column = (t: typeof h1Logits) => t.reshape([-1, 1]);
    const variants = [
      { h1Logits: column(h1Logits), h2Logits: column(h2Logits), labels },
      { h1Logits: column(h1Logits), h2Logits: column(h2Logits), labels: column(labels) },
      { h1Logits, h2Logits, labels: labels.cast('int32') },
      { h1Logits, h2Logits, labels: labels.cast('bool') },
    ];
    for (const v of variants) expect(valueOf(loss({ ...v, lambda: 1.1, pivot: 0.3 }))).toBeCloseTo(value, 6);
    tf.dispose([h1Logits, h2Logits, labels, ...variants.flatMap((v) => [v.h1Logits, v.h2Logits, v.labels])]);
  });

  it.each(binaryNames)("%s: the pivot moves h1's decision, hence the support", (name) => {
    const c = goldenCase(name, 'pivot 0.3, logits [B]');
    expect(evaluate(c, { pivot: 0.3 })).not.toBeCloseTo(evaluate(c, { pivot: 0.5 }), 3);
    expect(evaluate(c, { pivot: 0.5 })).toBe(evaluate(c, { pivot: undefined })); // default 0.5
  });
});

describe('focal distillation', () => {
  const focal = ['focal-distillation/kl', 'focal-distillation/logit-matching'] as const;

  it.each(focal)('%s: α = β = 0 is the base loss; β = 0 ignores the support', (name) => {
    const mixed = goldenCase(name, 'mixed');
    expect(evaluate(mixed, { alpha: 0, beta: 0 })).toBe(evaluate(mixed, { lambda: 0 }));
    // Same logits, different labels (hence supports): with β = 0 the distillation term is the same.
    const empty = goldenCase(name, 'empty-support');
    expect(termsOf(mixed).dissonance).not.toBeCloseTo(termsOf(empty).dissonance, 3);
    expectClose(termsOf(mixed, {}, { beta: 0 }).dissonance, termsOf(empty, {}, { beta: 0 }).dissonance);
  });

  it.each(focal)('%s: the dissonance is 0 where h2 = h1, over the whole batch', (name) => {
    const c = goldenCase(name, 'mixed');
    expect(Math.abs(termsOf(c, { h2Logits: c.inputs.h1Logits.values }).dissonance)).toBeLessThan(1e-6);
  });

  it('focal-distillation/kl at τ = 1 and α = 1, β = 0 is h1→h2 KL averaged over the batch', () => {
    const c = goldenCase('focal-distillation/kl', 'full-support');
    const si = goldenCase('strict-imitation/kl-divergence', 'full-support');
    expectClose(termsOf(c, {}, { beta: 0 }).dissonance, termsOf(si).dissonance);
  });
});

describe('every loss', () => {
  it.each(multiClassNames)('%s: finite with finite gradients for logits of ±1e4', (name) => {
    const h1Logits = tf.tensor2d([
      [1e4, -1e4],
      [-1e4, 1e4],
    ]);
    const h2Logits = tf.tensor2d([
      [-1e4, 1e4],
      [1e4, 1e4],
    ]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const loss = lossOf(name);
    const grad = tf.grad((z2: Tensor) => loss({ h1Logits, h2Logits: z2, labels, lambda: 1 }))(h2Logits);
    expect(Number.isFinite(valueOf(loss({ h1Logits, h2Logits, labels, lambda: 1 })))).toBe(true);
    expect(Array.from(grad.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([h1Logits, h2Logits, labels, grad]);
  });
});
