import { describe, expect, it } from 'vitest';

import {
  baseLossNames,
  dissonanceNames,
  MAX_PACK,
  MAX_SWEEP_POINTS,
  parseSweepSpec,
  pointTrainingSpec,
  sweepPoints,
  sweepSpecDefaults,
} from '@bcml/core';

import { thrown } from './support/thrown.js';

/** The example sweep spec of DESIGN.md. */
const example = {
  name: 'adult-lr-to-mlp',
  dataset: { uri: 'bcml:datasets/adult', trainSplit: 'train', testSplit: 'test' },
  h1: { uri: 'models:/adult-classifier@champion' },
  h2: {
    model: { kind: 'mlp', hidden: [64], dropout: 0.1 },
    optimizer: { kind: 'sgd', learningRate: 0.01, momentum: 0.5 },
    epochs: 20,
    batchSize: 754,
  },
  sweep: {
    lambdas: [0, 0.25, 0.5, 0.75, 1],
    dissonances: ['new-error', 'strict-imitation'],
    losses: ['cross-entropy'],
  },
  performanceMetric: 'accuracy',
  execution: { pool: 'cpu', parallelism: 2 },
  seed: 42,
  tracking: { experiment: 'bcml-adult' },
};

/** The example with `value` set at the dotted `path` (`undefined` removes the key). */
function patched(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(example)) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys.at(-1) ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe('parseSweepSpec', () => {
  it('accepts the example spec of DESIGN.md and fills in defaults', () => {
    const spec = parseSweepSpec(example);
    expect(spec.execution).toEqual({ ...sweepSpecDefaults.execution, pool: 'cpu', parallelism: 2 });
    expect(spec.h2).toEqual(example.h2);
    expect(spec.sweep.lambdas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(spec.tracking).toEqual({ experiment: 'bcml-adult' });
  });

  it('applies defaults to a minimal spec', () => {
    const spec = parseSweepSpec({
      name: 'minimal',
      dataset: { uri: './data/adult.arrow' },
      h1: { uri: './models/h1' },
      h2: {
        model: { kind: 'logistic-regression' },
        optimizer: { kind: 'adam', learningRate: 0.001 },
        epochs: 1,
        batchSize: 32,
      },
      sweep: { lambdas: { start: 0, stop: 1, step: 0.25 }, dissonances: ['new-error'], losses: ['nll'] },
    });
    expect(spec.dataset).toEqual({ uri: './data/adult.arrow', trainSplit: 'train', testSplit: 'test' });
    expect(spec.performanceMetric).toBe('accuracy');
    expect(spec.execution).toEqual(sweepSpecDefaults.execution);
    expect(spec.seed).toBe(0);
    expect(spec.tracking).toEqual({ experiment: 'minimal' });
    expect(sweepPoints(spec).map((p) => p.id)).toEqual([
      'new-error/nll/0',
      'new-error/nll/0.25',
      'new-error/nll/0.5',
      'new-error/nll/0.75',
      'new-error/nll/1',
    ]);
  });

  it('builds the grid as dissonances × losses × λs, dissonance-major', () => {
    const spec = parseSweepSpec(
      patched('sweep', {
        lambdas: { start: 0, stop: 0.3, step: 0.1 },
        dissonances: ['new-error', 'strict-imitation'],
        losses: ['cross-entropy', 'kl-divergence'],
      }),
    );
    const points = sweepPoints(spec);
    expect(points).toHaveLength(2 * 2 * 4);
    expect(points.slice(0, 5).map((p) => p.id)).toEqual([
      'new-error/cross-entropy/0',
      'new-error/cross-entropy/0.1',
      'new-error/cross-entropy/0.2',
      'new-error/cross-entropy/0.3',
      'new-error/kl-divergence/0',
    ]);
    expect(points.map((p) => p.index)).toEqual(points.map((_, i) => i));
    expect(points[9]).toMatchObject({ lossName: 'strict-imitation/cross-entropy', lambda: 0.1, lambdaLabel: '0.1' });
    expect(pointTrainingSpec(spec, points[9]!)).toEqual({
      ...example.h2,
      loss: 'strict-imitation/cross-entropy',
      lambda: 0.1,
      seed: 42,
    });
  });

  it('gives each loss only the options it takes', () => {
    const spec = parseSweepSpec({
      ...example,
      h2: { ...example.h2, lossOptions: { pivot: 0.4 } },
      sweep: { lambdas: [1], dissonances: ['new-error'], losses: ['binary-cross-entropy', 'cross-entropy'] },
    });
    expect(spec.h2.lossOptions).toEqual({ pivot: 0.4 });
    const [bce, ce] = sweepPoints(spec);
    expect(pointTrainingSpec(spec, bce!).lossOptions).toEqual({ pivot: 0.4 });
    expect(pointTrainingSpec(spec, ce!)).not.toHaveProperty('lossOptions');
    const focal = parseSweepSpec({
      ...example,
      h2: { ...example.h2, lossOptions: { alpha: 2, temperature: 3 } },
      sweep: { lambdas: [1], dissonances: ['focal-distillation'], losses: ['kl', 'logit-matching'] },
    });
    const [kl, logits] = sweepPoints(focal);
    expect(pointTrainingSpec(focal, kl!).lossOptions).toEqual({ alpha: 2, temperature: 3 });
    expect(pointTrainingSpec(focal, logits!).lossOptions).toEqual({ alpha: 2 });
  });

  it('treats a key set to undefined as absent (JSON has no undefined)', () => {
    const spec = parseSweepSpec({
      ...example,
      h2: { ...example.h2, loss: undefined, lossOptions: undefined, evalBatchSize: undefined },
      seed: undefined,
      execution: undefined,
    });
    expect(spec.h2).toEqual(example.h2);
    expect(spec.seed).toBe(sweepSpecDefaults.seed);
    expect(spec.execution).toEqual(sweepSpecDefaults.execution);
  });

  it('parses h2 as a training spec does, with the same messages', () => {
    const error = thrown(() => parseSweepSpec(patched('h2.epochs', 0)));
    expect(error.message).toBe('invalid h2.epochs: expected a positive integer, received 0');
    expect(thrown(() => parseSweepSpec(patched('h2.lossOptions', { pivot: 0.5 }))).message).toBe(
      'invalid h2.lossOptions.pivot: expected an option a loss of the grid takes (new-error/cross-entropy: none; strict-imitation/cross-entropy: none), received 0.5',
    );
    expect(thrown(() => parseSweepSpec(patched('h2.head', 'binary'))).message).toBe(
      'invalid h2.head: expected no such key (the sweep grid sets each point’s loss and λ, the spec its seed; the head follows the loss), received "binary"',
    );
    expect(thrown(() => parseSweepSpec(patched('h2.epoch', 3))).message).toBe(
      'invalid h2.epoch: expected no such key (h2 takes model, optimizer, epochs, batchSize, evalBatchSize, lossOptions), received 3',
    );
  });

  it('checks each loss option once, in the order of the grid', () => {
    const focal = {
      ...example,
      h2: { ...example.h2, lossOptions: { temperature: 3, beta: 1, alpha: 2 } },
      sweep: { lambdas: [1], dissonances: ['focal-distillation'], losses: ['logit-matching', 'kl'] },
    };
    expect(Object.keys(parseSweepSpec(focal).h2.lossOptions ?? {})).toEqual(['alpha', 'beta', 'temperature']);
    const bad = { ...focal, h2: { ...focal.h2, lossOptions: { temperature: 0 } } };
    expect(thrown(() => parseSweepSpec(bad)).message).toBe(
      'invalid h2.lossOptions.temperature: expected a finite number > 0, received 0',
    );
  });

  it('lists the dissonance and base-loss names of the loss registry', () => {
    expect(dissonanceNames).toEqual(['new-error', 'strict-imitation', 'focal-distillation']);
    expect(baseLossNames).toEqual([
      'nll',
      'cross-entropy',
      'binary-cross-entropy',
      'kl-divergence',
      'kl',
      'logit-matching',
    ]);
  });

  const bad: readonly [string, unknown, string][] = [
    ['an unknown loss', patched('sweep.losses', ['cross-entropy', 'hinge']), 'sweep.losses[1]'],
    ['an unknown dissonance', patched('sweep.dissonances', ['new-error', 'old-error']), 'sweep.dissonances[1]'],
    [
      'a loss a dissonance does not take',
      patched('sweep.dissonances', ['new-error', 'focal-distillation']),
      'sweep.losses[0]',
    ],
    ['a negative λ', patched('sweep.lambdas', [0, 0.5, -1]), 'sweep.lambdas[2]'],
    ['a λ out of range', patched('sweep.lambdas', [0, 1e9]), 'sweep.lambdas[1]'],
    ['a repeated λ', patched('sweep.lambdas', [0, 0.3, 0.1 + 0.2]), 'sweep.lambdas[2]'],
    ['an empty λ grid', patched('sweep.lambdas', []), 'sweep.lambdas'],
    ['a range with step 0', patched('sweep.lambdas', { start: 0, stop: 1, step: 0 }), 'sweep.lambdas.step'],
    ['a range that runs backwards', patched('sweep.lambdas', { start: 1, stop: 0, step: 0.1 }), 'sweep.lambdas.stop'],
    ['an empty loss list', patched('sweep.losses', []), 'sweep.losses'],
    ['parallelism 0', patched('execution.parallelism', 0), 'execution.parallelism'],
    ['fractional parallelism', patched('execution.parallelism', 1.5), 'execution.parallelism'],
    ['an unknown pool', patched('execution.pool', 'tpu'), 'execution.pool'],
    ['maxAttempts 0', patched('execution.maxAttempts', 0), 'execution.maxAttempts'],
    [
      'a point timeout shorter than the heartbeat',
      patched('execution.pointTimeoutSeconds', 10),
      'execution.pointTimeoutSeconds',
    ],
    ['an unknown top-level key', patched('lambda', 0.5), 'lambda'],
    ['an unknown execution key', patched('execution.workers', 3), 'execution.workers'],
    ['a missing dataset', patched('dataset', undefined), 'dataset'],
    ['a missing dataset URI', patched('dataset.uri', undefined), 'dataset.uri'],
    ['a malformed bundled dataset', patched('dataset.uri', 'bcml:adult'), 'dataset.uri'],
    ['the same train and test split', patched('dataset.testSplit', 'train'), 'dataset.testSplit'],
    ['a split name with a slash', patched('dataset.trainSplit', '../train'), 'dataset.trainSplit'],
    ['a malformed registry URI for h1', patched('h1.uri', 'models:/adult'), 'h1.uri'],
    ['a name with spaces', patched('name', 'my sweep'), 'name'],
    ['a loss in h2', patched('h2.loss', 'new-error/cross-entropy'), 'h2.loss'],
    ['epochs 0', patched('h2.epochs', 0), 'h2.epochs'],
    ['an unknown model kind', patched('h2.model', { kind: 'transformer' }), 'h2.model.kind'],
    ['a bad learning rate', patched('h2.optimizer.learningRate', -1), 'h2.optimizer.learningRate'],
    ['a loss option no grid loss takes', patched('h2.lossOptions', { pivot: 0.5 }), 'h2.lossOptions.pivot'],
    ['a bad tracking URI', patched('tracking.uri', 'http://user:secret@mlflow:5000'), 'tracking.uri'],
    ['an unknown performance metric', patched('performanceMetric', 'f1'), 'performanceMetric'],
    ['a negative seed', patched('seed', -1), 'seed'],
    ['a spec that is not an object', [example], 'spec'],
  ];

  it.each(bad)('rejects %s, naming the field', (_what, spec, field) => {
    const error = thrown(() => parseSweepSpec(spec));
    expect(error.field).toBe(field);
    expect(error.message).toContain(`invalid ${field}:`);
    expect(error.retryable).toBe(false);
  });

  it('parses execution.pack: "auto" by default, or an integer from 1 to MAX_PACK', () => {
    expect(parseSweepSpec(example).execution.pack).toBe('auto');
    expect(sweepSpecDefaults.execution.pack).toBe('auto');
    for (const pack of ['auto', 1, 3, MAX_PACK] as const) {
      expect(parseSweepSpec(patched('execution.pack', pack)).execution.pack).toBe(pack);
    }
  });

  it.each([
    [0, '0'],
    [MAX_PACK + 1, '65'],
    [2.5, '2.5'],
    ['3', '"3"'],
    ['Auto', '"Auto"'],
    [null, 'null'],
  ])('rejects execution.pack %j, naming the field and what it takes', (pack, received) => {
    const error = thrown(() => parseSweepSpec(patched('execution.pack', pack)));
    expect(error.field).toBe('execution.pack');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `invalid execution.pack: expected "auto" or an integer from 1 to ${MAX_PACK}, received ${received}`,
    );
  });

  it('says which losses a dissonance takes', () => {
    const error = thrown(() => parseSweepSpec(patched('sweep.dissonances', ['focal-distillation'])));
    expect(error.message).toContain('focal-distillation takes kl, logit-matching');
  });

  it(`rejects a grid of more than ${MAX_SWEEP_POINTS} points`, () => {
    const error = thrown(() =>
      parseSweepSpec(
        patched('sweep', {
          lambdas: { start: 0, stop: 1, step: 0.002 },
          dissonances: ['new-error', 'strict-imitation'],
          losses: ['cross-entropy'],
        }),
      ),
    );
    expect(error.field).toBe('sweep');
    expect(error.message).toContain('this one has 1002');
  });
});
