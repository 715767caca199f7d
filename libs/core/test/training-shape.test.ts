import { describe, expect, it } from 'vitest';

import {
  InvalidInputError,
  MAX_BATCH_SIZE,
  MAX_EPOCHS,
  parseSweepSpec,
  parseTrainingShape,
  parseTrainingSpec,
  trainingShapeKeys,
} from '@bcml/core';

/** The message of the error `run` throws (fails the test when it throws none). */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return (e as Error).message;
  }
  return expect.fail('expected an InvalidInputError');
}

const shape = {
  model: { kind: 'logistic-regression' },
  optimizer: { kind: 'sgd', learningRate: 0.1 },
  epochs: 2,
  batchSize: 32,
};

describe('parseTrainingShape', () => {
  it('reads the shared keys, in order, and leaves the others to the caller', () => {
    expect(trainingShapeKeys).toEqual(['model', 'optimizer', 'epochs', 'batchSize', 'evalBatchSize']);
    expect(parseTrainingShape({ ...shape, loss: 'anything', extra: 1 }, 'h2')).toEqual(shape);
    expect(parseTrainingShape({ ...shape, evalBatchSize: 512 }, 'h2')).toEqual({ ...shape, evalBatchSize: 512 });
  });

  it('checks the bounds of epochs and batch sizes', () => {
    expect(parseTrainingShape({ ...shape, epochs: MAX_EPOCHS, batchSize: MAX_BATCH_SIZE }, 'h2')).toMatchObject({
      epochs: MAX_EPOCHS,
      batchSize: MAX_BATCH_SIZE,
    });
    expect(messageOf(() => parseTrainingShape({ ...shape, batchSize: MAX_BATCH_SIZE + 1 }, 'h2'))).toBe(
      `invalid h2.batchSize: expected an integer from 1 to ${MAX_BATCH_SIZE}, received ${MAX_BATCH_SIZE + 1}`,
    );
    expect(messageOf(() => parseTrainingShape({ ...shape, evalBatchSize: 0.5 }, 'h2'))).toBe(
      'invalid h2.evalBatchSize: expected a positive integer, received 0.5',
    );
  });

  it('reports the first bad key in key order, at the top level without a prefix', () => {
    expect(messageOf(() => parseTrainingShape({ ...shape, model: undefined, epochs: 0 }, 'h2'))).toBe(
      'invalid h2.model: expected a value (the field is required), received undefined',
    );
    expect(messageOf(() => parseTrainingShape({ ...shape, epochs: 0, batchSize: 0 }, ''))).toBe(
      'invalid epochs: expected a positive integer, received 0',
    );
  });

  it('gives a training spec and a sweep’s h2 the same errors', () => {
    const spec = { ...shape, loss: 'new-error/nll', lambda: 1, seed: 0 };
    const sweep = {
      name: 's',
      dataset: { uri: './d.arrow' },
      h1: { uri: './h1' },
      h2: shape,
      sweep: { lambdas: [1], dissonances: ['new-error'], losses: ['nll'] },
    };
    for (const [key, value] of [
      ['epochs', -1],
      ['batchSize', '32'],
      ['optimizer', { kind: 'adam', learningRate: 0.1, epsilon: 0 }],
      ['model', { kind: 'mlp', hidden: [1e6] }],
    ] as const) {
      const fromSpec = messageOf(() => parseTrainingSpec({ ...spec, [key]: value }));
      expect(messageOf(() => parseSweepSpec({ ...sweep, h2: { ...shape, [key]: value } }))).toBe(fromSpec);
      expect(fromSpec).toMatch(new RegExp(`^invalid h2\\.${key}`));
    }
  });
});
