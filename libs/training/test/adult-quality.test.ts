// Quality checks on UCI Adult (issue 6): the update scenario of Bansal et al. — h1 a logistic regression on 10 % of
// the training split, h2 an MLP on all of it — trained on the native backend with fixed seeds.
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { type TrainingSpec } from '@bcml/core';
import { updateScenario } from '@bcml/data';
import { computeCompatibility, type CompatibilityScores } from '@bcml/metrics';
import {
  computeH1Outputs,
  predict,
  predictionArrays,
  trainCompatibility,
  withRows,
  type H1Outputs,
  type LabelledData,
} from '@bcml/training';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { splits, useNativeBackend } from './support.js';

let train: LabelledData;
let test: LabelledData;
let h1: LayersModel;
let h1Accuracy: number;
let h1Train: H1Outputs;
let h1Test: H1Outputs;
let h1Apply: ReturnType<typeof vi.spyOn>;

/** h1: logistic regression (two logits, like the reference's `LogisticRegression(105, 2)`), Adam. */
const h1Spec: TrainingSpec = {
  model: { kind: 'logistic-regression' },
  optimizer: { kind: 'adam', learningRate: 0.01 },
  epochs: 10,
  batchSize: 64,
  loss: 'new-error/cross-entropy',
  lambda: 0,
  seed: 1,
};

/** h2: an MLP with one hidden layer of 64, Adam (the reference: SGD 0.01/0.5, 20 epochs, batch 754 — slower to converge). */
const h2Spec = (lambda: number): TrainingSpec => ({
  model: { kind: 'mlp', hidden: [64] },
  optimizer: { kind: 'adam', learningRate: 0.001 },
  epochs: 5,
  batchSize: 128,
  loss: 'new-error/cross-entropy',
  lambda,
  seed: 2,
});

/** Scores of h2 against h1 on the test split, from h2's predictions table and h1's cached outputs. */
async function testScores(h2: LayersModel): Promise<CompatibilityScores> {
  const { ids, labels, predictions } = predictionArrays(await predict(h2, test, { batchSize: 8192 }));
  return computeCompatibility({ labels, h1: h1Test.predictions(ids), h2: predictions, numClasses: 2, ids });
}

beforeAll(async () => {
  await useNativeBackend();
  ({ train, test } = await splits('adult'));
  const scenario = updateScenario(train.examples.size, { h1Fraction: 0.1, seed: 1, stratify: train.examples.y });
  const result = await trainCompatibility(h1Spec, { data: withRows(train, scenario.h1), validation: { data: test } });
  h1 = result.model;
  h1Accuracy = result.history.at(-1)?.validation?.accuracy ?? 0;
  // Count h1's forward passes from here on: the cache runs it once per batch of 8192, training never.
  h1Apply = vi.spyOn(h1, 'apply');
  h1Train = await computeH1Outputs(h1, train, { batchSize: 8192 });
  h1Test = await computeH1Outputs(h1, test, { batchSize: 8192 });
});

describe('Adult quality', () => {
  it('h1, a logistic regression on 10 % of train, reaches >= 0.80 test accuracy', () => {
    expect(withRows(train, updateScenario(train.examples.size, { h1Fraction: 0.1, seed: 1 }).h1).rows).toHaveLength(
      3256,
    );
    expect(h1Accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('h2, an MLP on all of train, reaches >= 0.84; new-error CE at λ = 1 raises BTC and lowers NFR; h1 never runs per batch', async () => {
    expect(h1Apply).toHaveBeenCalledTimes(Math.ceil(32561 / 8192) + Math.ceil(16281 / 8192));
    const scores = new Map<number, CompatibilityScores>();
    for (const lambda of [0, 1]) {
      const result = await trainCompatibility(h2Spec(lambda), {
        data: train,
        h1Outputs: h1Train,
        validation: { data: test, h1Outputs: h1Test },
      });
      const s = await testScores(result.model);
      // The per-epoch report scores the same held-out data the same way.
      expect(result.history.at(-1)?.validation?.btc).toBeCloseTo(s.btc?.value ?? -1, 12);
      scores.set(lambda, s);
      result.model.dispose();
    }
    expect(h1Apply).toHaveBeenCalledTimes(Math.ceil(32561 / 8192) + Math.ceil(16281 / 8192));
    const [plain, compatible] = [scores.get(0)!, scores.get(1)!];
    expect(plain.accuracyH2?.value).toBeGreaterThanOrEqual(0.84);
    expect(compatible.accuracyH2?.value).toBeGreaterThanOrEqual(0.84);
    expect(compatible.btc!.value).toBeGreaterThanOrEqual(plain.btc!.value);
    expect(compatible.nfr!.value).toBeLessThanOrEqual(plain.nfr!.value);
    console.info(
      `Adult: h1 accuracy ${h1Accuracy.toFixed(4)}; h2 λ=0 accuracy ${plain.accuracyH2?.value.toFixed(4)} BTC ` +
        `${plain.btc?.value.toFixed(4)} NFR ${plain.nfr?.value.toFixed(4)}; λ=1 accuracy ` +
        `${compatible.accuracyH2?.value.toFixed(4)} BTC ${compatible.btc?.value.toFixed(4)} NFR ${compatible.nfr?.value.toFixed(4)}`,
    );
  });
});
