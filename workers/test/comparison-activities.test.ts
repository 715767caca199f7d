import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  InvalidInputError,
  parseComparisonSpec,
  parseRegressionSpec,
  parseTrainingSpec,
  workflowRunKey,
  type EvaluatedComparison,
  type Evaluation,
  type EvaluateComparisonInput,
  type SweepSummary,
} from '@bcml/core';
import { dataFromArrays, selectBackend, setModelWeights, trainCompatibility, type LabelledData } from '@bcml/training';
import {
  createArtifactCache,
  createArtifactStore,
  createControlActivities,
  type LayersModelLike,
  type ModelStore,
  type SweepData,
  type WorkerLogger,
} from '@bcml/workers';
import { folderArtifactTransport } from '@bcml/workers/testing';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-comparison-activities-'));
const silent: WorkerLogger = { info: () => undefined, warn: () => undefined };

// Two features, three classes. h1's logits are (x0, x1, 0.5), h2's (x0, 0.5, x1): weights set by hand, so the
// expected predictions below are computed here in plain arithmetic, independently of tfjs and of the activity.
const h1Weights = { kernel: [1, 0, 0, 0, 1, 0], bias: [0, 0, 0.5] };
const h2Weights = { kernel: [1, 0, 0, 0, 0, 1], bias: [0, 0.5, 0] };

const testRows: [number, number, number][] = [
  [1, 0, 0],
  [0, 1, 1],
  [0, 0, 2],
  [2, 1, 0],
  [1, 2, 1],
  [0.2, 0.1, 2],
  [0.9, 0.3, 0],
  [0.1, 0.9, 1],
  [3, 0, 0],
  [0, 3, 2],
];
const trainRows: [number, number, number][] = [
  [2, 0, 0],
  [0, 2, 1],
  [0.1, 0.2, 2],
  [0.3, 0.8, 1],
  [0.8, 0.7, 2],
  [1.5, 0.2, 0],
];

/** Labelled data over `rows` of (x0, x1, label), with non-consecutive ids (so that lookups by id are exercised). */
function dataOf(rows: readonly [number, number, number][], firstId: number): LabelledData {
  return dataFromArrays({
    ids: Uint32Array.from(rows, (_, i) => firstId + 3 * i),
    x: Float32Array.from(rows.flatMap(([a, b]) => [a, b])),
    y: Int32Array.from(rows, ([, , label]) => label),
    shape: [2],
    numClasses: 3,
  });
}

/** The argmax of x·W + b, in plain arithmetic. */
function predictByHand(weights: { kernel: number[]; bias: number[] }, x0: number, x1: number): number {
  const logits = [0, 1, 2].map(
    (c) => x0 * (weights.kernel[c] ?? 0) + x1 * (weights.kernel[3 + c] ?? 0) + (weights.bias[c] ?? 0),
  );
  return logits.indexOf(Math.max(...logits));
}

/** The counts every headline score is built from, by hand. */
function countsByHand(rows: readonly [number, number, number][]) {
  let h1Correct = 0;
  let h2Correct = 0;
  let bothCorrect = 0;
  let negativeFlips = 0;
  for (const [x0, x1, y] of rows) {
    const r1 = predictByHand(h1Weights, x0, x1) === y;
    const r2 = predictByHand(h2Weights, x0, x1) === y;
    if (r1) h1Correct += 1;
    if (r2) h2Correct += 1;
    if (r1 && r2) bothCorrect += 1;
    if (r1 && !r2) negativeFlips += 1;
  }
  return { n: rows.length, h1Correct, h2Correct, bothCorrect, negativeFlips };
}

const train = dataOf(trainRows, 1000);
const test = dataOf(testRows, 100);
/** The test split's instances by id (as a file dataset's resolver describes them); even ids only, to show the fallback. */
const describeTest = (id: number): string | undefined => (id % 2 === 0 ? `row ${id} · note <b>${id}</b>` : undefined);
const data: SweepData = {
  classes: ['low', 'mid', 'high'],
  sha256: 'f'.repeat(64),
  splits: { train, test },
  describers: { test: describeTest },
  // The test split's images (1×1 grey, the id as the pixel), which the report draws for its error instances.
  images: { test: { width: 1, height: 1, channels: 1, pixels: (id) => Uint8Array.of(id) } },
};

/** A logistic regression over `features` inputs, trained 1 epoch on zeros or on `train`, then given `weights`. */
async function logisticRegression(
  features: number,
  weights?: { kernel: number[]; bias: number[] },
): Promise<LayersModelLike> {
  const on =
    features === 2
      ? train
      : dataFromArrays({
          ids: Uint32Array.from(trainRows, (_, i) => i),
          x: new Float32Array(trainRows.length * features),
          y: Int32Array.from(trainRows, ([, , label]) => label),
          shape: [features],
          numClasses: 3,
        });
  const spec = parseTrainingSpec({
    model: { kind: 'logistic-regression' },
    optimizer: { kind: 'sgd', learningRate: 0.1 },
    epochs: 1,
    batchSize: 4,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed: 1,
  });
  const { model } = await trainCompatibility(spec, { data: on, field: 'model' });
  if (weights !== undefined) {
    setModelWeights(model, [Float32Array.from(weights.kernel), Float32Array.from(weights.bias)]);
  }
  return model;
}

/** A model store of in-memory models; any other URI is a missing folder, as the local store reports it. */
const models: ModelStore = {
  load: (uri) => {
    if (uri === 'mem:h1') return logisticRegression(2, h1Weights);
    if (uri === 'mem:h2') return logisticRegression(2, h2Weights);
    if (uri === 'mem:three-features') return logisticRegression(3);
    const error = Object.assign(new Error(`ENOENT: no such file or directory, open '${uri}/model.json'`), {
      code: 'ENOENT',
    });
    return Promise.reject(error);
  },
  save: () => Promise.reject(new Error('unused')),
  build: () => {
    throw new Error('unused');
  },
};

let activities: ReturnType<typeof createControlActivities>;
const storageDir = join(tmp, 'storage');
/** The object store untracked comparisons write to (a folder standing for one), and a reader on another worker. */
const remote = folderArtifactTransport(join(tmp, 'remote'));
const artifacts = createArtifactStore({
  transports: [remote],
  cache: createArtifactCache({ dir: join(tmp, 'cache') }),
});
const reader = createArtifactStore({ transports: [remote], cache: createArtifactCache({ dir: join(tmp, 'cache-2') }) });

beforeAll(async () => {
  await selectBackend('tensorflow');
  activities = createControlActivities({
    tracking: null,
    storageDir,
    artifacts,
    untrackedArtifactRoot: 'remote:/untracked',
    // `mem:no-train`: a file dataset without a training split, as the CLI's resolver reports it; `mem:label`: one
    // without the label column the spec names (the resolver receives `dataset.label`).
    resolveDataset: (spec) =>
      spec.uri === 'mem:no-train'
        ? Promise.reject(new InvalidInputError('dataset.trainSplit', 'a split of the dataset (test)', spec.trainSplit))
        : spec.uri === 'mem:label'
          ? Promise.reject(new InvalidInputError('dataset.label', 'a column of the dataset', spec.label))
          : Promise.resolve(data),
    models,
    logger: silent,
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function comparisonInput(name: string, spec: Record<string, unknown> = {}): EvaluateComparisonInput {
  const workflowId = `${name}-wf`;
  return {
    runKey: workflowRunKey(name, workflowId),
    workflowId,
    spec: parseComparisonSpec({
      name,
      dataset: { uri: 'mem:data', splits: ['test', 'train'] },
      h1: { uri: 'mem:h1' },
      h2: { uri: 'mem:h2' },
      ...spec,
    }),
  };
}

/** The failure an activity rejects with (an `ApplicationFailure` for bad input). */
async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('evaluateComparison (not tracked)', () => {
  it('writes a one-point summary whose scores equal counts made by hand, and heartbeats per split', async () => {
    const input = comparisonInput('tiny');
    const env = new MockActivityEnvironment();
    let heartbeats = 0;
    env.on('heartbeat', () => (heartbeats += 1));
    const result: EvaluatedComparison = await env.run(activities.evaluateComparison, input);

    const expected = { test: countsByHand(testRows), train: countsByHand(trainRows) };
    // The data are chosen so that every score is informative: h2 breaks some of h1's right answers, fixes one error.
    expect(expected.test).toEqual({ n: 10, h1Correct: 9, h2Correct: 5, bothCorrect: 4, negativeFlips: 5 });
    expect(result.runId).toBeNull();
    // The results travel by reference through the store (here below the untracked root), read back elsewhere.
    expect(result.summaryUri).toMatch(/^remote:\/untracked\/tiny\/tiny-wf\/results#folder-sha256=[0-9a-f]{64}$/);
    const summaryPath = join(await reader.fetch(result.summaryUri, 'summaryUri'), 'sweep-summary.json');
    expect(heartbeats).toBeGreaterThanOrEqual(4);

    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as SweepSummary;
    expect(summary).toMatchObject({
      schema: 'bcml.sweep-summary/1',
      name: 'tiny',
      dataset: {
        uri: 'mem:data',
        sha256: 'f'.repeat(64),
        classes: ['low', 'mid', 'high'],
        splits: { test: 10, train: 6 },
        testSplit: 'test',
        trainSplit: 'train',
      },
      h1: { uri: 'mem:h1' },
      performanceMetric: 'accuracy',
    });
    expect(summary.points).toHaveLength(1);
    const [point] = summary.points;
    expect(point).toMatchObject({ dissonance: 'none', status: 'completed', modelUri: 'mem:h2', mlflowRunId: null });
    for (const split of ['test', 'train'] as const) {
      const { n, h1Correct, h2Correct, bothCorrect, negativeFlips } = expected[split];
      const scores = point?.splits[split];
      expect(summary.h1.performance[split]).toMatchObject({ numerator: h1Correct, denominator: n });
      expect(scores?.performance).toMatchObject({ numerator: h2Correct, denominator: n });
      expect(scores?.btc).toMatchObject({ numerator: bothCorrect, denominator: h1Correct });
      expect(scores?.nfr).toMatchObject({ numerator: negativeFlips, denominator: n });
      expect(result.splits[split]?.performance).toBeCloseTo(h2Correct / n, 12);
      expect(result.splits[split]?.btc).toBeCloseTo(bothCorrect / h1Correct, 12);
      expect(result.splits[split]?.nfr).toBeCloseTo(negativeFlips / n, 12);
      const evaluation = JSON.parse(
        readFileSync(join(dirname(summaryPath), scores?.evaluation ?? 'missing'), 'utf8'),
      ) as Evaluation;
      expect(evaluation.counts).toMatchObject({ n, h1Correct, h2Correct, bothCorrect, negativeFlips });
      // Evaluation files name each error instance by its id; the report describes it (below).
      expect(evaluation.errors.length).toBeGreaterThan(0);
      for (const { id, metadata } of evaluation.errors) expect(metadata).toBe(`instance ${id}`);
    }
    expect(summary.pareto['test']?.front).toEqual([point?.id]);

    // The shared renderReport renders it as a comparison.
    const { reportUri } = await activities.renderReport({
      runKey: input.runKey,
      summaryUri: result.summaryUri,
      runId: null,
    });
    expect(reportUri).toMatch(/^remote:\/untracked\/tiny\/tiny-wf\/report#folder-sha256=/);
    const reportDir = await reader.fetch(reportUri, 'reportUri');
    const page = readFileSync(join(reportDir, 'index.html'), 'utf8');
    expect(page).toContain('data-mode="comparison"');
    // The test split's error instances are drawn from the resolved dataset's images (the train split has none).
    const testErrors = (
      JSON.parse(
        readFileSync(join(dirname(summaryPath), point?.splits['test']?.evaluation ?? 'missing'), 'utf8'),
      ) as Evaluation
    ).errors.map((e) => `${e.id}.png`);
    const drawn = readdirSync(join(reportDir, 'images')).map((s) => readdirSync(join(reportDir, 'images', s)));
    expect(drawn.map((files) => files.sort())).toEqual([testErrors.sort()]);
    // The report describes the test split's error instances once, in a file shared by the points (described at render
    // time from the dataset, as the images are drawn; `<b>` stays text: the file holds JSON, escaped for HTML); the
    // train split has no descriptions, so no file.
    expect(readdirSync(join(reportDir, 'data')).filter((f) => f.startsWith('instances-'))).toEqual(['instances-s0.js']);
    const shared = readFileSync(join(reportDir, 'data', 'instances-s0.js'), 'utf8');
    expect(shared).not.toContain('<b>');
    const texts = JSON.parse(shared.slice(shared.indexOf('] = ') + 4, shared.lastIndexOf(';'))) as Record<
      string,
      string
    >;
    const described = testErrors.map((f) => Number(f.replace('.png', ''))).filter((id) => id % 2 === 0);
    expect(
      Object.keys(texts)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(described.sort((a, b) => a - b));
    for (const id of described) expect(texts[id]).toBe(describeTest(id));
    expect(page).toContain('<script src="data/instances-s0.js"></script>');
  });

  it.each([
    ['a missing h1', { h1: { uri: join(tmp, 'no-such-h1') } }, /^invalid h1\.uri: expected a saved model/],
    ['a missing h2', { h2: { uri: join(tmp, 'no-such-h2') } }, /^invalid h2\.uri: expected a saved model/],
    ['an h2 of another input shape', { h2: { uri: 'mem:three-features' } }, /^invalid h2\.inputShape/],
    ['a split the data lack', { dataset: { uri: 'mem:data', splits: ['test', 'dev'] } }, /dataset\.splits\[1\]/],
    [
      'a file dataset without the train split its encoding comes from',
      { dataset: { uri: 'mem:no-train', splits: ['test'] } },
      /^invalid dataset\.uri: expected a dataset with a "train" split/,
    ],
    [
      'a label column the dataset lacks',
      { dataset: { uri: 'mem:label', splits: ['test'], label: 'target' } },
      /^invalid dataset\.label: expected a column of the dataset, received "target"/,
    ],
    [
      'ROC AUC on a dataset of three classes',
      { performanceMetric: 'roc-auc' },
      /^invalid performanceMetric: expected accuracy, balanced-accuracy or macro-f1 for a dataset of 3 classes/,
    ],
  ])('refuses %s with a non-retryable InvalidInputError naming the field', async (_, spec, message) => {
    const failure = await failureOf(activities.evaluateComparison(comparisonInput(`bad-${Date.now()}`, spec)));
    expect(failure.type).toBe('InvalidInputError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(message);
  });
});

/** Balanced accuracy by hand: the mean over the classes present of the share of the class predicted right. */
function balancedByHand(weights: { kernel: number[]; bias: number[] }, rows: readonly [number, number, number][]) {
  const recalls = [0, 1, 2].flatMap((c) => {
    const of = rows.filter(([, , y]) => y === c);
    const right = of.filter(([x0, x1]) => predictByHand(weights, x0, x1) === c).length;
    return of.length === 0 ? [] : [right / of.length];
  });
  return recalls.reduce((a, b) => a + b, 0) / recalls.length;
}

describe('renderReport of a comparison: the dataset’s images', () => {
  it('renders without images, with a warning, when the dataset changed since the run or cannot be read', async () => {
    const result: EvaluatedComparison = await new MockActivityEnvironment().run(
      activities.evaluateComparison,
      comparisonInput('redrawn'),
    );
    const warnings: string[] = [];
    const logger: WorkerLogger = { info: () => undefined, warn: (message) => warnings.push(message) };
    for (const resolveDataset of [
      () => Promise.resolve({ ...data, sha256: '0'.repeat(64) }),
      () => Promise.reject(new Error('gone')),
    ]) {
      const other = createControlActivities({
        tracking: null,
        storageDir,
        artifacts,
        untrackedArtifactRoot: 'remote:/untracked',
        resolveDataset,
        models,
        logger,
      });
      const { reportUri } = await other.renderReport({
        runKey: `redrawn-${warnings.length}`,
        summaryUri: result.summaryUri,
        runId: null,
      });
      expect(existsSync(join(await reader.fetch(reportUri, 'reportUri'), 'images'))).toBe(false);
    }
    expect(warnings).toEqual([
      expect.stringMatching(
        /^report without images or instance descriptions: dataset mem:data changed since the run \(SHA-256 0+, not f+\)$/,
      ),
      'report without images or instance descriptions: dataset mem:data cannot be read',
    ]);
  });
});

describe('evaluateComparison by a chosen performance metric', () => {
  it('scores both models by balanced accuracy (by hand) in the summary, the evaluations and the headline', async () => {
    const input = comparisonInput('balanced', { performanceMetric: 'balanced-accuracy' });
    const result: EvaluatedComparison = await new MockActivityEnvironment().run(activities.evaluateComparison, input);
    const folder = await reader.fetch(result.summaryUri, 'summaryUri');
    const summary = JSON.parse(readFileSync(join(folder, 'sweep-summary.json'), 'utf8')) as SweepSummary;
    expect(summary.performanceMetric).toBe('balanced-accuracy');
    for (const [split, rows] of [
      ['test', testRows],
      ['train', trainRows],
    ] as const) {
      const h1 = balancedByHand(h1Weights, rows);
      const h2 = balancedByHand(h2Weights, rows);
      const scores = summary.points[0]?.splits[split];
      expect(scores?.performance).toEqual({ value: expect.closeTo(h2, 12), ci95: null });
      expect(summary.h1.performance[split]).toEqual({ value: expect.closeTo(h1, 12), ci95: null });
      expect(result.splits[split]?.performance).toBeCloseTo(h2, 12);
      const evaluation = JSON.parse(readFileSync(join(folder, scores?.evaluation ?? 'missing'), 'utf8')) as Evaluation;
      expect(evaluation.scores.performance?.metric).toBe('balanced-accuracy');
      // Accuracy is still there, as before.
      expect(evaluation.scores.accuracyH2).toMatchObject({ numerator: countsByHand(rows).h2Correct });
    }
  });
});

describe('regression activities without a tracking server', () => {
  it('fail at once, non-retryably, saying that the registry needs MLflow', async () => {
    const spec = parseRegressionSpec({ name: 'nightly', dataset: { uri: 'mem:data' }, registeredModel: 'm' });
    const runKey = workflowRunKey('nightly', 'wf');
    const evaluate = await failureOf(activities.evaluateRegression({ runKey, workflowId: 'wf', spec }));
    expect(evaluate.nonRetryable).toBe(true);
    expect(evaluate.message).toMatch(/needs a tracking server/);
    const record = await failureOf(
      activities.recordRegressionVerdict({
        runKey,
        runId: null,
        summaryUri: `remote:/nowhere/results#folder-sha256=${'0'.repeat(64)}`,
        spec,
        outcome: { passed: true, checks: [], reasons: [] },
      }),
    );
    expect(record.nonRetryable).toBe(true);
    expect(existsSync(join(tmp, 'remote', 'untracked', 'nightly'))).toBe(false);
    expect(remote.downloads).not.toContain('remote:/nowhere/results/.bcml-manifest.json');
  });
});
