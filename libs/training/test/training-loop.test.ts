import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type TrainingSpec } from '@bcml/core';
import { buildModel, dropoutStep } from '@bcml/models';
import {
  computeH1Outputs,
  predict,
  predictionArrays,
  readCheckpoint,
  trainCompatibility,
  TrainingCancelledError,
  withRows,
  type EpochReport,
  type H1Outputs,
  type LabelledData,
} from '@bcml/training';

import { bitwiseEqual, blobs, liveTensors, splits, temporaryFolder, useNativeBackend, weightsOf } from './support.js';

/** A small compatibility problem on real data: h1 (trained here) and its cached outputs. */
interface Problem {
  readonly name: string;
  readonly train: LabelledData;
  readonly test: LabelledData;
  readonly h1Train: H1Outputs;
  readonly h1Test: H1Outputs;
  readonly spec: TrainingSpec;
  /** Abort after this epoch in the resume test. */
  readonly abortAfter: number;
}

const problems: Problem[] = [];
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

/** The first `n` rows. */
const first = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

beforeAll(async () => {
  await useNativeBackend();
  folder = await temporaryFolder();
  const h1Spec = (model: TrainingSpec['model']): TrainingSpec => ({
    model,
    optimizer: { kind: 'adam', learningRate: 0.003 },
    epochs: 1,
    batchSize: 64,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed: 11,
  });
  const make = async (
    name: string,
    data: { train: LabelledData; test: LabelledData },
    sizes: readonly [number, number, number],
    h1Model: TrainingSpec['model'],
    spec: TrainingSpec,
    abortAfter: number,
  ): Promise<Problem> => {
    const train = withRows(data.train, first(sizes[0]));
    const test = withRows(data.test, first(sizes[1]));
    const h1 = await trainCompatibility(h1Spec(h1Model), { data: withRows(data.train, first(sizes[2])) });
    const h1Train = await computeH1Outputs(h1.model, train);
    const h1Test = await computeH1Outputs(h1.model, test);
    h1.model.dispose();
    return { name, train, test, h1Train, h1Test, spec, abortAfter };
  };
  problems.push(
    await make(
      'Adult MLP with dropout, Adam',
      await splits('adult'),
      [3000, 1000, 500],
      { kind: 'logistic-regression' },
      {
        model: { kind: 'mlp', hidden: [32], dropout: 0.2 },
        optimizer: { kind: 'adam', learningRate: 0.002 },
        epochs: 4,
        batchSize: 64,
        loss: 'new-error/cross-entropy',
        lambda: 0.5,
        seed: 5,
      },
      2,
    ),
    await make(
      'MNIST LeNet (spatial dropout), SGD with momentum',
      await splits('mnist'),
      [1200, 500, 600],
      { kind: 'lenet' },
      {
        model: { kind: 'lenet' },
        optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.5 },
        epochs: 3,
        batchSize: 64,
        loss: 'strict-imitation/kl-divergence',
        lambda: 1,
        seed: 6,
      },
      1,
    ),
  );
});
afterAll(async () => folder.remove());

/** The problem at `index` (built in `beforeAll`). */
const problem = (index: number): Problem => problems[index]!;

describe.each([
  { index: 0, name: 'an Adult MLP with dropout and Adam' },
  { index: 1, name: 'an MNIST LeNet with spatial dropout and SGD with momentum' },
])('trainCompatibility on $name', ({ index }) => {
  it('resumes from a checkpoint after a cancellation to bitwise the same final weights', async () => {
    const p = problem(index);
    const options = { data: p.train, h1Outputs: p.h1Train, validation: { data: p.test, h1Outputs: p.h1Test } };
    const uninterrupted = await trainCompatibility(p.spec, options);
    const expected = weightsOf(uninterrupted.model);
    const expectedHistory = uninterrupted.history;
    uninterrupted.model.dispose();

    const dir = `${folder.dir}/resume-${index}`;
    const controller = new AbortController();
    const seen: number[] = [];
    const interrupted = trainCompatibility(p.spec, {
      ...options,
      checkpoint: { dir },
      signal: controller.signal,
      onEpoch: (report) => {
        seen.push(report.epoch);
        if (report.epoch === p.abortAfter) controller.abort();
      },
    });
    const error: unknown = await interrupted.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingCancelledError);
    const cancelled = error as TrainingCancelledError;
    expect(cancelled.completedEpochs).toBe(p.abortAfter);
    expect(seen).toEqual(Array.from({ length: p.abortAfter }, (_, i) => i + 1));
    // The last checkpoint is intact: complete, readable, at the aborted epoch.
    const saved = await readCheckpoint(dir);
    expect(saved?.epoch).toBe(p.abortAfter);
    expect(cancelled.checkpoint).toBe(saved?.path);
    expect((await readdir(dir)).sort()).toEqual([saved!.path.split('/').pop(), 'latest.json'].sort());

    const resumed = await trainCompatibility(p.spec, { ...options, checkpoint: { dir } });
    expect(resumed.resumedFrom).toBe(p.abortAfter);
    expect(resumed.history.map((r) => r.epoch)).toEqual(expectedHistory.map((r) => r.epoch));
    expect(bitwiseEqual(weightsOf(resumed.model), expected)).toBe(true);
    // The same losses and held-out scores per epoch, too (timings and checkpoint paths aside).
    const scores = (h: readonly EpochReport[]) =>
      h.map(({ loss, base, dissonance, validation }) => ({ loss, base, dissonance, validation }));
    expect(scores(resumed.history)).toEqual(scores(expectedHistory));
    resumed.model.dispose();
  });

  it('is deterministic: the same spec and seed give the same predictions; another seed does not', async () => {
    const p = problem(index);
    const run = async (seed: number) => {
      const result = await trainCompatibility({ ...p.spec, seed }, { data: p.train, h1Outputs: p.h1Train });
      const arrays = predictionArrays(await predict(result.model, p.test));
      result.model.dispose();
      return arrays;
    };
    const a = await run(p.spec.seed);
    const b = await run(p.spec.seed);
    expect(bitwiseEqual([a.probabilities], [b.probabilities])).toBe(true);
    expect(a.predictions).toEqual(b.predictions);
    const c = await run(p.spec.seed + 1);
    expect(bitwiseEqual([a.probabilities], [c.probabilities])).toBe(false);
  });

  it('leaks no tensors: the count is the same after every epoch and back to the start after disposal', async () => {
    const p = problem(index);
    const before = liveTensors();
    const counts: number[] = [];
    const logged: { message: string; fields: Readonly<Record<string, unknown>> }[] = [];
    const result = await trainCompatibility(
      { ...p.spec, epochs: 3 },
      {
        data: p.train,
        h1Outputs: p.h1Train,
        validation: { data: p.test, h1Outputs: p.h1Test },
        checkpoint: { dir: `${folder.dir}/leak-${index}` },
        onEpoch: () => void counts.push(liveTensors()),
        logger: { info: (message, fields = {}) => void logged.push({ message, fields }) },
      },
    );
    expect(counts).toHaveLength(3);
    // One log line per epoch: scores with 4 decimals, the rate as a whole number of samples per second.
    expect(logged.map((l) => l.message.replace(/\d+\.\d{4}/g, 'x').replace(/\d+ samples/, 'n samples'))).toEqual(
      [1, 2, 3].map(
        (epoch) =>
          `epoch ${epoch}/3: loss x (base x, dissonance x), n samples/s; held-out accuracy x, BTC x, BEC x, NFR x`,
      ),
    );
    const { samples, seconds } = logged[0]!.fields as { samples: number; seconds: number };
    expect(logged[0]!.message).toContain(`), ${Math.round(samples / seconds)} samples/s;`);
    expect(new Set(counts).size).toBe(1);
    // One h2 forward pass per training batch: the dropout streams advanced once per batch.
    expect(dropoutStep(result.model)).toBe(3 * Math.ceil(p.train.rows!.length / p.spec.batchSize));
    result.model.dispose();
    expect(liveTensors()).toBe(before);
  });
});

describe('cancellation', () => {
  it('stops mid-epoch when the signal fires (the event loop gets through between batches)', async () => {
    const p = problem(1);
    const before = liveTensors();
    const controller = new AbortController();
    const dir = `${folder.dir}/cancel-mid-epoch`;
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    const started = performance.now();
    const error: unknown = await trainCompatibility(
      { ...p.spec, epochs: 50 },
      { data: p.train, h1Outputs: p.h1Train, checkpoint: { dir }, signal: controller.signal },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingCancelledError);
    expect((error as TrainingCancelledError).message).toMatch(/^training cancelled after \d+ completed epoch\(s\)/);
    expect((error as TrainingCancelledError).retryable).toBe(false);
    expect((error as Error).cause).toEqual(new Error('shutting down'));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(liveTensors()).toBe(before);
  });

  it('rejects at once when the signal has already fired', async () => {
    const p = problem(0);
    const epochs: number[] = [];
    const error: unknown = await trainCompatibility(p.spec, {
      data: p.train,
      h1Outputs: p.h1Train,
      signal: AbortSignal.abort(),
      onEpoch: (r) => void epochs.push(r.epoch),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingCancelledError);
    expect((error as TrainingCancelledError).completedEpochs).toBe(0);
    expect(epochs).toEqual([]);
  });

  it('returns at once when the checkpoint already holds every epoch', async () => {
    const p = problem(0);
    const dir = `${folder.dir}/complete`;
    const spec = { ...p.spec, epochs: 1 };
    const done = await trainCompatibility(spec, { data: p.train, h1Outputs: p.h1Train, checkpoint: { dir } });
    const again = await trainCompatibility(spec, { data: p.train, h1Outputs: p.h1Train, checkpoint: { dir } });
    expect(again.resumedFrom).toBe(1);
    expect(bitwiseEqual(weightsOf(again.model), weightsOf(done.model))).toBe(true);
    done.model.dispose();
    again.model.dispose();
  });
});

describe('binary heads', () => {
  it('train with a binary-cross-entropy loss on one logit and report h1 scores from its cache', async () => {
    const data = blobs(600, 4, 2, 7);
    const held = blobs(300, 4, 2, 8, 10_000);
    const h1 = buildModel({ kind: 'logistic-regression' }, { inputShape: [4], numClasses: 2, seed: 1, head: 'binary' });
    const h1Train = await computeH1Outputs(h1, data, { head: 'binary' });
    const h1Held = await computeH1Outputs(h1, held, { head: 'binary' });
    h1.dispose();
    expect(h1Train.width).toBe(1);
    const result = await trainCompatibility(
      {
        model: { kind: 'logistic-regression' },
        optimizer: { kind: 'sgd', learningRate: 0.5 },
        epochs: 5,
        batchSize: 32,
        loss: 'strict-imitation/binary-cross-entropy',
        lambda: 0.5,
        lossOptions: { pivot: 0.3 },
        seed: 1,
      },
      { data, h1Outputs: h1Train, validation: { data: held, h1Outputs: h1Held } },
    );
    expect(result.model.outputs[0]?.shape).toEqual([null, 1]);
    const last = result.history.at(-1)!;
    expect(last.dissonance).toBeGreaterThan(0);
    expect(last.validation?.accuracy).toBeGreaterThan(0.9);
    expect(last.validation?.btc).not.toBeNull();
    expect(predictionArrays(await predict(result.model, held)).numClasses).toBe(2);
    result.model.dispose();
  });
});
