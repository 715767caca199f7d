import { describe, expect, it } from 'vitest';

import { parseTrainRunSpec, trainRunSpecDefaults } from '@bcml/core';

import { thrown } from './support/thrown.js';

/** A baseline spec as a user writes it: no h1, no loss, λ or seed. */
const baseline = {
  name: 'adult-baseline',
  dataset: { uri: 'bcml:datasets/adult' },
  model: { kind: 'logistic-regression' },
  optimizer: { kind: 'adam', learningRate: 0.01 },
  epochs: 2,
  batchSize: 64,
};

describe('parseTrainRunSpec', () => {
  it('applies the defaults to a baseline: λ = 0, the base loss, seed 0, train/test, experiment = name', () => {
    expect(parseTrainRunSpec(baseline)).toEqual({
      name: 'adult-baseline',
      dataset: { uri: 'bcml:datasets/adult', trainSplit: 'train', testSplit: 'test' },
      training: {
        model: { kind: 'logistic-regression' },
        optimizer: { kind: 'adam', learningRate: 0.01 },
        epochs: 2,
        batchSize: 64,
        ...trainRunSpecDefaults,
      },
      tracking: { experiment: 'adult-baseline' },
    });
  });

  it('keeps every field of a compatibility run against an h1', () => {
    const spec = parseTrainRunSpec({
      ...baseline,
      dataset: { uri: '/data/adult-{split}.arrow', trainSplit: 'fit', testSplit: 'holdout' },
      h1: { uri: 'runs:/abc123/model' },
      loss: 'focal-distillation/kl',
      lambda: 0.5,
      lossOptions: { alpha: 1, beta: 5 },
      seed: 7,
      evalBatchSize: 512,
      tracking: { experiment: 'adult-models', uri: 'http://mlflow:5000' },
    });
    expect(spec.h1).toEqual({ uri: 'runs:/abc123/model' });
    expect(spec.dataset).toEqual({ uri: '/data/adult-{split}.arrow', trainSplit: 'fit', testSplit: 'holdout' });
    expect(spec.training).toMatchObject({
      loss: 'focal-distillation/kl',
      lambda: 0.5,
      lossOptions: { alpha: 1, beta: 5 },
      seed: 7,
      evalBatchSize: 512,
    });
    expect(spec.tracking).toEqual({ experiment: 'adult-models', uri: 'http://mlflow:5000' });
  });

  it('takes h1 as a sweep does: a predictions file as well as a saved model', () => {
    const h1 = { predictions: '/data/h1-{split}.arrow', outputs: 'probabilities' };
    expect(parseTrainRunSpec({ ...baseline, h1, lambda: 1 }).h1).toEqual(h1);
  });

  it.each([
    [{ ...baseline, lambda: 0.5 }, 'lambda', /0 without "h1"/],
    [{ ...baseline, epcohs: 3 }, 'epcohs', /no such key \(a bcml train spec takes name, dataset, model/],
    [{ ...baseline, h2: {} }, 'h2', /no such key/],
    [{ ...baseline, name: undefined }, 'name', /required/],
    [{ ...baseline, name: 'a b' }, 'name', /a name of/],
    [{ ...baseline, dataset: undefined }, 'dataset', /required/],
    [{ ...baseline, dataset: { uri: 'bcml:datasets/adult', split: 'x' } }, 'dataset.split', /no such key/],
    [{ ...baseline, dataset: { uri: 'bcml:datasets/adult', testSplit: 'train' } }, 'dataset.testSplit', /other/],
    [{ ...baseline, epochs: 0 }, 'epochs', /positive integer/],
    [{ ...baseline, batchSize: undefined }, 'batchSize', /required/],
    [{ ...baseline, model: { kind: 'mlp', hiden: [8] } }, 'model.hiden', /no such/],
    [{ ...baseline, loss: 'cross-entropy' }, 'loss', /one of new-error\/nll/],
    [{ ...baseline, lambda: -1 }, 'lambda', />= 0/],
    [{ ...baseline, seed: 1.5 }, 'seed', /integer/],
    [{ ...baseline, lossOptions: { alpha: 1 } }, 'lossOptions.alpha', /no such option/],
    [{ ...baseline, h1: { url: 'x' } }, 'h1.url', /no such key/],
    [{ ...baseline, h1: { uri: 'models:/x' } }, 'h1.uri', /models:\/<name>@<alias>/],
    [{ ...baseline, tracking: { experiment: '' } }, 'tracking.experiment', /non-empty/],
    [{ ...baseline, tracking: { uri: 'ftp://x' } }, 'tracking.uri', /./],
  ])('rejects %j naming %s', (value, field, message) => {
    const error = thrown(() => parseTrainRunSpec(value));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('rejects what is not an object', () => {
    expect(thrown(() => parseTrainRunSpec([baseline])).field).toBe('spec');
  });
});
