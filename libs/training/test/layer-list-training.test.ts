// Layer lists (`{ kind: "layers" }`) as h2: a tiny CNN with a residual add trains through the layers API on a few
// MNIST-shaped images, a dense list on tabular data through the fused dense step (packed too), and only provable
// dense chains take the fused path.
import { beforeAll, describe, expect, it } from 'vitest';

import { isPackableModel, type ModelSpec, type TrainingSpec } from '@bcml/core';
import { buildModel } from '@bcml/models';
import {
  computeH1Outputs,
  dataFromArrays,
  denseChain,
  trainCompatibility,
  trainPacked,
  type LabelledData,
} from '@bcml/training';

import { bitwiseEqual, blobs, liveTensors, random, useNativeBackend, weightsOf } from './support.js';

beforeAll(useNativeBackend);

/** `n` MNIST-shaped images [28, 28, 1] of `numClasses` classes: class c lights a 6×6 square at its own place, plus noise. */
function squares(n: number, numClasses: number, seed: number): LabelledData {
  const next = random(seed);
  const ids = Uint32Array.from({ length: n }, (_, i) => i);
  const y = Int32Array.from({ length: n }, () => Math.floor(next() * numClasses));
  const x = new Float32Array(n * 784).map(() => 0.2 * next());
  y.forEach((label, i) => {
    const [top, left] = [4 + 6 * label, 4 + 5 * label];
    for (let r = top; r < top + 6; r += 1) for (let c = left; c < left + 6; c += 1) x[i * 784 + r * 28 + c] = 1;
  });
  return dataFromArrays({ ids, x, y, shape: [28, 28, 1], numClasses });
}

/** A logistic-regression h1's outputs on `data` (untrained: only its disagreements with h2 matter here). */
async function h1OutputsOf(data: LabelledData) {
  const h1 = buildModel(
    { kind: 'logistic-regression' },
    { inputShape: data.examples.shape, numClasses: data.numClasses, seed: 9 },
  );
  const outputs = await computeH1Outputs(h1, data, { batchSize: 64 });
  h1.dispose();
  return outputs;
}

describe('training a layer list', () => {
  it('trains a tiny CNN with batch norm, a residual add and dropout on MNIST-shaped images, reproducibly', async () => {
    const data = squares(96, 3, 1);
    const h1Outputs = await h1OutputsOf(data);
    const model: ModelSpec = {
      kind: 'layers',
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' },
        { type: 'batchNormalization' },
        { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
        { type: 'add', inputs: ['c1', 'conv2d_3'] },
        { type: 'maxPooling2d', poolSize: 4 },
        { type: 'flatten' },
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dropout', rate: 0.2 },
      ],
    };
    const spec: TrainingSpec = {
      model,
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs: 4,
      batchSize: 16,
      loss: 'new-error/cross-entropy',
      lambda: 0.5,
      seed: 3,
    };
    const built = buildModel(model, { inputShape: [28, 28, 1], numClasses: 3, seed: 3 });
    expect(denseChain(built)).toBeUndefined();
    built.dispose();

    const before = liveTensors();
    const [a, b] = [
      await trainCompatibility(spec, { data, h1Outputs }),
      await trainCompatibility(spec, { data, h1Outputs }),
    ];
    expect(a.history.map((r) => r.samples)).toEqual([96, 96, 96, 96]);
    expect(a.history.at(-1)!.loss).toBeLessThan(a.history[0]!.loss);
    expect(a.history.every((r) => Number.isFinite(r.loss))).toBe(true);
    // Seeded initialisation, batches and dropout masks: the same spec trains to the same weights.
    expect(bitwiseEqual(weightsOf(a.model), weightsOf(b.model))).toBe(true);
    a.model.dispose();
    b.model.dispose();
    expect(liveTensors()).toBe(before);
  });

  it('fails before training when the list does not fit the data, naming the layer', async () => {
    const data = blobs(40, 6, 3, 2);
    const spec: TrainingSpec = {
      model: { kind: 'layers', layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'flatten' }] },
      optimizer: { kind: 'sgd', learningRate: 0.1 },
      epochs: 1,
      batchSize: 8,
      loss: 'new-error/cross-entropy',
      lambda: 0,
      seed: 1,
    };
    const before = liveTensors();
    await expect(trainCompatibility(spec, { data, field: 'h2' })).rejects.toThrow(
      /^invalid h2\.model\.layers\[0\]: expected an image input \[batch, height, width, channels\] for a "conv2d" layer/,
    );
    expect(liveTensors()).toBe(before);
  });

  describe('a dense list on tabular data', () => {
    const data = blobs(300, 6, 3, 4);
    const dense: ModelSpec = {
      kind: 'layers',
      layers: [
        { type: 'dense', units: 12, activation: 'relu' },
        { type: 'dense', units: 6, activation: 'tanh', useBias: false },
      ],
    };
    const specOf = (loss: TrainingSpec['loss'], lambda: number): TrainingSpec => ({
      model: dense,
      optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.5 },
      epochs: 3,
      batchSize: 32,
      loss,
      lambda,
      seed: 6,
    });

    it('takes the fused dense step, to the layers API’s weights up to float32 rounding', async () => {
      const h1Outputs = await h1OutputsOf(data);
      const spec = specOf('strict-imitation/kl-divergence', 0.7);
      const built = buildModel(dense, { inputShape: [6], numClasses: 3, seed: 6 });
      expect(denseChain(built)?.links.map((l) => [l.activation, l.bias === null])).toEqual([
        ['relu', false],
        ['tanh', true],
        ['linear', false],
      ]);
      built.dispose();
      const before = liveTensors();
      const fused = await trainCompatibility(spec, { data, h1Outputs });
      const layers = await trainCompatibility(spec, { data, h1Outputs, fused: false });
      const [f, l] = [weightsOf(fused.model), weightsOf(layers.model)];
      expect(Math.max(...f.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - l[i]![j]!)))))).toBeLessThan(2e-5);
      expect(fused.history.at(-1)!.loss).toBeLessThan(fused.history[0]!.loss);
      fused.model.dispose();
      layers.model.dispose();
      expect(liveTensors()).toBe(before);
    });

    it('trains packed, as a sweep of it would', async () => {
      expect(isPackableModel(dense)).toBe(true);
      const h1Outputs = await h1OutputsOf(data);
      const specs = [specOf('new-error/cross-entropy', 0), specOf('strict-imitation/cross-entropy', 1)];
      const packed = await trainPacked(specs, { data, h1Outputs });
      const alone = await trainCompatibility(specs[1]!, { data, h1Outputs });
      const [p, a] = [weightsOf(packed[1]!.model), weightsOf(alone.model)];
      expect(Math.max(...p.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - a[i]![j]!)))))).toBeLessThan(2e-5);
      [...packed.map((r) => r.model), alone.model].forEach((m) => m.dispose());
    });
  });

  it('takes the fused step only for provable dense chains, among them every layer list core packs', () => {
    const dense = (units: number, activation?: 'relu' | 'sigmoid' | 'gelu') =>
      ({ type: 'dense', units, ...(activation === undefined ? {} : { activation }) }) as const;
    const lists: [string, ModelSpec, readonly number[], boolean][] = [
      ['dense relu → sigmoid', { kind: 'layers', layers: [dense(4, 'relu'), dense(3, 'sigmoid')] }, [6], true],
      ['flatten → dense on images', { kind: 'layers', layers: [{ type: 'flatten' }, dense(4)] }, [4, 4, 2], true],
      ['flatten alone', { kind: 'layers', layers: [{ type: 'flatten' }] }, [4, 4, 2], true],
      ['flatten → dense on tabular data', { kind: 'layers', layers: [{ type: 'flatten' }, dense(4)] }, [6], true],
      // Dense on an image's last axis, then flatten: the fused step would read it as one [32 → 3] matmul.
      ['dense → flatten on images', { kind: 'layers', layers: [dense(3), { type: 'flatten' }] }, [4, 4, 2], false],
      ['dense gelu', { kind: 'layers', layers: [dense(4, 'gelu')] }, [6], false],
      [
        'dense → activation',
        { kind: 'layers', layers: [dense(4), { type: 'activation', activation: 'relu' }] },
        [6],
        false,
      ],
      ['dense → dropout 0', { kind: 'layers', layers: [dense(4), { type: 'dropout', rate: 0 }] }, [6], false],
      ['dense → batch norm', { kind: 'layers', layers: [dense(4), { type: 'batchNormalization' }] }, [6], false],
      [
        'a dense residual',
        {
          kind: 'layers',
          layers: [
            { ...dense(6), name: 'a' },
            { type: 'add', inputs: ['a', 'input'] },
          ],
        },
        [6],
        false,
      ],
      [
        // A chain, written with a link: core does not pack it (it reads links as a graph), the fused step takes it.
        'a link to the layer before',
        {
          kind: 'layers',
          layers: [
            { type: 'flatten', name: 'f' },
            { ...dense(4), input: 'f' },
          ],
        },
        [6],
        true,
      ],
    ];
    for (const [what, spec, inputShape, chain] of lists) {
      const model = buildModel(spec, { inputShape, numClasses: 3, seed: 1 });
      expect({ what, chain: denseChain(model) !== undefined }).toEqual({ what, chain });
      if (isPackableModel(spec)) expect({ what, chain }).toEqual({ what, chain: true });
      model.dispose();
    }
  });
});
