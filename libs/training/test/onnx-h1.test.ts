import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { computeOnnxH1Outputs, dataFromArrays, loadOnnxH1, type OnnxH1 } from '@bcml/training';

import { goldenData, h1Accuracy } from './support.js';

// An MLP exported with the `onnx` helper API (test/golden/h1-onnx/generate.py), its logits from ONNX's reference
// evaluator: onnxruntime-node on the CPU must give the same to 1e-5.

const golden = (path: string): URL => new URL(`../../../test/golden/h1-onnx/${path}`, import.meta.url);
const expected = JSON.parse(readFileSync(golden('expected.json'), 'utf8')) as {
  accuracy: Record<string, number>;
  testPredictions: Record<string, number>;
  testLogits: Record<string, number[]>;
};
const data = goldenData('h1-onnx/dataset', 'arrow');
const options = { outputs: 'logits', field: 'h1' } as const;
let model: OnnxH1;

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

beforeAll(async () => {
  model = await loadOnnxH1(readFileSync(golden('model.onnx')), 'h1');
});

afterAll(async () => {
  await model.dispose();
});

describe('an ONNX h1 on onnxruntime-node (CPU)', () => {
  it('gives the generator’s logits per test id to 1e-5, in small batches too', async () => {
    expect(model.inputShape).toEqual(['batch', 4]);
    for (const batchSize of [1024, 7]) {
      const outputs = await computeOnnxH1Outputs(model, data('test'), { ...options, batchSize });
      expect(outputs.size).toBe(50);
      expect(outputs.width).toBe(3);
      const row = new Float32Array(3);
      for (const id of outputs.ids) {
        outputs.gather([id], row);
        const logits = expected.testLogits[String(id)]!;
        row.forEach((z, k) => expect(Math.abs(z - logits[k]!)).toBeLessThan(1e-5));
      }
      const classes = outputs.predictions(outputs.ids);
      expect(Object.fromEntries([...outputs.ids].map((id, i) => [String(id), classes[i]]))).toEqual(
        expected.testPredictions,
      );
    }
  });

  it('has the generator’s accuracy on each split', async () => {
    for (const split of ['train', 'test']) {
      const labelled = data(split);
      const outputs = await computeOnnxH1Outputs(model, labelled, options);
      expect(h1Accuracy(outputs, labelled)).toBeCloseTo(expected.accuracy[split]!, 12);
    }
  });

  it('refuses a model whose input does not take the data’s examples, naming h1.inputShape', async () => {
    const wrong = await loadOnnxH1(readFileSync(golden('wrong-input.onnx')), 'h1');
    try {
      const error = await rejection(computeOnnxH1Outputs(wrong, data('test'), options));
      expect(error.message).toBe(
        'invalid h1.inputShape: expected [batch, 4] (a batch of the data\'s examples), received "[batch, 3]"',
      );
    } finally {
      await wrong.dispose();
    }
  });

  it('refuses an output width other than C, naming h1.outputWidth', async () => {
    const binary = dataFromArrays({
      ids: Uint32Array.from([0, 1]),
      x: new Float32Array(8),
      y: Int32Array.from([0, 1]),
      shape: [4],
      numClasses: 2,
    });
    const error = await rejection(computeOnnxH1Outputs(model, binary, options));
    expect(error.field).toBe('h1.outputWidth');
    expect(error.message).toContain('expected an output of shape [batch, 2] or [batch, 1] (C = 2), received "[2, 3]"');
  });

  it('checks the values it is told are probabilities, naming the instance', async () => {
    const error = await rejection(computeOnnxH1Outputs(model, data('test'), { ...options, outputs: 'probabilities' }));
    expect(error.message).toMatch(/^invalid h1\.onnx \(instance id \d+\): expected probabilities in \[0, 1\]/);
  });

  it('refuses bytes that are not an ONNX model, naming h1.onnx', async () => {
    const error = await rejection(loadOnnxH1(new TextEncoder().encode('not onnx'), 'h1'));
    expect(error.field).toBe('h1.onnx');
    expect(error.expected).toBe('an ONNX model onnxruntime can load');
  });
});
