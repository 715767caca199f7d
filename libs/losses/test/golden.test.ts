import { describe, expect, it } from 'vitest';

import { lossNames } from '@bcml/losses';

import { expectClose, goldenCases, inputsOf, lossOf, tf, toTensor, valueOf, type Tensor } from './support.js';

describe('backend', () => {
  it('runs on tfjs-node, and the library shares its tfjs-core instance (no dual-package hazard)', () => {
    expect(tf.getBackend()).toBe('tensorflow');
    const c = goldenCases[0];
    if (c === undefined) throw new Error('no golden cases');
    const inputs = inputsOf(c);
    const loss = lossOf(c.loss)({ ...inputs, ...c.options });
    // A tensor made by the library's tfjs-core is an instance of tfjs-node's Tensor class, and its data lives
    // in the native backend's registry of the one shared engine.
    expect(loss).toBeInstanceOf(tf.Tensor);
    expect(tf.engine().state.tensorInfo.get(loss.dataId)?.backend).toBe(tf.findBackend('tensorflow'));
    tf.dispose([loss, inputs.h1Logits, inputs.h2Logits, inputs.labels]);
  });
});

describe('golden values (test/golden/losses/generate.py, float64 numpy)', () => {
  it('covers every loss, with empty and full supports, extreme logits, pivots and non-default options', () => {
    expect(new Set(goldenCases.map((c) => c.loss))).toEqual(new Set(lossNames));
    const scenarios = new Set(goldenCases.map((c) => c.scenario));
    for (const s of ['empty-support', 'full-support', 'extreme', 'pivot 0.3, logits [B]', 'pivot 0.5, logits [B,1]']) {
      expect(scenarios).toContain(s);
    }
  });

  for (const c of goldenCases) {
    describe(`${c.loss}: ${c.scenario}`, () => {
      it('loss, base and dissonance match', () => {
        const inputs = inputsOf(c);
        const loss = lossOf(c.loss);
        expectClose(valueOf(loss({ ...inputs, ...c.options })), c.expected.loss);
        const terms = loss.terms({ ...inputs, ...c.options });
        expectClose(valueOf(terms.base), c.expected.base);
        expectClose(valueOf(terms.dissonance), c.expected.dissonance);
        tf.dispose([inputs.h1Logits, inputs.h2Logits, inputs.labels]);
      });

      it('the gradient with respect to h2Logits matches the analytic one; h1Logits gets zero', () => {
        const { h1Logits, h2Logits, labels } = inputsOf(c);
        const loss = lossOf(c.loss);
        const [g1, g2] = tf.grads((z1: Tensor, z2: Tensor) =>
          loss({ h1Logits: z1, h2Logits: z2, labels, ...c.options }),
        )([h1Logits, h2Logits]);
        if (g1 === undefined || g2 === undefined) throw new Error('missing gradients');
        expect(g2.shape).toEqual(c.expected.gradH2.shape);
        const expected = toTensor(c.expected.gradH2);
        const actual = Array.from(g2.dataSync());
        expected.dataSync().forEach((e, i) => expectClose(actual[i] ?? Number.NaN, c.expected.gradH2.values[i] ?? e));
        expect(Array.from(g1.dataSync()).every((g) => g === 0)).toBe(true);
        tf.dispose([g1, g2, expected, h1Logits, h2Logits, labels]);
      });
    });
  }
});
