// A model of the user's own as h2 (`{ kind: "tfjs", uri }`): the caller loads it and trainCompatibility trains it in
// place, exactly as the same architecture built by bcml with the same starting weights; shapes, head and unseeded
// dropout are refused before training, naming the field.
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { type TrainingSpec } from '@bcml/core';
import { buildModel, loadModel, saveModel } from '@bcml/models';
import { trainCompatibility } from '@bcml/training';
import { layers, sequential } from '@tensorflow/tfjs-layers';

import {
  bitwiseEqual,
  blobs,
  liveTensors,
  rejection,
  temporaryFolder,
  useNativeBackend,
  weightsOf,
} from './support.js';

beforeAll(useNativeBackend);

const spec = (model: TrainingSpec['model']): TrainingSpec => ({
  model,
  optimizer: { kind: 'adam', learningRate: 0.01 },
  epochs: 2,
  batchSize: 16,
  loss: 'new-error/cross-entropy',
  lambda: 0,
  seed: 4,
});

describe('training a model of your own (kind "tfjs")', () => {
  it('trains the loaded model in place, bitwise as the same architecture built by bcml from the same weights', async () => {
    const data = blobs(64, 5, 3, 2);
    const folder = await temporaryFolder();
    try {
      const template = buildModel({ kind: 'mlp', hidden: [6] }, { inputShape: [5], numClasses: 3, seed: 11 });
      const start = weightsOf(template);
      await saveModel(template, join(folder.dir, 'h2'));
      template.dispose();
      const before = liveTensors();

      const own = await loadModel(join(folder.dir, 'h2'));
      const mine = await trainCompatibility(spec({ kind: 'tfjs', uri: join(folder.dir, 'h2') }), { data, model: own });
      expect(mine.model).toBe(own);
      const built = await trainCompatibility(spec({ kind: 'mlp', hidden: [6] }), { data, initialWeights: start });
      expect(bitwiseEqual(weightsOf(mine.model), weightsOf(built.model))).toBe(true);
      expect(bitwiseEqual(weightsOf(mine.model), start)).toBe(false);
      mine.model.dispose();
      built.model.dispose();
      expect(liveTensors()).toBe(before);
    } finally {
      await folder.remove();
    }
  });

  it('refuses unseeded dropout, a wrong output width, and a missing or unexpected model, before training', async () => {
    const data = blobs(32, 5, 3, 3);
    const before = liveTensors();
    const withDropout = sequential({
      layers: [
        layers.dense({ units: 4, inputShape: [5], name: 'hidden' }),
        layers.dropout({ rate: 0.5, name: 'drop' }),
        layers.dense({ units: 3, name: 'out' }),
      ],
    });
    const dropoutError = await rejection(
      trainCompatibility(spec({ kind: 'tfjs', uri: './h2' }), { data, model: withDropout }),
    );
    expect(dropoutError.field).toBe('h2.model.uri');
    expect(dropoutError.message).toContain('layer \\"drop\\" of class Dropout');

    const twoOutputs = sequential({ layers: [layers.dense({ units: 2, inputShape: [5] })] });
    const widthError = await rejection(
      trainCompatibility(spec({ kind: 'tfjs', uri: './h2' }), { data, model: twoOutputs }),
    );
    expect(widthError.field).toBe('h2.model.outputWidth');

    const missing = await rejection(trainCompatibility(spec({ kind: 'tfjs', uri: './h2' }), { data }));
    expect(missing.field).toBe('model');
    const extra = sequential({ layers: [layers.dense({ units: 3, inputShape: [5] })] });
    const unexpected = await rejection(
      trainCompatibility(spec({ kind: 'logistic-regression' }), { data, model: extra }),
    );
    expect(unexpected.field).toBe('h2.model.kind');
    extra.dispose();
    // A refused model is disposed by trainCompatibility (it took ownership).
    expect(liveTensors()).toBe(before);
  });
});
