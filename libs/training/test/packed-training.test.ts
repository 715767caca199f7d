// Packed training: K dense models in one stacked step train to the weights each gets alone (up to float32
// summation order), write checkpoints of the single-model format, resume bitwise, and refuse what cannot be packed.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type ModelSpec, type TrainingSpec } from '@bcml/core';
import { buildModel } from '@bcml/models';
import {
  computeH1Outputs,
  modelWeights,
  readCheckpoint,
  trainCompatibility,
  trainPacked,
  type H1Outputs,
  type LabelledData,
  type TrainingResult,
} from '@bcml/training';

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

const data = blobs(420, 6, 3, 21);
const held = blobs(150, 6, 3, 21, 10_000);
const binary = blobs(300, 6, 2, 22);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function h1Of(train: LabelledData, extra: LabelledData[] = [], head: 'multi-class' | 'binary' = 'multi-class') {
  const h1 = buildModel(
    { kind: 'logistic-regression' },
    { inputShape: [6], numClasses: train.numClasses, seed: 9, head },
  );
  const outputs = await Promise.all([train, ...extra].map((d) => computeH1Outputs(h1, d, { batchSize: 128 })));
  h1.dispose();
  return outputs as [H1Outputs, ...H1Outputs[]];
}

/** One spec per (loss, λ) on a shared model, optimizer and schedule. */
function specsOf(
  model: ModelSpec,
  points: readonly (readonly [TrainingSpec['loss'], number])[],
  optimizer: TrainingSpec['optimizer'] = { kind: 'sgd', learningRate: 0.05, momentum: 0.5 },
  epochs = 3,
): TrainingSpec[] {
  return points.map(([loss, lambda]) => ({ model, optimizer, epochs, batchSize: 64, loss, lambda, seed: 5 }));
}

const maxDifference = (a: readonly Float32Array[], b: readonly Float32Array[]): number =>
  Math.max(...a.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - b[i]![j]!)))));

describe('trainPacked', () => {
  it.each([
    ['logistic regression, SGD momentum', { kind: 'logistic-regression' } as const, undefined],
    ['MLP relu 8, Adam', { kind: 'mlp', hidden: [8] } as const, { kind: 'adam', learningRate: 0.01 } as const],
    ['MLP tanh 7→5, SGD', { kind: 'mlp', hidden: [7, 5], activation: 'tanh' } as const, undefined],
  ])('trains %s: each packed model gets the weights, losses and scores it gets alone', async (_, model, optimizer) => {
    const [h1Train, h1Held] = await h1Of(data, [held]);
    const specs = specsOf(
      model,
      [
        ['new-error/cross-entropy', 0],
        ['new-error/cross-entropy', 0.5],
        ['strict-imitation/cross-entropy', 1],
        ['strict-imitation/kl-divergence', 2],
        ['new-error/nll', 0.25],
      ],
      optimizer,
    );
    const validation = { data: held, h1Outputs: h1Held! };
    const before = liveTensors();
    const packed = await trainPacked(specs, { data, h1Outputs: h1Train, validation });
    const alone: TrainingResult[] = [];
    for (const spec of specs) alone.push(await trainCompatibility(spec, { data, h1Outputs: h1Train, validation }));
    packed.forEach((result, k) => {
      // Only the kernels' summation order differs (a wider or batched matmul): within 1e-5 after 3 epochs.
      expect(maxDifference(weightsOf(result.model), weightsOf(alone[k]!.model))).toBeLessThan(1e-5);
      expect(result.history).toHaveLength(3);
      result.history.forEach((report, e) => {
        const other = alone[k]!.history[e]!;
        expect(report.loss).toBeCloseTo(other.loss, 5);
        expect(report.base).toBeCloseTo(other.base, 5);
        expect(report.dissonance!).toBeCloseTo(other.dissonance!, 5);
        expect(report.validation!.n).toBe(150);
        expect(Math.abs(report.validation!.accuracy! - other.validation!.accuracy!)).toBeLessThanOrEqual(2 / 150);
        expect(report.samples).toBe(420);
      });
    });
    // The points really differ (λ and loss reach the step of each model).
    expect(packed[0]!.history[2]!.loss).not.toBeCloseTo(packed[3]!.history[2]!.loss, 3);
    for (const r of [...packed, ...alone]) r.model.dispose();
    expect(liveTensors()).toBe(before);
  });

  it('packs binary-head models (new-error and strict-imitation binary cross-entropy)', async () => {
    const [h1Train] = await h1Of(binary, [], 'binary');
    const specs = specsOf({ kind: 'mlp', hidden: [8] }, [
      ['new-error/binary-cross-entropy', 0.5],
      ['strict-imitation/binary-cross-entropy', 1],
    ]);
    const packed = await trainPacked(specs, { data: binary, h1Outputs: h1Train });
    for (const [k, spec] of specs.entries()) {
      const alone = await trainCompatibility(spec, { data: binary, h1Outputs: h1Train });
      expect(maxDifference(weightsOf(packed[k]!.model), weightsOf(alone.model))).toBeLessThan(1e-5);
      expect(packed[k]!.model.outputs[0]!.shape).toEqual([null, 1]);
      alone.model.dispose();
      packed[k]!.model.dispose();
    }
  });

  it('starts every model from initialWeights', async () => {
    const [h1Train] = await h1Of(data);
    const start = buildModel({ kind: 'mlp', hidden: [8] }, { inputShape: [6], numClasses: 3, seed: 77 });
    const initialWeights = modelWeights(start);
    start.dispose();
    const specs = specsOf({ kind: 'mlp', hidden: [8] }, [
      ['new-error/cross-entropy', 1],
      ['strict-imitation/cross-entropy', 1],
    ]);
    const packed = await trainPacked(specs, { data, h1Outputs: h1Train, initialWeights });
    const alone = await trainCompatibility(specs[1]!, { data, h1Outputs: h1Train, initialWeights });
    expect(maxDifference(weightsOf(packed[1]!.model), weightsOf(alone.model))).toBeLessThan(1e-5);
    for (const r of [...packed, alone]) r.model.dispose();
  });

  it('writes single-model checkpoints per model and resumes from them bitwise as an uninterrupted run', async () => {
    const [h1Train] = await h1Of(data);
    const { dir, remove } = await temporaryFolder();
    cleanups.push(remove);
    const points = [['new-error/cross-entropy', 0.5] as const, ['strict-imitation/nll', 1] as const];
    const adam = { kind: 'adam', learningRate: 0.01 } as const;
    const full = specsOf({ kind: 'mlp', hidden: [6, 4] }, points, adam, 4);
    const partial = specsOf({ kind: 'mlp', hidden: [6, 4] }, points, adam, 2);
    const checkpoints = points.map((_, k) => ({ dir: `${dir}/point-${k}` }));

    const uninterrupted = await trainPacked(full, { data, h1Outputs: h1Train });
    const first = await trainPacked(partial, { data, h1Outputs: h1Train, checkpoints });
    for (const r of first) r.model.dispose();
    const saved = await readCheckpoint(checkpoints[1]!.dir);
    expect(saved?.epoch).toBe(2);
    expect(saved?.spec.loss).toBe('strict-imitation/nll');
    expect(saved?.optimizer.step).toBe(2 * Math.ceil(420 / 64));
    const seen: number[][] = [];
    const resumed = await trainPacked(full, {
      data,
      h1Outputs: h1Train,
      checkpoints,
      onEpoch: (reports) => {
        seen.push(reports.map((r) => r.epoch));
      },
    });
    expect(seen).toEqual([
      [3, 3],
      [4, 4],
    ]);
    resumed.forEach((r, k) => {
      expect(r.resumedFrom).toBe(2);
      expect(r.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
      expect(bitwiseEqual(weightsOf(r.model), weightsOf(uninterrupted[k]!.model))).toBe(true);
      expect(r.history.map((h) => h.loss)).toEqual(uninterrupted[k]!.history.map((h) => h.loss));
    });
    // A point's checkpoint is trainCompatibility's too: a single-model run continues from it.
    const single = await trainCompatibility(full[0]!, {
      data,
      h1Outputs: h1Train,
      checkpoint: { dir: checkpoints[0]!.dir },
    });
    expect(single.resumedFrom).toBe(4);
    expect(bitwiseEqual(weightsOf(single.model), weightsOf(resumed[0]!.model))).toBe(true);
    for (const r of [...uninterrupted, ...resumed, single]) r.model.dispose();
  });

  it('refuses what cannot be packed, naming the field, before training', async () => {
    const [h1Train] = await h1Of(data);
    const base = specsOf({ kind: 'logistic-regression' }, [
      ['new-error/cross-entropy', 0.5],
      ['strict-imitation/cross-entropy', 1],
    ]);
    const before = liveTensors();
    const cases: [TrainingSpec[], string][] = [
      [[base[0]!, { ...base[1]!, batchSize: 32 }], 'specs[1].batchSize'],
      [[base[0]!, { ...base[1]!, seed: 6 }], 'specs[1].seed'],
      [[base[0]!, { ...base[1]!, loss: 'focal-distillation/kl' }], 'specs[1].loss'],
      [[base[0]!, { ...base[1]!, loss: 'new-error/binary-cross-entropy' }], 'specs[1].head'],
      [base.map((s) => ({ ...s, model: { kind: 'mlp', hidden: [4], dropout: 0.2 } })), 'specs[0].model'],
      [[base[0]!, { ...base[1]!, lambda: -1 }], 'specs[1].lambda'],
      [[], 'specs'],
    ];
    for (const [specs, field] of cases) {
      const error = await rejection(trainPacked(specs, { data, h1Outputs: h1Train }));
      expect(error.field).toBe(field);
    }
    expect(liveTensors()).toBe(before);
  });

  it('refuses checkpoints of different epochs (a partial set)', async () => {
    const [h1Train] = await h1Of(data);
    const { dir, remove } = await temporaryFolder();
    cleanups.push(remove);
    const specs = specsOf({ kind: 'logistic-regression' }, [['new-error/cross-entropy', 0.5]], undefined, 1);
    const one = await trainPacked(specs, { data, h1Outputs: h1Train, checkpoints: [{ dir: `${dir}/a` }] });
    one[0]!.model.dispose();
    const pair = [specs[0]!, { ...specs[0]!, lambda: 1 }];
    const error = await rejection(
      trainPacked(pair, { data, h1Outputs: h1Train, checkpoints: [{ dir: `${dir}/a` }, { dir: `${dir}/b` }] }),
    );
    expect(error.field).toBe('checkpoints');
    expect(error.message).toContain('epochs 1, none');
  });
});
