import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type TrainingSpec } from '@bcml/core';
import { buildModel } from '@bcml/models';
import {
  checkTrainingInputs,
  computeH1Outputs,
  dataFromArrays,
  H1Outputs,
  trainCompatibility,
  type TrainCompatibilityOptions,
} from '@bcml/training';

import { blobs, liveTensors, rejection, temporaryFolder, useNativeBackend } from './support.js';

const spec: TrainingSpec = {
  model: { kind: 'mlp', hidden: [8] },
  optimizer: { kind: 'sgd', learningRate: 0.1, momentum: 0.5 },
  epochs: 2,
  batchSize: 32,
  loss: 'new-error/cross-entropy',
  lambda: 1,
  seed: 1,
};

const train = blobs(200, 5, 3, 1);
const test = blobs(100, 5, 3, 2, 1000);
let h1Train: H1Outputs;
let h1Test: H1Outputs;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  await useNativeBackend();
  folder = await temporaryFolder();
  const h1 = buildModel({ kind: 'logistic-regression' }, { inputShape: [5], numClasses: 3, seed: 2 });
  h1Train = await computeH1Outputs(h1, train);
  h1Test = await computeH1Outputs(h1, test);
  h1.dispose();
});
afterAll(async () => folder.remove());

/**
 * Runs `trainCompatibility` expecting an `InvalidInputError` before any training: no epoch reported, no checkpoint
 * folder written, no tensor left behind. Returns the error.
 */
async function failsBeforeTraining(candidate: unknown, options: Partial<TrainCompatibilityOptions> = {}) {
  const dir = `${folder.dir}/${Math.random().toString(36).slice(2)}`;
  const epochs: number[] = [];
  const before = liveTensors();
  const error = await rejection(
    trainCompatibility(candidate as TrainingSpec, {
      data: train,
      h1Outputs: h1Train,
      validation: { data: test, h1Outputs: h1Test },
      checkpoint: { dir },
      onEpoch: (r) => void epochs.push(r.epoch),
      ...options,
    }),
  );
  expect(epochs).toEqual([]);
  await expect(access(dir)).rejects.toThrow(/ENOENT/);
  expect(liveTensors()).toBe(before);
  return error;
}

describe('invalid specs and inputs fail before training, naming the field', () => {
  it.each([
    [{ loss: 'new-error/hinge' }, 'h2.loss', 'one of new-error/nll, new-error/cross-entropy'],
    [{ lambda: -0.25 }, 'h2.lambda', 'a finite number >= 0, received -0.25'],
    [{ batchSize: 0 }, 'h2.batchSize', 'a positive integer, received 0'],
    [{ epochs: 0 }, 'h2.epochs', 'a positive integer, received 0'],
    [{ optimizer: { kind: 'sgd', learningRate: -1 } }, 'h2.optimizer.learningRate', 'a finite number > 0'],
    [{ model: { kind: 'mlp', hidden: [] } }, 'h2.model.hidden', 'a non-empty array'],
    [{ lossOptions: { temperature: 2 } }, 'h2.lossOptions.temperature', 'no such option'],
    [{ head: 'binary' }, 'h2.head', '"multi-class" for the loss new-error/cross-entropy'],
  ])('%j → %s', async (patch, field, message) => {
    const error = await failsBeforeTraining({ ...spec, ...patch });
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('a binary head on data with more than 2 classes', async () => {
    const error = await failsBeforeTraining({ ...spec, loss: 'new-error/binary-cross-entropy' });
    expect(error.message).toBe(
      'invalid h2.head: expected "multi-class" for 3 classes (binary needs 2), received "binary"',
    );
  });

  it("h1's output width differs from the number of classes (h2's head)", async () => {
    const twoLogits = new H1Outputs(h1Train.ids, new Float32Array(h1Train.size * 2), 2);
    const error = await failsBeforeTraining(spec, { h1Outputs: twoLogits });
    expect(error.message).toBe('invalid h1.outputWidth: expected 3 (one logit per class, C = 3), received 2');
  });

  it("h1's model against the data: output width and input shape", async () => {
    const tenClasses = buildModel({ kind: 'logistic-regression' }, { inputShape: [5], numClasses: 10, seed: 1 });
    const wrongInput = buildModel({ kind: 'logistic-regression' }, { inputShape: [7], numClasses: 3, seed: 1 });
    const image = buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 3, seed: 1 });
    expect((await rejection(computeH1Outputs(tenClasses, train))).message).toBe(
      'invalid h1.outputWidth: expected 3 (one logit per class), received 10',
    );
    expect((await rejection(computeH1Outputs(wrongInput, train))).message).toBe(
      'invalid h1.inputShape: expected [null, 5] (the data\'s feature shape, batch first), received "[null, 7]"',
    );
    expect((await rejection(computeH1Outputs(image, train))).field).toBe('h1.inputShape');
    expect(() => checkTrainingInputs(spec, { data: train, h1Outputs: h1Train, h1: wrongInput })).toThrow(
      'invalid h1.inputShape',
    );
    for (const m of [tenClasses, wrongInput, image]) m.dispose();
  });

  it('h1 outputs that miss training or validation ids', async () => {
    const partial = new H1Outputs(h1Train.ids.slice(0, 150), h1Train.logits.slice(0, 450), 3);
    expect((await failsBeforeTraining(spec, { h1Outputs: partial })).message).toBe(
      'invalid h1Outputs: expected h1 logits for every instance (missing id 150), received "150 ids"',
    );
    const error = await failsBeforeTraining(spec, { validation: { data: test } });
    expect(error.message).toMatch(/^invalid h1Outputs: expected h1 logits for every instance \(missing id 1000\)/);
  });

  it('λ > 0 without h1 outputs', async () => {
    const error = await failsBeforeTraining(spec, { h1Outputs: undefined as unknown as H1Outputs });
    expect(error.message).toBe(
      "invalid h1Outputs: expected h1's outputs on the training data (h2.lambda is 1 > 0), received undefined",
    );
  });

  it('labels out of range and validation data of another shape', async () => {
    const bad = dataFromArrays({
      ids: new Uint32Array([0, 1]),
      x: new Float32Array(10),
      y: new Int32Array([0, 3]),
      shape: [5],
      numClasses: 3,
    });
    expect((await failsBeforeTraining(spec, { data: bad })).message).toBe(
      'invalid data.labels[1]: expected a class index in [0, 3), received 3',
    );
    const wide = blobs(10, 6, 3, 3, 1000);
    expect((await failsBeforeTraining(spec, { validation: { data: wide, h1Outputs: h1Test } })).message).toBe(
      'invalid validation.data.shape: expected [5] (the training data\'s feature shape), received "[6]"',
    );
  });

  it('initial weights of the wrong shape', async () => {
    const error = await rejection(
      trainCompatibility(spec, { data: train, h1Outputs: h1Train, initialWeights: [new Float32Array(3)] }),
    );
    expect(error.message).toMatch(/^invalid initialWeights: expected 4 weight arrays/);
  });

  it('a checkpoint of another spec', async () => {
    const dir = `${folder.dir}/other-spec`;
    const first = await trainCompatibility(
      { ...spec, epochs: 1 },
      { data: train, h1Outputs: h1Train, checkpoint: { dir } },
    );
    first.model.dispose();
    const error = await rejection(
      trainCompatibility({ ...spec, lambda: 0.5 }, { data: train, h1Outputs: h1Train, checkpoint: { dir } }),
    );
    expect(error.message).toMatch(
      /^invalid checkpoint: expected a checkpoint of the same training spec .* received "one whose lambda is 1, not 0.5"$/,
    );
    // Another number of epochs is fine: training continues to the new total.
    const longer = await trainCompatibility(
      { ...spec, epochs: 2 },
      { data: train, h1Outputs: h1Train, checkpoint: { dir } },
    );
    expect(longer.resumedFrom).toBe(1);
    expect(longer.history.map((r) => r.epoch)).toEqual([1, 2]);
    longer.model.dispose();
  });
});
