// The fused dense step: which models it takes, and that it trains to bitwise the weights the layers API gives.
import { beforeAll, describe, expect, it } from 'vitest';

import { type ModelSpec, type TrainingSpec } from '@bcml/core';
import { buildModel } from '@bcml/models';
import { computeH1Outputs, denseChain, trainCompatibility } from '@bcml/training';

import { bitwiseEqual, blobs, liveTensors, useNativeBackend, weightsOf } from './support.js';

beforeAll(useNativeBackend);

const build = (model: ModelSpec, head: 'multi-class' | 'binary' = 'multi-class') =>
  buildModel(model, { inputShape: [6], numClasses: head === 'binary' ? 2 : 3, seed: 4, head });

describe('denseChain', () => {
  it('takes logistic regression and MLPs without dropout, with each layer’s activation', () => {
    const cases: [ModelSpec, string[]][] = [
      [{ kind: 'logistic-regression' }, ['linear']],
      [{ kind: 'mlp', hidden: [8] }, ['relu', 'linear']],
      [{ kind: 'mlp', hidden: [8, 5], activation: 'tanh' }, ['tanh', 'tanh', 'linear']],
    ];
    for (const [spec, activations] of cases) {
      const model = build(spec);
      const chain = denseChain(model);
      expect(chain?.inputs).toBe(6);
      expect(chain?.links.map((l) => l.activation)).toEqual(activations);
      expect(chain?.links.map((l) => l.kernel.shape)).toEqual(
        model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getWeights()[0]!.shape),
      );
      model.dispose();
    }
  });

  it('leaves a model with dropout, convolutions or images to the layers API', () => {
    const dropout = build({ kind: 'mlp', hidden: [8], dropout: 0.2 });
    expect(denseChain(dropout)).toBeUndefined();
    dropout.dispose();
    const lenet = buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 10, seed: 1 });
    expect(denseChain(lenet)).toBeUndefined();
    lenet.dispose();
  });
});

describe('the fused dense step', () => {
  const data = blobs(500, 6, 3, 11);
  const binary = blobs(400, 6, 2, 12);

  it.each([
    [
      'logistic regression, new-error CE, SGD momentum',
      { kind: 'logistic-regression' },
      'new-error/cross-entropy',
      'sgd',
    ],
    ['MLP relu, strict-imitation KL, Adam', { kind: 'mlp', hidden: [8] }, 'strict-imitation/kl-divergence', 'adam'],
    [
      'MLP tanh ×2, strict-imitation NLL, SGD',
      { kind: 'mlp', hidden: [7, 5], activation: 'tanh' },
      'strict-imitation/nll',
      'sgd',
    ],
    ['MLP relu, binary head, new-error BCE', { kind: 'mlp', hidden: [8] }, 'new-error/binary-cross-entropy', 'adam'],
  ] as const)(
    'trains %s to bitwise the layers API’s weights and loss history, leaking nothing',
    async (_, model, loss, optimizer) => {
      const train = loss.endsWith('binary-cross-entropy') ? binary : data;
      const head = loss.endsWith('binary-cross-entropy') ? 'binary' : 'multi-class';
      const h1 = buildModel(
        { kind: 'logistic-regression' },
        { inputShape: [6], numClasses: train.numClasses, seed: 9, head },
      );
      const h1Outputs = await computeH1Outputs(h1, train, { batchSize: 128 });
      h1.dispose();
      const spec: TrainingSpec = {
        model,
        optimizer:
          optimizer === 'sgd'
            ? { kind: 'sgd', learningRate: 0.05, momentum: 0.5 }
            : { kind: 'adam', learningRate: 0.01 },
        epochs: 3,
        batchSize: 64,
        loss,
        lambda: 0.7,
        seed: 3,
      };
      const before = liveTensors();
      const layers = await trainCompatibility(spec, { data: train, h1Outputs, fused: false });
      const fused = await trainCompatibility(spec, { data: train, h1Outputs });
      expect(bitwiseEqual(weightsOf(fused.model), weightsOf(layers.model))).toBe(true);
      const strip = (h: typeof fused.history) => h.map(({ loss: l, base, dissonance }) => [l, base, dissonance]);
      expect(strip(fused.history)).toEqual(strip(layers.history));
      expect(fused.history.at(-1)!.loss).toBeLessThan(fused.history[0]!.loss);
      fused.model.dispose();
      layers.model.dispose();
      expect(liveTensors()).toBe(before);
    },
  );

  it('trains plain (λ = 0, no h1) the same way too', async () => {
    const spec: TrainingSpec = {
      model: { kind: 'mlp', hidden: [8] },
      optimizer: { kind: 'sgd', learningRate: 0.05 },
      epochs: 2,
      batchSize: 50,
      loss: 'new-error/cross-entropy',
      lambda: 0,
      seed: 5,
    };
    const layers = await trainCompatibility(spec, { data, fused: false });
    const fused = await trainCompatibility(spec, { data });
    expect(bitwiseEqual(weightsOf(fused.model), weightsOf(layers.model))).toBe(true);
    fused.model.dispose();
    layers.model.dispose();
  });
});
