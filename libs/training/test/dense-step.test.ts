// The fused dense step: which models it takes, and that it trains to the weights the layers API gives (bitwise through
// the tape, up to float32 rounding with a closed-form loss gradient).
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

  /** Largest absolute difference between two weight lists. */
  const maxDifference = (a: readonly Float32Array[], b: readonly Float32Array[]): number =>
    Math.max(...a.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - b[i]![j]!)))));

  async function both(model: ModelSpec, loss: TrainingSpec['loss'], optimizer: 'sgd' | 'adam') {
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
        optimizer === 'sgd' ? { kind: 'sgd', learningRate: 0.05, momentum: 0.5 } : { kind: 'adam', learningRate: 0.01 },
      epochs: 3,
      batchSize: 64,
      loss,
      lambda: 0.7,
      seed: 3,
      ...(loss.startsWith('focal') ? { lossOptions: { alpha: 1, beta: 5 } } : {}),
    };
    const before = liveTensors();
    const layers = await trainCompatibility(spec, { data: train, h1Outputs, fused: false });
    const fused = await trainCompatibility(spec, { data: train, h1Outputs });
    const result = {
      fused: weightsOf(fused.model),
      layers: weightsOf(layers.model),
      histories: [fused.history, layers.history],
    };
    fused.model.dispose();
    layers.model.dispose();
    expect(liveTensors()).toBe(before);
    return result;
  }

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
    'trains %s with the closed-form gradient to the layers API’s weights and losses up to float32 rounding',
    async (_, model, loss, optimizer) => {
      const { fused, layers, histories } = await both(model, loss, optimizer);
      // ∂L/∂logits is rounded once from float64 instead of computed in float32 kernels: 3 epochs of updates keep the
      // weights within 2e-5 (measured differences are ~1e-7 to 1e-6).
      expect(maxDifference(fused, layers)).toBeLessThan(2e-5);
      const [f, l] = histories;
      f!.forEach((report, i) => {
        expect(report.loss).toBeCloseTo(l![i]!.loss, 5);
        expect(report.base).toBeCloseTo(l![i]!.base, 5);
        expect(report.dissonance!).toBeCloseTo(l![i]!.dissonance!, 5);
      });
      expect(f!.at(-1)!.loss).toBeLessThan(f![0]!.loss);
    },
  );

  it('takes the closed-form gradient through the layers API too (dropout): the tape’s weights up to float32 rounding', async () => {
    const { fused, layers, histories } = await both(
      { kind: 'mlp', hidden: [8], dropout: 0.3 },
      'strict-imitation/cross-entropy',
      'sgd',
    );
    expect(maxDifference(fused, layers)).toBeLessThan(2e-5);
    histories[0]!.forEach((report, i) => expect(report.loss).toBeCloseTo(histories[1]![i]!.loss, 5));
  });

  it('trains a loss without a closed form (focal distillation) through the tape, bitwise as the layers API', async () => {
    const { fused, layers, histories } = await both({ kind: 'mlp', hidden: [8] }, 'focal-distillation/kl', 'sgd');
    expect(bitwiseEqual(fused, layers)).toBe(true);
    expect(histories[0]!.map((h) => h.loss)).toEqual(histories[1]!.map((h) => h.loss));
  });

  it('trains plain (λ = 0, no h1) the same way too, up to float32 rounding', async () => {
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
    expect(maxDifference(weightsOf(fused.model), weightsOf(layers.model))).toBeLessThan(2e-5);
    fused.model.dispose();
    layers.model.dispose();
  });
});
