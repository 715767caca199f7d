// A binary task's h1 serves h2 of either head: 2 logits [z0, z1] become the one logit z1 − z0 and one logit z
// becomes [0, z], the same probabilities (hand-derived: σ(z1 − z0) = e^z1 / (e^z0 + e^z1)); so a bce sweep takes
// a 2-logit h1 (a predictions file, an ONNX model, a tfjs model) and a cross-entropy sweep a 1-logit one.
import { beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError, type TrainingSpec } from '@bcml/core';
import { checkTrainingInputs, H1Outputs, trainCompatibility } from '@bcml/training';

import { bitwiseEqual, blobs, useNativeBackend, weightsOf } from './support.js';

beforeAll(useNativeBackend);

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('H1Outputs.withWidth', () => {
  const ids = Uint32Array.from([7, 3, 9]);
  const two = new H1Outputs(ids, Float32Array.from([0.5, 2, -1, -3, 4, 4]), 2);

  it('turns 2 logits into their difference and back into [0, z], keeping the probabilities', () => {
    const one = two.withWidth(1);
    expect(one.width).toBe(1);
    expect([...one.logits]).toEqual([1.5, -2, 0]);
    for (let i = 0; i < 3; i += 1) {
      const [z0, z1] = [two.logits[2 * i]!, two.logits[2 * i + 1]!];
      expect(sigmoid(one.logits[i]!)).toBeCloseTo(Math.exp(z1) / (Math.exp(z0) + Math.exp(z1)), 12);
    }
    const back = one.withWidth(2);
    expect([...back.logits]).toEqual([0, 1.5, 0, -2, 0, 0]);
    expect(two.withWidth(2)).toBe(two);
    // The same classes, except an exact tie (id 9: z0 = z1), which a single logit 0 puts in class 1.
    expect([...two.predictions(ids)]).toEqual([1, 0, 0]);
    expect([...one.predictions(ids)]).toEqual([1, 0, 1]);
  });

  it('refuses widths other than a binary task’s 1 and 2, naming h1.outputWidth', () => {
    const three = new H1Outputs(ids, new Float32Array(9), 3);
    expect(() => three.withWidth(1)).toThrow(InvalidInputError);
    expect(() => three.withWidth(1)).toThrow('invalid h1.outputWidth');
  });
});

describe('a binary task trained against h1 of the other head', () => {
  it('checks and trains a bce h2 against 2-logit h1 outputs exactly as against their difference', async () => {
    const data = blobs(48, 4, 2, 5);
    const next = (i: number): number => Math.sin(i * 1.7);
    const twoLogits = new H1Outputs(
      data.examples.ids,
      Float32Array.from({ length: data.examples.size * 2 }, (_, i) => next(i)),
      2,
    );
    const spec: TrainingSpec = {
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'sgd', learningRate: 0.1 },
      epochs: 2,
      batchSize: 16,
      loss: 'new-error/binary-cross-entropy',
      lambda: 0.5,
      seed: 2,
    };
    const checked = checkTrainingInputs(spec, { data, h1Outputs: twoLogits });
    expect(checked.width).toBe(1);
    expect(checked.h1Outputs?.width).toBe(1);
    const fromTwo = await trainCompatibility(spec, { data, h1Outputs: twoLogits });
    const fromOne = await trainCompatibility(spec, { data, h1Outputs: twoLogits.withWidth(1) });
    expect(bitwiseEqual(weightsOf(fromTwo.model), weightsOf(fromOne.model))).toBe(true);
    expect(fromTwo.history.map((r) => r.dissonance)).toEqual(fromOne.history.map((r) => r.dissonance));
    fromTwo.model.dispose();
    fromOne.model.dispose();
  });
});
