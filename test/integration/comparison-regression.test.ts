import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  parseTrainingSpec,
  type ComparisonResult,
  type RegressionVerdict,
  type SweepSummary,
} from '@bcml/core';
import { startEphemeralStack, type Stack } from '@bcml/infra';
import { evaluateCompatibility } from '@bcml/metrics';
import { loadModel, saveModel } from '@bcml/models';
import { createMlflowClient, trackingConfigFromEnv, type MlflowClient, type Run } from '@bcml/tracking';
import { predict, predictionArrays, selectBackend, trainCompatibility, type LabelledData } from '@bcml/training';
import {
  createControlActivities,
  datasetResolver,
  createArtifactCache,
  createArtifactStore,
  mlflowArtifactTransport,
  type ArtifactStore,
  localModelStore,
  runWorker,
  type WorkerLogger,
} from '@bcml/workers';
import { ApplicationFailure, Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';

import { registerModel } from '@bcml/cli';
import { runBcml } from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';

const quiet: WorkerLogger = { info: () => undefined, warn: (message) => console.warn(message) };
const tmp = mkdtempSync(join(tmpdir(), 'bcml-comparison-regression-'));
const abort = new AbortController();
const registeredModel = `it-credit-${Date.now()}`;
const championDir = join(tmp, 'champion');
const challengerDir = join(tmp, 'challenger');
let stack: Stack | undefined;
let worker: Promise<void> | undefined;
let connection: Connection | undefined;
let client: Client;
let tracking: MlflowClient;
let env: Record<string, string | undefined>;
let test: LabelledData;

/** Runs `bcml <args>` against this file's stack, to its end. */
const bcml = (args: string[]) => runBcml(args, env);

/** Trains a small German credit classifier and saves it to `dir`. */
async function trainTo(dir: string, train: LabelledData, model: unknown, epochs: number, seed: number): Promise<void> {
  const spec = parseTrainingSpec({
    model,
    optimizer: { kind: 'adam', learningRate: 0.01 },
    epochs,
    batchSize: 64,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed,
  });
  const { model: trained } = await trainCompatibility(spec, { data: train });
  await saveModel(trained, dir);
  trained.dispose();
}

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
  await selectBackend('tensorflow');
  // A stack of its own on free ports (never the main stack's 7233, 8233, 5000).
  const started = await startEphemeralStack(join(tmp, 'stack'));
  stack = started.stack;
  const { config } = started;
  env = {
    ...process.env,
    ...started.env,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    MLFLOW_TRACKING_URI: config.mlflow.trackingUri,
  };
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: config.mlflow.trackingUri }));

  // The champion: a logistic regression; the challenger: a small MLP, trained differently.
  const resolveDataset = datasetResolver();
  const data = await resolveDataset({ uri: 'bcml:datasets/german-credit', trainSplit: 'train', testSplit: 'test' });
  const train = data.splits['train'] as LabelledData;
  test = data.splits['test'] as LabelledData;
  await trainTo(championDir, train, { kind: 'logistic-regression' }, 3, 7);
  await trainTo(challengerDir, train, { kind: 'mlp', hidden: [8] }, 2, 11);

  // Into the registry: the champion with the `bcml model register` command, the challenger with its function.
  const registered = await bcml(['model', 'register', championDir, '--name', registeredModel, '--alias', 'champion']);
  expect(registered.code, `${registered.out}\n${registered.err}`).toBe(0);
  expect(registered.out).toBe(`models:/${registeredModel}/1\n`);
  const challenger = await registerModel(tracking, challengerDir, { name: registeredModel, aliases: ['challenger'] });
  expect(challenger.uri).toBe(`models:/${registeredModel}/2`);

  const temporal = { address: config.temporal.address, namespace: config.temporal.namespace };
  const activities = createControlActivities({
    tracking,
    storageDir: join(tmp, 'storage'),
    artifacts: storeAt('control-cache'),
    resolveDataset,
    models: localModelStore({ tracking }),
    logger: quiet,
  });
  worker = runWorker({
    pool: 'control',
    activities,
    concurrency: 2,
    temporal,
    signal: abort.signal,
    shutdownSignals: [],
    shutdownGraceTimeMs: 1000,
  });
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: temporal.namespace });
});

/** An artifact store with a cache of its own (a worker's, or the test's reader's). */
function storeAt(name: string): ArtifactStore {
  return createArtifactStore({
    transports: [mlflowArtifactTransport(tracking)],
    cache: createArtifactCache({ dir: join(tmp, name) }),
  });
}

/** The text of `file` inside the artifact folder `ref` (a summary or report reference), fetched as a reader would. */
async function readRef(ref: string, file: string): Promise<string> {
  return readFileSync(join(await storeAt('reader-cache').fetch(ref, 'ref'), file), 'utf8');
}

afterAll(async () => {
  abort.abort();
  await worker?.catch(() => undefined);
  await connection?.close();
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
});

/** Every run of an experiment. */
const runsOf = (experiment: string): Promise<Run[]> => experimentRuns(tracking, experiment);

/** h2's headline against h1 on German credit's test split, computed here from the two saved folders. */
async function expectedTestScores(h1Dir: string, h2Dir: string) {
  const h1 = await loadModel(h1Dir);
  const h2 = await loadModel(h2Dir);
  const p1 = predictionArrays(await predict(h1, test));
  const p2 = predictionArrays(await predict(h2, test));
  h1.dispose();
  h2.dispose();
  expect(Array.from(p2.ids)).toEqual(Array.from(p1.ids));
  const { scores } = evaluateCompatibility({
    labels: p1.labels,
    h1: p1.predictions,
    h2: p2.predictions,
    numClasses: p1.numClasses,
    ids: p1.ids,
  });
  return scores;
}

function regressionSpec(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    dataset: { uri: 'bcml:datasets/german-credit' },
    registeredModel,
    tracking: { experiment: name },
    ...extra,
  };
}

/** A policy every pair of models meets, and one no finite test split can meet (BTC's lower bound is below 1). */
const lenientPolicy = { maxNfr: 1, maxAccuracyDrop: 1 };
const impossiblePolicy = { minBtc: { threshold: 1, bound: 'lower' } };

function runRegression(name: string, spec: Record<string, unknown>): Promise<RegressionVerdict> {
  return client.workflow.execute('compatibilityRegression', {
    taskQueue: CONTROL_TASK_QUEUE,
    workflowId: `${name}-wf`,
    args: [spec],
  });
}

describe('compatibilityRegression against the MLflow model registry (real worker, Temporal and MLflow)', () => {
  it('resolves the aliases to versions, scores the challenger and records a pass as tags with the report', async () => {
    const name = `it-regression-pass-${Date.now()}`;
    const verdict = await runRegression(name, regressionSpec(name, { policy: lenientPolicy }));
    expect(verdict).toMatchObject({
      status: 'pass',
      passed: true,
      reasons: [],
      championUri: `models:/${registeredModel}/1`,
      challengerUri: `models:/${registeredModel}/2`,
      split: 'test',
    });
    expect(verdict.checks.map((c) => [c.rule, c.passed])).toEqual([
      ['maxNfr', true],
      ['maxAccuracyDrop', true],
    ]);

    // MLflow: one finished run with the verdict, the versions, the scores and the report.
    const runs = await runsOf(name);
    expect(runs.map((r) => r.info.runId)).toEqual([verdict.runId]);
    const run = await tracking.getRun(verdict.runId ?? '');
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.tags).toMatchObject({
      'bcml.kind': 'regression',
      'bcml.verdict': verdict.status,
      'bcml.check.maxNfr': 'pass',
      'bcml.check.maxAccuracyDrop': 'pass',
      'bcml.champion': verdict.championUri,
      'bcml.challenger': verdict.challengerUri,
    });
    expect(run.data.metrics['policy.passed']).toBe(1);
    expect(run.inputs.map((i) => [i.name, i.context])).toEqual([['german-credit/test', 'eval']]);
    const files = (await tracking.listArtifactFiles(run.info.artifactUri)).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['report/index.html']));
    const page = await readRef(verdict.reportUri, 'index.html');
    expect(page).toContain('data-mode="comparison"');
    expect(page).toContain('<h2>Regression check: PASS</h2>');
    expect(page).toContain(`challenger ${verdict.challengerUri} against champion ${verdict.championUri}`);

    // The scores equal an in-process computation on the registered folders (champion = h1, challenger = h2).
    const expected = await expectedTestScores(championDir, challengerDir);
    const summary = JSON.parse(await readRef(verdict.summaryUri, 'sweep-summary.json')) as SweepSummary;
    const scores = summary.points[0]?.splits['test'];
    expect(scores?.btc).toEqual(expected.btc);
    expect(scores?.nfr).toEqual(expected.nfr);
    expect(scores?.performance).toEqual(expected.accuracyH2);
    expect(summary.h1.performance['test']).toEqual(expected.accuracyH1);
    expect(summary.h1.uri).toBe(verdict.championUri);
    expect(run.data.metrics['test.btc']).toBeCloseTo(expected.btc?.value ?? NaN, 12);
    expect(verdict.checks[0]?.observed).toBeCloseTo(expected.nfr?.ci95[1] ?? NaN, 12);
  });

  it('a policy the challenger cannot meet gives a fail verdict, not a failed workflow', async () => {
    const name = `it-regression-fail-${Date.now()}`;
    const verdict = await runRegression(name, regressionSpec(name, { policy: impossiblePolicy }));
    expect(verdict.status).toBe('fail');
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toHaveLength(1);
    expect(verdict.reasons[0]).toMatch(/^BTC \(lower 95% bound\) [\d.]+ < 1$/);
    const run = await tracking.getRun(verdict.runId ?? '');
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.tags['bcml.verdict']).toBe('fail');
    expect(run.data.tags['bcml.check.minBtc']).toBe('fail');
    expect(run.data.tags['bcml.reasons']).toBe(verdict.reasons[0]);
    expect(run.data.metrics['policy.passed']).toBe(0);
    const page = await readRef(verdict.reportUri, 'index.html');
    expect(page).toContain('<h2>Regression check: FAIL</h2>');
    expect(page).toContain('<strong>FAIL</strong> minBtc: BTC (lower 95% bound)');
  });

  it.each([
    [
      'an unknown alias',
      { challengerAlias: 'canary' },
      /^evaluateRegression failed: invalid challengerAlias: expected an alias of registered model "it-credit-\d+" \(it has challenger, champion\), received "canary"$/,
    ],
    ['an unknown registered model', { registeredModel: `no-such-model-${Date.now()}` }, /invalid registeredModel/],
  ])('%s fails the workflow at once, non-retryably, naming the field and logging no run', async (_, extra, message) => {
    const name = `it-regression-bad-${Date.now()}`;
    const error: unknown = await runRegression(name, regressionSpec(name, extra)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('InvalidInputError');
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect(cause?.message).toMatch(message);
    // One attempt of evaluateRegression only: bad input is not retried.
    const history = await client.workflow.getHandle(`${name}-wf`).fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
    );
    expect(attempts).toEqual([1]);
    expect(await runsOf(name)).toEqual([]);
  });
});

describe('modelComparison of two model folders', () => {
  it('writes the report and returns the headline an in-process computation gives, with an MLflow run', async () => {
    const name = `it-comparison-${Date.now()}`;
    const result: ComparisonResult = await client.workflow.execute('modelComparison', {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId: `${name}-wf`,
      args: [
        {
          name,
          dataset: { uri: 'bcml:datasets/german-credit', splits: ['test', 'train'] },
          h1: { uri: championDir },
          h2: { uri: challengerDir },
          tracking: { experiment: name },
        },
      ],
    });
    expect(Object.keys(result.splits)).toEqual(['test', 'train']);
    const expected = await expectedTestScores(championDir, challengerDir);
    expect(result.splits['test']).toEqual({
      performance: expected.accuracyH2?.value,
      btc: expected.btc?.value,
      nfr: expected.nfr?.value,
    });
    expect(await readRef(result.reportUri, 'index.html')).toContain('data-mode="comparison"');

    const run = await tracking.getRun(result.runId ?? '');
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.tags['bcml.kind']).toBe('comparison');
    expect(run.data.params).toMatchObject({ 'h1.uri': championDir, 'h2.uri': challengerDir });
    expect(run.data.metrics['test.btc']).toBeCloseTo(expected.btc?.value ?? NaN, 12);
    expect(run.data.metrics['test.accuracy_h1']).toBeCloseTo(expected.accuracyH1?.value ?? NaN, 12);
    expect(Object.keys(run.data.metrics)).toEqual(expect.arrayContaining(['train.btc', 'train.nfr']));
    // Both compared splits are the run's dataset inputs (the MLflow UI's Datasets panel), as evaluation data.
    expect(run.inputs.map((i) => [i.name, i.context]).sort()).toEqual([
      ['german-credit/test', 'eval'],
      ['german-credit/train', 'eval'],
    ]);
    const files = (await tracking.listArtifactFiles(run.info.artifactUri)).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['report/index.html']));
  });
});

describe('bcml regression --wait and bcml compare --wait (the CLI against the same stack)', () => {
  it('exits 0 on a pass, 4 on a fail, and prints the verdict, each check and the report', async () => {
    const stamp = Date.now();
    const passSpec = join(tmp, 'pass.json');
    const failSpec = join(tmp, 'fail.json');
    writeFileSync(passSpec, JSON.stringify(regressionSpec(`it-cli-pass-${stamp}`, { policy: lenientPolicy })));
    writeFileSync(failSpec, JSON.stringify(regressionSpec(`it-cli-fail-${stamp}`, { policy: impossiblePolicy })));

    const passed = await bcml(['regression', passSpec, '--wait', '--id', `it-cli-pass-${stamp}-wf`]);
    expect(passed.code, `${passed.out}\n${passed.err}`).toBe(0);
    expect(passed.out).toMatch(/^regression it-cli-pass-\d+ \(it-cli-pass-\d+-wf\): PASS$/m);
    expect(passed.out).toMatch(/^ {2}pass {2}maxNfr: NFR/m);
    expect(passed.out).toContain(`  champion:   models:/${registeredModel}/1`);

    const failed = await bcml(['regression', failSpec, '--wait', '--id', `it-cli-fail-${stamp}-wf`]);
    expect(failed.code, `${failed.out}\n${failed.err}`).toBe(4);
    expect(failed.out).toMatch(/: FAIL$/m);
    expect(failed.out).toMatch(/^ {2}FAIL {2}minBtc: BTC \(lower 95% bound\)/m);
    const report = /^report:\s+(.+)$/m.exec(failed.out)?.[1] ?? '';
    expect(existsSync(report)).toBe(true);
    expect(failed.out).toMatch(/^MLflow run: http:\/\/127\.0\.0\.1:\d+\/#\/runs\/\w+$/m);

    const unknown = join(tmp, 'unknown.json');
    writeFileSync(unknown, JSON.stringify(regressionSpec(`it-cli-bad-${stamp}`, { championAlias: 'gone' })));
    const refused = await bcml(['regression', unknown, '--wait']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/invalid championAlias/);
  });

  it('bcml schedule create|describe|trigger|delete: the nightly check as a Temporal schedule', async () => {
    const id = `it-nightly-${Date.now()}`;
    const spec = join(tmp, 'nightly.json');
    writeFileSync(spec, JSON.stringify(regressionSpec(id, { policy: lenientPolicy })));
    const created = await bcml(['schedule', 'create', spec, '--cron', '0 3 * * *']);
    expect(created.code, `${created.out}\n${created.err}`).toBe(0);
    expect(created.out).toContain(
      `created schedule ${id}: compatibilityRegression of ${id} at "0 3 * * *" (overlap: skip)`,
    );
    expect(created.out).toMatch(/^ {2}next runs: \d{4}-\d\d-\d\dT03:00:00\.000Z/m);
    const again = await bcml(['schedule', 'create', spec, '--cron', '0 3 * * *']);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`schedule ${id} exists already`);
    const badCron = await bcml(['schedule', 'create', spec, '--cron', 'every night', '--id', `${id}-bad`]);
    expect(badCron.code, badCron.err).toBe(2);
    expect(badCron.err).toContain('invalid --cron');

    const triggered = await bcml(['schedule', 'trigger', id]);
    expect(triggered.code, triggered.err).toBe(0);
    let workflowId: string | undefined;
    for (let i = 0; i < 60 && workflowId === undefined; i += 1) {
      const described = await bcml(['schedule', 'describe', id]);
      expect(described.out).toContain('  workflow:  compatibilityRegression on bcml-control');
      expect(described.out).toContain('  cron:      0 3 * * *');
      workflowId = new RegExp(`^ {4}\\S+ {2}(${id}-\\S+)$`, 'm').exec(described.out)?.[1];
      if (workflowId === undefined) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(workflowId).toBeDefined();
    const verdict = (await client.workflow.getHandle(workflowId ?? '').result()) as RegressionVerdict;
    expect(verdict.status).toBe('pass');
    expect((await tracking.getRun(verdict.runId ?? '')).data.tags['bcml.verdict']).toBe('pass');

    const deleted = await bcml(['schedule', 'delete', id]);
    expect(deleted.code).toBe(0);
    const gone = await bcml(['schedule', 'describe', id]);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain(`no schedule "${id}"`);
  });

  it('bcml compare --wait prints the headline per split and exits 0', async () => {
    const name = `it-cli-compare-${Date.now()}`;
    const spec = join(tmp, 'compare.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name,
        dataset: { uri: 'bcml:datasets/german-credit' },
        h1: { uri: `models:/${registeredModel}@champion` },
        h2: { uri: challengerDir },
      }),
    );
    const { code, out, err } = await bcml(['compare', spec, '--wait']);
    expect(code, `${out}\n${err}`).toBe(0);
    const expected = await expectedTestScores(championDir, challengerDir);
    expect(out).toContain(
      `  test: accuracy ${expected.accuracyH2?.value.toFixed(4)}, BTC ${expected.btc?.value.toFixed(4)}, ` +
        `NFR ${expected.nfr?.value.toFixed(4)}`,
    );
    expect(existsSync(/^report:\s+(.+)$/m.exec(out)?.[1] ?? '')).toBe(true);
  });
});
