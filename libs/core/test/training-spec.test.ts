import { describe, expect, it } from 'vitest';

import {
  compatibilityLossNames,
  isCompatibilityLossName,
  lossOptionKeys,
  parseTrainingSpec,
  trainingHead,
  trainingSpecDefaults,
  type TrainingSpec,
} from '@bcml/core';

import { thrown } from './support/thrown.js';

const valid: TrainingSpec = {
  model: { kind: 'mlp', hidden: [64], dropout: 0.1 },
  optimizer: { kind: 'sgd', learningRate: 0.01, momentum: 0.5 },
  epochs: 20,
  batchSize: 754,
  loss: 'new-error/cross-entropy',
  lambda: 0.5,
  seed: 42,
};

/** `valid` with `patch` applied (a key set to undefined is removed). */
function withPatch(patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...valid, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete out[key];
  return out;
}

describe('parseTrainingSpec', () => {
  it('accepts a spec and keeps omitted options omitted', () => {
    expect(parseTrainingSpec(valid)).toEqual(valid);
    const full = {
      ...valid,
      optimizer: { kind: 'adam', learningRate: 1e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 },
      evalBatchSize: 4096,
      loss: 'focal-distillation/kl',
      lossOptions: { alpha: 1, beta: 5, temperature: 2 },
      head: 'multi-class',
      lambda: 0,
      seed: 0,
    };
    expect(parseTrainingSpec(full)).toEqual(full);
  });

  it('accepts JSON as a sweep spec writes it', () => {
    const json = `{ "model": { "kind": "logistic-regression" }, "optimizer": { "kind": "sgd", "learningRate": 0.01 },
      "epochs": 1, "batchSize": 64, "loss": "new-error/binary-cross-entropy", "lambda": 1,
      "lossOptions": { "pivot": 0.3 }, "seed": 7 }`;
    const spec = parseTrainingSpec(JSON.parse(json));
    expect(spec.lossOptions).toEqual({ pivot: 0.3 });
    expect(trainingHead(spec)).toBe('binary');
  });

  it('derives the head from the loss', () => {
    expect(trainingHead({ loss: 'new-error/cross-entropy' })).toBe('multi-class');
    expect(trainingHead({ loss: 'strict-imitation/binary-cross-entropy' })).toBe('binary');
    expect(trainingHead({ loss: 'new-error/binary-cross-entropy', head: 'binary' })).toBe('binary');
  });

  it.each([
    [{ loss: 'new-error/cross-entropyy' }, 'h2.loss', /one of new-error\/nll, .*focal-distillation\/logit-matching/],
    [{ loss: undefined }, 'h2.loss', /required/],
    [{ lambda: -1 }, 'h2.lambda', /a finite number >= 0, received -1$/],
    [{ lambda: Number.NaN }, 'h2.lambda', /finite/],
    [{ lambda: '1' }, 'h2.lambda', /received "1"/],
    [{ batchSize: 0 }, 'h2.batchSize', /a positive integer, received 0$/],
    [{ batchSize: 1.5 }, 'h2.batchSize', /positive integer/],
    [{ epochs: 0 }, 'h2.epochs', /a positive integer, received 0$/],
    [{ epochs: 1e9 }, 'h2.epochs', /from 1 to/],
    [{ evalBatchSize: 0 }, 'h2.evalBatchSize', /positive integer/],
    [{ seed: -1 }, 'h2.seed', /safe integer >= 0/],
    [{ seed: 2 ** 60 }, 'h2.seed', /safe integer/],
    [{ model: { kind: 'mlp', hidden: [0] } }, 'h2.model.hidden[0]', /positive integer/],
    [{ model: undefined }, 'h2.model', /required/],
    [{ optimizer: { kind: 'rmsprop', learningRate: 1 } }, 'h2.optimizer.kind', /"sgd" or "adam"/],
    [{ optimizer: { kind: 'sgd', learningRate: 0 } }, 'h2.optimizer.learningRate', /> 0/],
    [{ optimizer: { kind: 'sgd' } }, 'h2.optimizer.learningRate', /required/],
    [{ optimizer: { kind: 'sgd', learningRate: 0.1, momentum: 1 } }, 'h2.optimizer.momentum', /\[0, 1\)/],
    [{ optimizer: { kind: 'sgd', learningRate: 0.1, beta1: 0.9 } }, 'h2.optimizer.beta1', /no such key/],
    [{ optimizer: { kind: 'adam', learningRate: 0.1, beta2: -0.1 } }, 'h2.optimizer.beta2', /\[0, 1\)/],
    [{ optimizer: { kind: 'adam', learningRate: 0.1, epsilon: 0 } }, 'h2.optimizer.epsilon', /> 0/],
    [{ lossOptions: { pivot: 0.5 } }, 'h2.lossOptions.pivot', /the loss new-error\/cross-entropy takes none/],
    [
      { loss: 'new-error/binary-cross-entropy', lossOptions: { pivot: 1 } },
      'h2.lossOptions.pivot',
      /a number in \(0, 1\)/,
    ],
    [
      { loss: 'focal-distillation/logit-matching', lossOptions: { temperature: 2 } },
      'h2.lossOptions.temperature',
      /takes alpha, beta\)/,
    ],
    [{ loss: 'focal-distillation/kl', lossOptions: { temperature: 0 } }, 'h2.lossOptions.temperature', /> 0/],
    [{ loss: 'focal-distillation/kl', lossOptions: { beta: -5 } }, 'h2.lossOptions.beta', />= 0/],
    [{ head: 'binary' }, 'h2.head', /"multi-class" for the loss new-error\/cross-entropy/],
    [{ loss: 'new-error/binary-cross-entropy', head: 'multi-class' }, 'h2.head', /"binary"/],
    [{ head: 'softmax' }, 'h2.head', /"multi-class" or "binary"/],
    [{ learningRate: 0.1 }, 'h2.learningRate', /no such key \(a training spec takes model, optimizer/],
  ])('rejects %j naming %s', (patch, field, message) => {
    const error = thrown(() => parseTrainingSpec(withPatch(patch)));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^invalid ${field.replace(/[[\].]/g, '\\$&')}: expected `));
    expect(error.message).toMatch(message);
    expect(error.retryable).toBe(false);
  });

  it('names the field under the given prefix and rejects non-objects', () => {
    expect(thrown(() => parseTrainingSpec({ ...valid, lambda: -0.5 }, 'points[3].h2')).message).toBe(
      'invalid points[3].h2.lambda: expected a finite number >= 0, received -0.5',
    );
    expect(thrown(() => parseTrainingSpec(null)).field).toBe('h2');
    expect(thrown(() => parseTrainingSpec([valid])).field).toBe('h2');
  });

  it('treats a key set to undefined as absent (JSON has no undefined)', () => {
    const unset = { ...valid, evalBatchSize: undefined, lossOptions: undefined, head: undefined, extra: undefined };
    expect(parseTrainingSpec(unset)).toEqual(valid);
    expect(parseTrainingSpec(JSON.parse(JSON.stringify(unset)))).toEqual(valid);
    const bce = { ...valid, loss: 'new-error/binary-cross-entropy', lossOptions: { pivot: undefined } };
    expect(parseTrainingSpec(bce).lossOptions).toEqual({});
    expect(parseTrainingSpec({ ...valid, optimizer: { kind: 'adam', learningRate: 0.1, beta1: undefined } })).toEqual({
      ...valid,
      optimizer: { kind: 'adam', learningRate: 0.1 },
    });
    expect(thrown(() => parseTrainingSpec({ ...valid, lambda: undefined })).message).toBe(
      'invalid h2.lambda: expected a value (the field is required), received undefined',
    );
  });

  it('words errors exactly', () => {
    expect(thrown(() => parseTrainingSpec(withPatch({ epochs: 1e9 }))).message).toBe(
      'invalid h2.epochs: expected an integer from 1 to 100000, received 1000000000',
    );
    expect(thrown(() => parseTrainingSpec(withPatch({ loss: 'hinge' }))).message).toBe(
      `invalid h2.loss: expected one of ${compatibilityLossNames.join(', ')}, received "hinge"`,
    );
    expect(
      thrown(() => parseTrainingSpec(withPatch({ optimizer: { kind: 'sgd', learningRate: 0.1, beta1: 0.9 } }))).message,
    ).toBe(
      'invalid h2.optimizer.beta1: expected no such key (an "sgd" optimizer takes kind, learningRate, momentum), received 0.9',
    );
    expect(thrown(() => parseTrainingSpec(withPatch({ lossOptions: { pivot: 0.5 } }))).message).toBe(
      'invalid h2.lossOptions.pivot: expected no such option (the loss new-error/cross-entropy takes none), received 0.5',
    );
    expect(thrown(() => parseTrainingSpec(withPatch({ head: 'binary' }))).message).toBe(
      'invalid h2.head: expected "multi-class" for the loss new-error/cross-entropy (it takes one logit per class), received "binary"',
    );
    expect(thrown(() => parseTrainingSpec(withPatch({ optimizer: { learningRate: 0.1 } }))).message).toBe(
      'invalid h2.optimizer.kind: expected "sgd" or "adam", received undefined',
    );
  });

  it('lists the loss names, their options and the defaults', () => {
    expect(compatibilityLossNames).toHaveLength(10);
    expect(Object.keys(lossOptionKeys)).toEqual([...compatibilityLossNames]);
    expect(isCompatibilityLossName('strict-imitation/kl-divergence')).toBe(true);
    expect(isCompatibilityLossName('kl')).toBe(false);
    expect(trainingSpecDefaults).toEqual({
      evalBatchSize: 1024,
      sgd: { momentum: 0 },
      adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    });
  });
});
