import { describe, expect, it } from 'vitest';

import { BcmlError, InvalidInputError } from '@bcml/core';
import { getLoss, isLossName, lossNames, TensorShapeError } from '@bcml/losses';

import { tf } from './support.js';

/** Runs `f` and returns what it threw. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** The error `f` throws must be a non-retryable bcml error naming `field` (and containing `message`). */
function expectInvalid(f: () => unknown, field: string, message?: string | RegExp): void {
  const error = thrown(f);
  expect(error).toBeInstanceOf(BcmlError);
  expect(error).toMatchObject({ field, retryable: false });
  if (message !== undefined) expect((error as Error).message).toMatch(message);
}

const ce = getLoss('new-error/cross-entropy');
const bce = getLoss('strict-imitation/binary-cross-entropy');
const fdKl = getLoss('focal-distillation/kl');
const fdLm = getLoss('focal-distillation/logit-matching');

const z = (shape: number[]) => tf.zeros(shape);
const ints = (values: number[]) => tf.tensor1d(values, 'int32');

describe('registry', () => {
  it('lists ten names, each resolving to its loss', () => {
    expect(lossNames).toHaveLength(10);
    for (const name of lossNames) {
      expect(isLossName(name)).toBe(true);
      expect(getLoss(name).lossName).toBe(name);
    }
  });

  it('an unknown name is an InvalidInputError listing the valid names', () => {
    for (const name of ['new-error/crossentropy', 'toString', '']) {
      const error = thrown(() => getLoss(name));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field: 'loss name', retryable: false });
      for (const valid of lossNames) expect((error as Error).message).toContain(valid);
    }
    expect(isLossName('toString')).toBe(false);
  });
});

describe('shapes (both shapes in the message)', () => {
  const h1 = z([4, 2]);
  const labels = ints([0, 1, 1, 0]);

  it('h2Logits must match h1Logits', () => {
    expectInvalid(
      () => ce({ h1Logits: h1, h2Logits: z([4, 3]), labels, lambda: 1 }),
      'h2Logits',
      'h2Logits shape [4,3] does not match h1Logits shape [4,2]',
    );
    expect(thrown(() => ce({ h1Logits: h1, h2Logits: z([4, 3]), labels, lambda: 1 }))).toBeInstanceOf(TensorShapeError);
  });

  it('multi-class logits are [batch, classes] with batch >= 1 and classes >= 2', () => {
    expectInvalid(() => ce({ h1Logits: z([4]), h2Logits: z([4]), labels, lambda: 1 }), 'h1Logits', 'rank 1');
    expectInvalid(() => ce({ h1Logits: z([4, 1]), h2Logits: z([4, 1]), labels, lambda: 1 }), 'h1Logits', '[4,1]');
    expectInvalid(() => ce({ h1Logits: z([0, 3]), h2Logits: z([0, 3]), labels: ints([]), lambda: 1 }), 'h1Logits');
  });

  it('labels hold one int32 class index per instance', () => {
    expectInvalid(
      () => ce({ h1Logits: h1, h2Logits: h1, labels: ints([0, 1, 1]), lambda: 1 }),
      'labels',
      'labels shape [3] does not match h1Logits shape [4,2]',
    );
    expectInvalid(
      () => ce({ h1Logits: h1, h2Logits: h1, labels: tf.tensor1d([0, 1, 1, 0]), lambda: 1 }),
      'labels.dtype',
    );
    expectInvalid(() => ce({ h1Logits: tf.zeros([4, 2], 'int32'), h2Logits: h1, labels, lambda: 1 }), 'h1Logits.dtype');
  });

  it('binary logits are one per instance, [B] or [B,1], labels [B] or [B,1]', () => {
    const b = z([4, 1]);
    const y = tf.tensor1d([0, 1, 1, 0]);
    expectInvalid(() => bce({ h1Logits: z([4, 2]), h2Logits: z([4, 2]), labels: y, lambda: 1 }), 'h1Logits', '[4,2]');
    expectInvalid(
      () => bce({ h1Logits: b, h2Logits: z([4]), labels: y, lambda: 1 }),
      'h2Logits',
      'h2Logits shape [4] does not match h1Logits shape [4,1]',
    );
    expectInvalid(() => bce({ h1Logits: b, h2Logits: b, labels: z([4, 2]), lambda: 1 }), 'labels', '[4,2]');
  });

  it('inputs must be tensors', () => {
    expectInvalid(
      () => ce({ h1Logits: [[0, 1]] as never, h2Logits: h1, labels, lambda: 1 }),
      'h1Logits',
      'a tf.Tensor',
    );
    expectInvalid(() => ce(null as never), 'inputs');
  });
});

describe('label values (a data read, on by default)', () => {
  const h1 = z([3, 3]);

  it('class indices must be in [0, C)', () => {
    expectInvalid(() => ce({ h1Logits: h1, h2Logits: h1, labels: ints([0, 3, 1]), lambda: 1 }), 'labels[1]', '[0, 3)');
    expectInvalid(() => ce({ h1Logits: h1, h2Logits: h1, labels: ints([0, 1, -1]), lambda: 1 }), 'labels[2]');
  });

  it('binary labels must be 0 or 1', () => {
    const b = z([3]);
    expectInvalid(() => bce({ h1Logits: b, h2Logits: b, labels: tf.tensor1d([0, 1, 0.5]), lambda: 1 }), 'labels[2]');
  });

  it('validate: false skips the read (the caller vouches for the labels)', () => {
    const loss = ce({ h1Logits: h1, h2Logits: h1, labels: ints([0, 3, 1]), lambda: 1, validate: false });
    expect(loss.rank).toBe(0);
    loss.dispose();
  });
});

describe('options', () => {
  const h1 = z([2, 3]);
  const labels = ints([0, 2]);
  const inputs = { h1Logits: h1, h2Logits: h1, labels };
  const b = { h1Logits: z([2]), h2Logits: z([2]), labels: tf.tensor1d([0, 1]) };

  it('λ must be a finite number >= 0, and is required', () => {
    for (const lambda of [-0.1, Number.NaN, Number.POSITIVE_INFINITY, '1' as never, undefined as never]) {
      expectInvalid(() => ce({ ...inputs, lambda }), 'lambda', 'a finite number >= 0');
    }
  });

  it('pivot must be in (0, 1)', () => {
    for (const pivot of [0, 1, 1.5, -0.2, Number.NaN]) expectInvalid(() => bce({ ...b, lambda: 1, pivot }), 'pivot');
  });

  it('α, β >= 0 and τ > 0, all finite', () => {
    expectInvalid(() => fdKl({ ...inputs, lambda: 1, alpha: -1 }), 'alpha');
    expectInvalid(() => fdKl({ ...inputs, lambda: 1, beta: Number.NaN }), 'beta');
    expectInvalid(() => fdKl({ ...inputs, lambda: 1, temperature: 0 }), 'temperature', 'a finite number > 0');
    expectInvalid(() => fdKl({ ...inputs, lambda: 1, temperature: Number.POSITIVE_INFINITY }), 'temperature');
  });

  it('validate must be a boolean', () => {
    expectInvalid(() => ce({ ...inputs, lambda: 1, validate: 'yes' as never }), 'validate');
  });

  it('unknown and inapplicable options are rejected, naming the valid ones (no swallowed typos)', () => {
    expectInvalid(() => bce({ ...b, lambda: 1, discriminan_pivot: 0.3 } as never), 'discriminan_pivot', /pivot/);
    expectInvalid(() => ce({ ...inputs, lambda: 1, pivot: 0.3 } as never), 'pivot', /new-error\/cross-entropy/);
    expectInvalid(() => fdLm({ ...inputs, lambda: 1, temperature: 2 } as never), 'temperature', /alpha, beta/);
    expectInvalid(() => ce({ ...inputs, lamda: 1 } as never), 'lamda');
  });

  it('rejects before computing: no tensor is created by a rejected call', () => {
    const outOfRange = ints([0, 9]);
    const before = tf.memory().numTensors;
    expect(() => ce({ ...inputs, lambda: -1 })).toThrow();
    expect(() => ce({ ...inputs, labels: outOfRange, lambda: 1 })).toThrow();
    expect(() => ce({ ...inputs, h2Logits: z([1, 3]), lambda: 1 })).toThrow();
    expect(tf.memory().numTensors).toBe(before + 1); // the h2Logits the test made, nothing else
    outOfRange.dispose();
  });
});
