// Quality checks on MNIST (issue 6) with the reference's LeNet: h1 on half of the training split for 1 epoch, h2 on
// all of it for 3 epochs with the new-error cross-entropy at λ = 1, on the native backend with fixed seeds.
import { beforeAll, describe, expect, it } from 'vitest';

import { type TrainingSpec } from '@bcml/core';
import { updateScenario } from '@bcml/data';
import { computeH1Outputs, trainCompatibility, withRows, type EpochReport, type LabelledData } from '@bcml/training';

import { splits, useNativeBackend } from './support.js';

let train: LabelledData;
let test: LabelledData;

beforeAll(async () => {
  await useNativeBackend();
  ({ train, test } = await splits('mnist'));
});

/** LeNet (dropout 0.5, as the reference) with Adam; the reference's SGD 0.01/0.5 at batch 64 needs more epochs. */
const lenet = (
  epochs: number,
  batchSize: number,
  learningRate: number,
  lambda: number,
  seed: number,
): TrainingSpec => ({
  model: { kind: 'lenet' },
  optimizer: { kind: 'adam', learningRate },
  epochs,
  batchSize,
  evalBatchSize: 2048,
  loss: 'new-error/cross-entropy',
  lambda,
  seed,
});

describe('MNIST LeNet quality', () => {
  it('h1 on half the training set for 1 epoch reaches >= 0.95; h2 on all for 3 epochs >= 0.97', async () => {
    const half = updateScenario(train.examples.size, { h1Fraction: 0.5, seed: 1, stratify: train.examples.y }).h1;
    expect(half).toHaveLength(30_000);
    const h1 = await trainCompatibility(lenet(1, 64, 0.003, 0, 1), {
      data: withRows(train, half),
      validation: { data: test },
    });
    const h1Accuracy = h1.history.at(-1)?.validation?.accuracy ?? 0;
    expect(h1Accuracy).toBeGreaterThanOrEqual(0.95);

    const h1Train = await computeH1Outputs(h1.model, train, { batchSize: 2048 });
    const h1Test = await computeH1Outputs(h1.model, test, { batchSize: 2048 });
    h1.model.dispose();
    const reports: EpochReport[] = [];
    const h2 = await trainCompatibility(lenet(3, 128, 0.002, 1, 2), {
      data: train,
      h1Outputs: h1Train,
      validation: { data: test, h1Outputs: h1Test },
      onEpoch: (r) => void reports.push(r),
    });
    h2.model.dispose();
    const last = reports.at(-1)?.validation;
    expect(reports).toHaveLength(3);
    expect(last?.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(last?.accuracyH1).toBeCloseTo(h1Accuracy, 12);
    // An update trained for compatibility keeps nearly all of h1's right answers.
    expect(last?.btc).toBeGreaterThanOrEqual(0.98);
    console.info(
      `MNIST: h1 accuracy ${h1Accuracy.toFixed(4)}; h2 per epoch ` +
        reports
          .map(
            (r) =>
              `${r.validation?.accuracy?.toFixed(4)} (BTC ${r.validation?.btc?.toFixed(4)}, ${Math.round(r.samples / r.seconds)}/s)`,
          )
          .join(', '),
    );
  });
});
