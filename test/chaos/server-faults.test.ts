import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  SWEEP_PROGRESS_QUERY,
  mulberry32,
  parseSweepSpec,
  sweepPoints,
  type SweepProgress,
  type SweepResult,
} from '@bcml/core';
import { PARENT_RUN_ID_TAG, type Metric, type Run } from '@bcml/tracking';
import { type WorkflowHandle } from '@temporalio/client';

import { killGroup, saveGermanCreditH1, spawnBcml, type SpawnedProcess } from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';
import { CHAOS_LONG, chaosSeed, chaosSize, recordFigure } from '../support/reliability.js';
import { mlflowFault, temporalFault } from '../support/service-faults.js';
import { startSweepHarness, type SweepHarness } from '../support/sweep-harness.js';

// Server faults: the Temporal dev server SIGKILLed mid-sweep and started again on the same sqlite file and ports, and
// the MLflow server SIGKILLed mid-sweep and started again after an outage on the same backend store and artifact root.
// The workers (in this process) and the waiting client ride through; each sweep completes with every point, one
// MLflow child run per point, no run left RUNNING, every metric (key, step) logged once, and the same metrics as an
// undisturbed run of the same spec (resuming from a checkpoint is bitwise exact). A longer Temporal outage as training
// ends loses the trainer's completion: `bcml sweep start --wait` waits it out and the retried attempt logs nothing twice.

const SUITE = 'server faults';
const EPOCHS = chaosSize(6, 24);
const OUTAGE_SECONDS = chaosSize(15, 60);
const TEMPORAL_RESTARTS = chaosSize(1, 3);
const MLFLOW_OUTAGES = chaosSize(1, 2);
/** Longer than the worker's ~10 s of retries of an activity's completion: the completion is lost. */
const TEMPORAL_OUTAGE_SECONDS = chaosSize(20, 45);
/** Metrics whose value depends on the clock, not on the training. */
const TIMING_METRICS = new Set(['epoch_seconds']);

const random = mulberry32(chaosSeed());
let harness: SweepHarness;
let h1Dir: string;
let baseline: SweepOutcome;
const cliProcesses: SpawnedProcess[] = [];

/** A sweep of two packed points on German credit, batches of 2 (~0.15 s per epoch on an idle machine). */
function sweepJson(name: string): Record<string, unknown> {
  return {
    name,
    dataset: { uri: 'bcml:datasets/german-credit' },
    h1: { uri: h1Dir },
    h2: {
      model: { kind: 'mlp', hidden: [16] },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs: EPOCHS,
      batchSize: 2,
    },
    sweep: { lambdas: [0.5, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution: {
      pool: 'cpu',
      parallelism: 1,
      // An attempt fails after the MLflow client's own retries (~8 s): enough attempts, with backoff, outlast the outage.
      maxAttempts: 20,
      retryIntervalSeconds: 1,
      heartbeatTimeoutSeconds: 10,
      pointTimeoutSeconds: 1200,
    },
    seed: 3,
    tracking: { experiment: name },
  };
}

/** What a finished sweep left in MLflow, per point. */
interface SweepOutcome {
  readonly result: SweepResult;
  readonly parent: Run;
  /** Child runs by point id. */
  readonly children: ReadonlyMap<string, Run>;
  /** Per point: every metric key's history (ordered by step). */
  readonly histories: ReadonlyMap<string, ReadonlyMap<string, readonly Metric[]>>;
}

/** Starts the sweep `name`; resolves its handle and point ids. */
async function startSweep(name: string): Promise<{ handle: WorkflowHandle; ids: string[] }> {
  const json = sweepJson(name);
  const ids = sweepPoints(parseSweepSpec(json)).map((p) => p.id);
  const handle = await harness.client.workflow.start('compatibilitySweep', {
    taskQueue: CONTROL_TASK_QUEUE,
    workflowId: `${name}-wf`,
    args: [json],
  });
  return { handle, ids };
}

/** Waits until a point of the sweep has finished `epoch` epochs (progress query), up to 3 min. */
async function waitForEpoch(handle: WorkflowHandle, epoch: number): Promise<SweepProgress> {
  const deadline = Date.now() + 180_000;
  let progress: SweepProgress | undefined;
  while (Date.now() < deadline) {
    progress = await handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY).catch(() => undefined);
    if (progress !== undefined && progress.runningPoints.some((p) => p.epoch >= epoch)) return progress;
    if (progress !== undefined && progress.phase !== 'preparing' && progress.phase !== 'training') {
      throw new Error(`the sweep finished training before epoch ${epoch}: ${JSON.stringify(progress)}`);
    }
    await sleep(50);
  }
  throw new Error(`no point reached epoch ${epoch} in 3 min: ${JSON.stringify(progress)}`);
}

/** A seeded epoch in the `k`-th of `n` equal parts of [1, EPOCHS − 2]: the `k`-th of `n` faults lands mid-training. */
function faultEpoch(k = 0, n = 1): number {
  return 1 + Math.floor(((k + random()) * (EPOCHS - 2)) / n);
}

/** Reads back what the sweep left in MLflow and checks its invariants: one FINISHED child per point, no duplicates. */
async function outcomeOf(name: string, ids: readonly string[], result: SweepResult): Promise<SweepOutcome> {
  expect(result.status).toBe('completed');
  expect(result.counts).toEqual({ total: ids.length, completed: ids.length, failed: 0, cancelled: 0 });
  const runs = await experimentRuns(harness.tracking, name);
  // Nothing half-written: every run (parent and children) ended, none RUNNING.
  expect(runs.map((r) => r.info.status).filter((s) => s !== 'FINISHED')).toEqual([]);
  const parents = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === undefined);
  expect(parents.map((r) => r.info.runId)).toEqual([result.parentRunId]);
  const children = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === result.parentRunId);
  // One child run per point, no more.
  expect(children.map((r) => r.data.params['point']).sort()).toEqual([...ids].sort());
  expect(runs).toHaveLength(1 + ids.length);
  const histories = new Map<string, Map<string, Metric[]>>();
  for (const run of children) {
    const byKey = new Map<string, Metric[]>();
    for (const key of Object.keys(run.data.metrics).sort()) {
      const history = await harness.tracking.getMetricHistory(run.info.runId, key);
      byKey.set(
        key,
        [...history].sort((a, b) => a.step - b.step),
      );
    }
    histories.set(run.data.params['point'] ?? '', byKey);
  }
  return {
    result,
    parent: parents[0]!,
    children: new Map(children.map((r) => [r.data.params['point'] ?? '', r])),
    histories,
  };
}

/** (key, step) pairs logged more than once, over every child run of the outcome. */
function duplicateMetrics(outcome: SweepOutcome): string[] {
  const duplicates: string[] = [];
  for (const [point, byKey] of outcome.histories) {
    for (const [key, history] of byKey) {
      const seen = new Set<number>();
      for (const { step } of history) {
        if (seen.has(step)) duplicates.push(`${point} ${key}@${step}`);
        seen.add(step);
      }
    }
  }
  return duplicates;
}

/** Checks `outcome` against the undisturbed baseline: same params, every epoch logged, the same metric values. */
function expectSameAsBaseline(outcome: SweepOutcome): void {
  expect([...outcome.children.keys()].sort()).toEqual([...baseline.children.keys()].sort());
  for (const [point, run] of outcome.children) {
    const reference = baseline.children.get(point)!;
    // Params logged (once: MLflow's params are write-once) and complete.
    expect(run.data.params, point).toEqual(reference.data.params);
    const byKey = outcome.histories.get(point)!;
    const referenceByKey = baseline.histories.get(point)!;
    expect([...byKey.keys()], point).toEqual([...referenceByKey.keys()]);
    expect(
      byKey.get('loss')?.map((m) => m.step),
      point,
    ).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    for (const [key, history] of byKey) {
      const values = history.map((m) => [m.step, TIMING_METRICS.has(key) ? 0 : m.value]);
      const reference = referenceByKey.get(key)!.map((m) => [m.step, TIMING_METRICS.has(key) ? 0 : m.value]);
      expect(values, `${point} ${key}`).toEqual(reference);
    }
  }
}

beforeAll(async () => {
  // Every epoch is signalled (workers signal at most once a second by default): the faults are timed by epoch.
  harness = await startSweepHarness({ prefix: 'bcml-server-faults-', progressSignalIntervalMs: 0 });
  h1Dir = join(harness.tmp, 'h1');
  mkdirSync(h1Dir, { recursive: true });
  await saveGermanCreditH1(h1Dir);
  // The reference: the same spec, undisturbed.
  const name = `server-faults-baseline-${Date.now()}`;
  const { handle, ids } = await startSweep(name);
  baseline = await outcomeOf(name, ids, (await handle.result()) as SweepResult);
  expect(duplicateMetrics(baseline)).toEqual([]);
});

afterAll(async () => {
  for (const cli of cliProcesses) killGroup(cli, 'SIGKILL');
  await harness?.down();
});

describe('server faults', () => {
  it(`the Temporal dev server SIGKILLed mid-sweep and restarted on the same sqlite file (${TEMPORAL_RESTARTS}x): the sweep completes unchanged`, async () => {
    const temporal = temporalFault(harness.config);
    const name = `server-faults-temporal-${Date.now()}`;
    const { handle, ids } = await startSweep(name);
    // The client waits through the restarts, as `bcml sweep` does.
    const waiting = handle.result();
    let survived = 0;
    for (let restart = 0; restart < TEMPORAL_RESTARTS; restart += 1) {
      await waitForEpoch(handle, faultEpoch(restart, TEMPORAL_RESTARTS));
      await temporal.kill();
      await temporal.restart();
      survived += 1;
    }
    const outcome = await outcomeOf(name, ids, (await waiting) as SweepResult);
    expect(duplicateMetrics(outcome)).toEqual([]);
    expectSameAsBaseline(outcome);
    recordFigure({
      suite: SUITE,
      figure: 'Temporal restarts survived',
      value: `${survived}/${TEMPORAL_RESTARTS}`,
      target: 'all',
    });
    recordFigure({ suite: SUITE, figure: 'points lost (Temporal restarts)', value: 0, target: '0' });
  });

  it(`the MLflow server down for ${OUTAGE_SECONDS} s mid-sweep (${MLFLOW_OUTAGES}x): activities retry and finish, nothing logged twice, no run left RUNNING`, async () => {
    const mlflow = mlflowFault(harness.config);
    let survived = 0;
    const duplicates: string[] = [];
    // Each outage in a sweep of its own (the trainer's attempts and their backoff start afresh).
    for (let outage = 0; outage < MLFLOW_OUTAGES; outage += 1) {
      const name = `server-faults-mlflow-${outage}-${Date.now()}`;
      const { handle, ids } = await startSweep(name);
      const waiting = handle.result();
      await waitForEpoch(handle, faultEpoch());
      await mlflow.kill();
      await sleep(OUTAGE_SECONDS * 1000);
      await mlflow.restart();
      const outcome = await outcomeOf(name, ids, (await waiting) as SweepResult);
      duplicates.push(...duplicateMetrics(outcome));
      expect(duplicates).toEqual([]);
      expectSameAsBaseline(outcome);
      // The outage was felt: a trainer attempt failed and was retried.
      const history = await handle.fetchHistory();
      const retried = (history.events ?? []).some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
      expect(retried).toBe(true);
      survived += 1;
    }
    recordFigure({
      suite: SUITE,
      figure: 'MLflow outage length (s)',
      value: OUTAGE_SECONDS,
      target: CHAOS_LONG ? '60' : '15 (short)',
    });
    recordFigure({
      suite: SUITE,
      figure: 'MLflow outages survived',
      value: `${survived}/${MLFLOW_OUTAGES}`,
      target: 'all',
    });
    recordFigure({ suite: SUITE, figure: 'runs left RUNNING', value: 0, target: '0' });
    recordFigure({ suite: SUITE, figure: 'duplicate metric entries', value: duplicates.length, target: '0' });
    recordFigure({ suite: SUITE, figure: 'points lost (MLflow outages)', value: 0, target: '0' });
  });
  it(`the Temporal dev server down for ${TEMPORAL_OUTAGE_SECONDS} s as training ends: \`bcml sweep start --wait\` waits it out, the lost completion is retried without logging anything twice`, async () => {
    const temporal = temporalFault(harness.config);
    const name = `server-faults-temporal-outage-${Date.now()}`;
    const specFile = join(harness.tmp, `${name}.json`);
    writeFileSync(specFile, JSON.stringify(sweepJson(name)));
    const ids = sweepPoints(parseSweepSpec(sweepJson(name))).map((p) => p.id);
    const cli = spawnBcml(['sweep', 'start', specFile, '--wait', '--id', `${name}-wf`], harness.env);
    cliProcesses.push(cli);
    await cli.waitForStdout(/started sweep/, 120_000);
    const handle = harness.client.workflow.getHandle(`${name}-wf`);
    // The last epoch, the model's upload and the activity's completion happen while the server is down.
    await waitForEpoch(handle, EPOCHS - 1);
    await temporal.kill();
    await sleep(TEMPORAL_OUTAGE_SECONDS * 1000);
    await temporal.restart();
    const { code } = await cli.exited;
    expect(code, `${cli.stdout()}\n${cli.stderr()}`).toBe(0);
    expect(cli.stderr()).toContain('the Temporal server cannot be reached');
    expect(cli.stdout()).toMatch(/: completed; 2\/2 points completed/);
    const outcome = await outcomeOf(name, ids, (await handle.result()) as SweepResult);
    const duplicates = duplicateMetrics(outcome);
    expect(duplicates).toEqual([]);
    expectSameAsBaseline(outcome);
    // The trainer's completion was lost in the outage: Temporal ran the activity again, and that attempt logged
    // nothing an earlier one had.
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) => {
      const started = e.activityTaskStartedEventAttributes;
      return started === null || started === undefined ? [] : [started.attempt ?? 1];
    });
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    recordFigure({
      suite: SUITE,
      figure: 'Temporal outage as training ends (s), waited out by bcml sweep --wait',
      value: TEMPORAL_OUTAGE_SECONDS,
      target: 'completes',
    });
    recordFigure({ suite: SUITE, figure: 'duplicate metric entries (lost completion)', value: 0, target: '0' });
  });
});
