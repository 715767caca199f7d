import { afterAll, describe, expect, it } from 'vitest';

import { buildModel, checkModelShape } from '@bcml/models';

import { invalid } from './support.js';

describe('checkModelShape', () => {
  const lenet = buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 10, seed: 1 });
  const binary = buildModel(
    { kind: 'logistic-regression' },
    { inputShape: [104], numClasses: 2, head: 'binary', seed: 1 },
  );
  const twoLogits = buildModel({ kind: 'logistic-regression' }, { inputShape: [104], numClasses: 2, seed: 1 });
  afterAll(() => [lenet, binary, twoLogits].forEach((m) => m.dispose()));

  it('accepts a model that fits the data and reports its head', () => {
    expect(checkModelShape(lenet, { inputShape: [28, 28, 1], numClasses: 10 })).toEqual({
      inputShape: [null, 28, 28, 1],
      outputWidth: 10,
      head: 'multi-class',
    });
    expect(checkModelShape(binary, { inputShape: [104], numClasses: 2 }).head).toBe('binary');
    expect(checkModelShape(twoLogits, { inputShape: [104], numClasses: 2 }).head).toBe('multi-class');
    expect(checkModelShape(binary, { inputShape: [104], numClasses: 2, head: 'binary' }).outputWidth).toBe(1);
  });

  it('names h1.inputShape with both shapes when the data has another shape', () => {
    const error = invalid(() => checkModelShape(lenet, { inputShape: [784], numClasses: 10 }));
    expect(error.field).toBe('h1.inputShape');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `invalid h1.inputShape: expected [null, 784] (the data's feature shape, batch first), received "[null, 28, 28, 1]"`,
    );
    expect(invalid(() => checkModelShape(binary, { inputShape: [105], numClasses: 2 })).field).toBe('h1.inputShape');
  });

  it('names h1.outputWidth when the logits do not match the classes', () => {
    const error = invalid(() => checkModelShape(lenet, { inputShape: [28, 28, 1], numClasses: 3 }));
    expect(error.field).toBe('h1.outputWidth');
    expect(error.message).toBe('invalid h1.outputWidth: expected 3 (one logit per class), received 10');
    expect(invalid(() => checkModelShape(binary, { inputShape: [104], numClasses: 3 })).field).toBe('h1.outputWidth');
    expect(
      invalid(() => checkModelShape(binary, { inputShape: [104], numClasses: 2, head: 'multi-class' })).message,
    ).toBe('invalid h1.outputWidth: expected 2 (one logit per class), received 1');
    expect(
      invalid(() => checkModelShape(twoLogits, { inputShape: [104], numClasses: 2, head: 'binary' })).message,
    ).toBe('invalid h1.outputWidth: expected 1 (one logit, binary head), received 2');
  });

  it('uses the given field name, and checks numClasses itself', () => {
    expect(invalid(() => checkModelShape(lenet, { inputShape: [28, 28, 3], numClasses: 10, field: 'h2' })).field).toBe(
      'h2.inputShape',
    );
    expect(invalid(() => checkModelShape(lenet, { inputShape: [28, 28, 1], numClasses: 1 })).field).toBe('numClasses');
  });
});
