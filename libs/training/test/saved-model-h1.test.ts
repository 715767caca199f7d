import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { computeOnnxH1Outputs, loadSavedModelH1, type OnnxH1 } from '@bcml/training';
import { memory } from '@tensorflow/tfjs-core';

import { goldenData, h1Accuracy, useNativeBackend } from './support.js';

// A Keras 3 model exported with model.export(dir) (test/golden/h1-savedmodel/generate.py), its logits from Keras'
// own predict: tfjs-node's loadSavedModel (the same TensorFlow 2.21 runtime) must give the same to 1e-5.

const golden = (path: string): URL => new URL(`../../../test/golden/${path}`, import.meta.url);
const expected = JSON.parse(readFileSync(golden('h1-savedmodel/expected.json'), 'utf8')) as {
  accuracy: Record<string, number>;
  testLogits: Record<string, number[]>;
};
const data = goldenData('h1-onnx/dataset', 'arrow');
const options = { outputs: 'logits', field: 'h1', valuesField: 'h1.savedModel' } as const;
let model: OnnxH1;

beforeAll(async () => {
  await useNativeBackend();
  model = await loadSavedModelH1(fileURLToPath(golden('h1-savedmodel/savedmodel')), 'h1');
});

afterAll(async () => {
  await model.dispose();
});

describe('a TF SavedModel h1 on tfjs-node', () => {
  it('gives Keras’ logits per test id to 1e-5, in small batches too, leaking no tensors', async () => {
    expect(model.inputShape).toEqual(['batch', 4]);
    const before = memory().numTensors;
    for (const batchSize of [1024, 7]) {
      const outputs = await computeOnnxH1Outputs(model, data('test'), { ...options, batchSize });
      expect(outputs.size).toBe(Object.keys(expected.testLogits).length);
      expect(outputs.width).toBe(3);
      const row = new Float32Array(3);
      for (const id of outputs.ids) {
        outputs.gather([id], row);
        const logits = expected.testLogits[String(id)]!;
        row.forEach((z, k) => expect(Math.abs(z - logits[k]!)).toBeLessThan(1e-5));
      }
    }
    expect(memory().numTensors).toBe(before);
  });

  it('has Keras’ accuracy on each split', async () => {
    for (const split of ['train', 'test']) {
      const labelled = data(split);
      const outputs = await computeOnnxH1Outputs(model, labelled, options);
      expect(h1Accuracy(outputs, labelled)).toBeCloseTo(expected.accuracy[split]!, 12);
    }
  });

  it('names h1.savedModel for values that are not the probabilities it is told they are', async () => {
    const error = await computeOnnxH1Outputs(model, data('test'), { ...options, outputs: 'probabilities' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^invalid h1\.savedModel \(instance id \d+\): expected probabilities/);
  });

  it('refuses a folder without saved_model.pb, naming h1.savedModel', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'bcml-savedmodel-'));
    try {
      const error = await loadSavedModelH1(empty, 'h1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({
        field: 'h1.savedModel',
        expected: 'a SavedModel folder holding saved_model.pb (Keras: model.export(dir))',
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
