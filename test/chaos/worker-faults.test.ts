import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  mulberry32,
  parseSweepSpec,
  sweepPoints,
  type SweepResult,
  type SweepSummary,
} from '@bcml/core';
import { startEphemeralStack, type Stack } from '@bcml/infra';
import {
  PARENT_RUN_ID_TAG,
  createMlflowClient,
  trackingConfigFromEnv,
  type MlflowClient,
  type Run,
} from '@bcml/tracking';
import { createArtifactCache, createArtifactStore, mlflowArtifactTransport, type ArtifactStore } from '@bcml/workers';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

import {
  killGroup,
  saveGermanCreditH1,
  stackEnv,
  startBcmlWorker,
  stopAll,
  type SpawnedProcess,
} from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';
import { pendingTrains } from '../support/pending-trains.js';
import { chaosSeed, chaosSize, recordFigure } from '../support/reliability.js';

// Seeded-random SIGKILL trials of `bcml worker` processes: a control worker while it prepares, reduces or renders a
// sweep, a trainer mid-epoch or while it uploads a trained pack. Two workers of each kind run, so the killed one's
// activity is retried on the other (after its heartbeat timeout); every trial's sweep must end as the undisturbed
// one did: every point completed, one parent and one child MLflow run per point, none left RUNNING, the same metrics
// bit for bit (training is seeded; a retried pack resumes from the checkpoint the dead trainer heartbeated).

const SUITE = 'worker faults';
const EPOCHS = 10;
const TRIALS = chaosSize(3, 10);

/** Where a trial kills a worker. */
type Phase = 'prepare' | 'mid-epoch' | 'upload' | 'reduce/report';
const TRAINER_PHASES: readonly Phase[] = ['mid-epoch', 'upload'];
const CONTROL_PHASES: readonly Phase[] = ['prepare', 'reduce/report'];
const PHASES: readonly Phase[] = [...CONTROL_PHASES, ...TRAINER_PHASES];

const rng = mulberry32(chaosSeed());
const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const shuffled = <T>(items: readonly T[]): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};
/**
 * The trials' phases, drawn from the seed: the short set kills a control worker in a phase drawn from the seed and a
 * trainer in each of its phases; the long set kills in every phase at least once, the rest drawn.
 */
const plan: Phase[] =
  TRIALS < PHASES.length
    ? shuffled([pick(CONTROL_PHASES), ...TRAINER_PHASES, ...Array.from({ length: TRIALS - 3 }, () => pick(PHASES))])
    : shuffled([...PHASES, ...Array.from({ length: TRIALS - PHASES.length }, () => pick(PHASES))]);

const tmp = mkdtempSync(join(tmpdir(), 'bcml-worker-faults-'));
const processes: SpawnedProcess[] = [];
const workers: { control: SpawnedProcess[]; cpu: SpawnedProcess[] } = { control: [], cpu: [] };
let env: NodeJS.ProcessEnv;
let stack: Stack | undefined;
let tracking: MlflowClient;
let reader: ArtifactStore;
let connection: Connection | undefined;
let client: Client;
let h1Dir: string;

/** What a sweep left behind that a fault must not change: per point, its MLflow metrics and its summary entry. */
interface SweepOutcome {
  readonly result: SweepResult;
  /** Point id → every metric's latest value in the point's child run (`epoch_seconds`: `null`, a wall-clock time). */
  readonly metrics: Record<string, Record<string, number | null>>;
  /** Point id → metric → its whole history as [step, value] pairs by step (so a value logged twice shows). */
  readonly histories: Record<string, Record<string, [number, number | null][]>>;
  /** Point id (`parent`: the sweep's run) → the run's params. */
  readonly params: Record<string, Record<string, string>>;
  /** Point id → its summary entry without what differs between any two runs (run ids, URIs, durations). */
  readonly summary: Record<string, unknown>;
}

let baseline: SweepOutcome;
const tally = {
  trials: 0,
  completed: 0,
  lostPoints: 0,
  duplicateChildren: 0,
  leftRunning: 0,
  mismatches: 0,
  missedShots: 0,
};
const byPhase = new Map<Phase, number>(PHASES.map((p) => [p, 0]));

beforeAll(async () => {
  const started = await startEphemeralStack(join(tmp, 'stack'));
  stack = started.stack;
  const { config } = started;
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: config.mlflow.trackingUri }));
  reader = createArtifactStore({
    transports: [mlflowArtifactTransport(tracking)],
    cache: createArtifactCache({ dir: join(tmp, 'reader-cache') }),
  });
  // Every epoch's checkpoint goes up, so that a killed trainer's retry resumes from the last epoch it finished.
  env = { ...stackEnv(started.env, config), BCML_CHECKPOINT_INTERVAL: '0' };
  h1Dir = join(tmp, 'h1');
  const [c1, c2, t1, t2] = await Promise.all([
    startBcmlWorker('control', 4, env, processes),
    startBcmlWorker('control', 4, env, processes),
    startBcmlWorker('cpu', 1, env, processes),
    startBcmlWorker('cpu', 1, env, processes),
    saveGermanCreditH1(h1Dir),
  ]);
  workers.control.push(c1, c2);
  workers.cpu.push(t1, t2);
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
}, 300_000);

afterAll(async () => {
  await stopAll(processes);
  await connection?.close();
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * The sweep every trial runs: 3 λ of a 32-unit MLP on German credit, 10 epochs of batches of 4 (a few seconds of
 * training), one pack of 3 on one trainer (parallelism 1); a 4 s heartbeat timeout, so that the server holds a new
 * checkpoint every ~3.2 s (Temporal throttles heartbeats to 0.8 × the timeout) and a killed trainer is noticed soon;
 * 5 attempts, as a trainer starved of CPU by the other tests may miss a heartbeat too (it then resumes likewise).
 */
function sweepSpec(name: string): Record<string, unknown> {
  return {
    name,
    dataset: { uri: 'bcml:datasets/german-credit' },
    h1: { uri: h1Dir },
    h2: {
      model: { kind: 'mlp', hidden: [32] },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs: EPOCHS,
      batchSize: 4,
    },
    sweep: { lambdas: [0, 0.5, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution: {
      pool: 'cpu',
      parallelism: 1,
      maxAttempts: 5,
      retryIntervalSeconds: 1,
      heartbeatTimeoutSeconds: 4,
      pointTimeoutSeconds: 600,
    },
    seed: 3,
    tracking: { experiment: name },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The identity of the worker running one of `activities` of the workflow (polled every 25 ms), once it started. */
async function runningActivity(
  handle: WorkflowHandle,
  activities: readonly string[],
  timeoutMs: number,
): Promise<{ activity: string; identity: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { raw } = await handle.describe();
    const pending = (raw.pendingActivities ?? []).find(
      (a) =>
        activities.includes(a.activityType?.name ?? '') &&
        a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED &&
        (a.lastWorkerIdentity ?? '') !== '',
    );
    if (pending !== undefined)
      return { activity: pending.activityType?.name ?? '', identity: pending.lastWorkerIdentity ?? '' };
    await sleep(25);
  }
  throw new Error(`none of ${activities.join(', ')} started within ${timeoutMs} ms`);
}

/** How many lines `epoch <n>/<EPOCHS>: ...` `text` holds (a pack of 3 prints one per point and epoch). */
const epochLines = (text: string, n: number): number => text.split(`epoch ${n}/${EPOCHS}:`).length - 1;

/** The trainer that printed, after `offsets`, that all 3 points of its pack finished epoch `n` (polled every 25 ms). */
async function trainerAfterEpoch(
  trainers: readonly SpawnedProcess[],
  offsets: ReadonlyMap<SpawnedProcess, number>,
  n: number,
  timeoutMs: number,
): Promise<SpawnedProcess> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = trainers.find((t) => epochLines(t.stdout().slice(offsets.get(t) ?? 0), n) >= 3);
    if (found !== undefined) return found;
    await sleep(25);
  }
  throw new Error(`no trainer finished epoch ${n}/${EPOCHS} of its pack within ${timeoutMs} ms`);
}

/** What a trial's kill hit. */
interface Kill {
  readonly victim: SpawnedProcess;
  /** The activity it was running when the test saw it. */
  readonly activity: string;
  /** When the kill came, in words (for the log). */
  readonly moment: string;
  /** `mid-epoch`: the epoch of the checkpoint the server held (what the retry must resume from, at least). */
  readonly heartbeatEpoch?: number;
}

/** The trainer running the sweep's pack, once the server holds its heartbeat of a finished epoch (1 to EPOCHS-1). */
async function trainerWithCheckpoint(
  handle: WorkflowHandle,
  timeoutMs: number,
): Promise<{ identity: string; epoch: number }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [running] = await pendingTrains(handle);
    const epoch = running?.heartbeat?.epoch ?? 0;
    if (running !== undefined && epoch >= 1) {
      if (epoch >= EPOCHS) throw new Error(`the pack's first heartbeat the server held was of the last epoch`);
      return { identity: running.identity, epoch };
    }
    await sleep(25);
  }
  throw new Error(`the server held no checkpoint heartbeat within ${timeoutMs} ms`);
}

/**
 * Kills the worker running the sweep in `phase` at a moment drawn from the seed: a control worker a few ms after
 * the server saw it start `prepareSweep` (or `reduceSweep`, `renderReport`); a trainer up to 400 ms after the server
 * held a checkpoint of epoch ≥ 1 (mid-epoch), or up to 50 ms after it printed the pack's last epoch (upload: it is
 * then uploading the last checkpoint, saving the models, predicting and uploading them).
 */
async function killIn(
  phase: Phase,
  handle: WorkflowHandle,
  offsets: ReadonlyMap<SpawnedProcess, number>,
): Promise<Kill> {
  if (phase === 'prepare' || phase === 'reduce/report') {
    const activities = phase === 'prepare' ? ['prepareSweep'] : [pick(['reduceSweep', 'renderReport'])];
    // prepareSweep of this sweep takes a few hundred ms on an idle machine: the kill comes at once.
    const delayMs = Math.floor(rng() * (phase === 'prepare' ? 20 : 100));
    const { activity, identity } = await runningActivity(handle, activities, 180_000);
    await sleep(delayMs);
    const victim = workers.control.find((w) => w.identity === identity);
    if (victim === undefined)
      throw new Error(`${activity} runs on ${identity}, not one of this test's control workers`);
    killGroup(victim, 'SIGKILL');
    return { victim, activity, moment: `${activity} started + ${delayMs} ms` };
  }
  if (phase === 'mid-epoch') {
    const delayMs = Math.floor(rng() * 400);
    const { identity, epoch } = await trainerWithCheckpoint(handle, 180_000);
    await sleep(delayMs);
    const victim = workers.cpu.find((w) => w.identity === identity);
    if (victim === undefined) throw new Error(`the pack runs on ${identity}, not one of this test's trainers`);
    killGroup(victim, 'SIGKILL');
    return {
      victim,
      activity: 'trainPack',
      moment: `heartbeat of epoch ${epoch} + ${delayMs} ms`,
      heartbeatEpoch: epoch,
    };
  }
  const delayMs = Math.floor(rng() * 50);
  const victim = await trainerAfterEpoch(workers.cpu, offsets, EPOCHS, 180_000);
  await sleep(delayMs);
  killGroup(victim, 'SIGKILL');
  return { victim, activity: 'trainPack', moment: `epoch ${EPOCHS}/${EPOCHS} printed + ${delayMs} ms` };
}

/** The activities a kill in `phase` may hit (a control kill right after reduce can land in the next step). */
const HIT: Record<Phase, readonly string[]> = {
  prepare: ['prepareSweep'],
  'mid-epoch': ['trainPack'],
  upload: ['trainPack'],
  'reduce/report': ['reduceSweep', 'renderReport', 'finishSweep'],
};

/** Runs the sweep `name` to its end (after `disturb`, if any) and reads back what it left. */
async function runSweep(
  name: string,
  disturb?: (handle: WorkflowHandle) => Promise<void>,
): Promise<{ outcome: SweepOutcome; handle: WorkflowHandle; runs: Run[] }> {
  const handle = await client.workflow.start('compatibilitySweep', {
    taskQueue: CONTROL_TASK_QUEUE,
    workflowId: `${name}-wf`,
    args: [sweepSpec(name)],
  });
  await disturb?.(handle);
  const result: SweepResult = await handle.result();
  const runs = await experimentRuns(tracking, name);
  const metrics: SweepOutcome['metrics'] = {};
  const histories: SweepOutcome['histories'] = {};
  const params: SweepOutcome['params'] = {};
  for (const run of runs) {
    const point =
      run.data.tags[PARENT_RUN_ID_TAG] === undefined ? 'parent' : (run.data.params['point'] ?? run.info.runId);
    params[point] = run.data.params;
    if (point === 'parent') continue;
    metrics[point] = Object.fromEntries(Object.entries(run.data.metrics).map(([k, v]) => [k, untimed(k, v)]));
    histories[point] = {};
    for (const key of Object.keys(run.data.metrics).sort()) {
      const history = await tracking.getMetricHistory(run.info.runId, key);
      histories[point][key] = history
        .map((m): [number, number | null] => [m.step, untimed(key, m.value)])
        .sort((a, b) => a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0));
    }
  }
  const summaryDir = await reader.fetch(result.summaryUri, 'summaryUri');
  const parsed = JSON.parse(readFileSync(join(summaryDir, 'sweep-summary.json'), 'utf8')) as SweepSummary;
  const summary = Object.fromEntries(
    parsed.points.map(({ mlflowRunId: _run, modelUri: _model, durationMs: _ms, ...rest }) => [rest.id, rest]),
  );
  return { outcome: { result, metrics, histories, params, summary }, handle, runs };
}

/** A metric's value as the comparison sees it: `null` for `epoch_seconds` (wall-clock time, never the same twice). */
const untimed = (key: string, value: number): number | null => (key === 'epoch_seconds' ? null : value);

/** The points (of `baseline`'s) whose metrics, loss history, params or summary entry differ in `outcome`. */
function mismatchedPoints(outcome: SweepOutcome): string[] {
  const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);
  return [...Object.keys(baseline.metrics), 'parent'].filter(
    (id) =>
      !same(outcome.params[id], baseline.params[id]) ||
      (id !== 'parent' &&
        (!same(outcome.metrics[id], baseline.metrics[id]) ||
          !same(outcome.histories[id], baseline.histories[id]) ||
          !same(outcome.summary[id], baseline.summary[id]))),
  );
}

describe('worker faults: SIGKILL of trainer and control worker processes', () => {
  it('an undisturbed sweep (the baseline)', async () => {
    const name = `worker-faults-baseline-${Date.now()}`;
    const started = Date.now();
    ({ outcome: baseline } = await runSweep(name));
    console.log(`worker faults: baseline sweep took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const ids = sweepPoints(parseSweepSpec(sweepSpec(name))).map((p) => p.id);
    expect(baseline.result.counts).toEqual({ total: ids.length, completed: ids.length, failed: 0, cancelled: 0 });
    expect(Object.keys(baseline.metrics).sort()).toEqual([...ids].sort());
    expect(Object.keys(baseline.summary).sort()).toEqual([...ids].sort());
    for (const id of ids)
      expect(baseline.histories[id]?.['loss']?.map(([step]) => step)).toEqual(
        Array.from({ length: EPOCHS }, (_, i) => i + 1),
      );
    expect(baseline.params['parent']?.['sweep.points']).toBe(String(ids.length));
  }, 300_000);

  it.each(plan.map((phase, i) => [i + 1, phase] as const))(
    'trial %i: a worker killed during %s; the sweep completes as the baseline did',
    async (trial, phase) => {
      const kind = TRAINER_PHASES.includes(phase) ? 'cpu' : 'control';
      /** One shot: a sweep, the kill, the replacement worker; what the history shows was retried. */
      const shoot = async (shot: number) => {
        const name = `worker-faults-${trial}-${shot}-${phase.replace('/', '-')}-${Date.now()}`;
        const offsets = new Map(workers.cpu.map((t) => [t, t.stdout().length]));
        let killed: Kill | undefined;
        let replacement: Promise<SpawnedProcess> | undefined;
        const swept = await runSweep(name, async (h) => {
          killed = await killIn(phase, h, offsets);
          // A new worker of the killed kind for the next trials; the other one takes the retry meanwhile.
          replacement = startBcmlWorker(kind, kind === 'control' ? 4 : 1, env, processes);
          // Awaited once the sweep ended; a start failure is reported there, not as an unhandled rejection meanwhile.
          replacement.catch(() => undefined);
        });
        const kill = killed as Kill;
        expect((await kill.victim.exited).signal).toBe('SIGKILL');
        const pool = workers[kind];
        pool.splice(pool.indexOf(kill.victim), 1);
        pool.push(await (replacement as Promise<SpawnedProcess>));
        // The kill hit the phase: an activity of it was retried on another worker after a heartbeat timeout.
        const events = (await swept.handle.fetchHistory()).events ?? [];
        const retried = events.flatMap((e) => {
          const started = e.activityTaskStartedEventAttributes;
          const scheduled = events.find((s) => s.eventId?.toString() === started?.scheduledEventId?.toString());
          const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '';
          return started != null && (started.attempt ?? 1) >= 2 && HIT[phase].includes(type) ? [{ type, started }] : [];
        });
        const resumed = /resuming .* after epoch (\d+)/.exec(
          workers.cpu.map((t) => t.stdout().slice(offsets.get(t) ?? 0)).join('\n'),
        );
        return { ...swept, kill, retried, resumed };
      };
      const started = Date.now();
      // A kill that came after the activity it aimed at had completed (a fast prepare on an idle machine) interrupted
      // nothing: the sweep then completes with nothing retried. Such a miss is shot again, up to 3 times in all.
      let shot = await shoot(1);
      for (let n = 2; n <= 3 && shot.retried.length === 0; n += 1) {
        expect(shot.outcome.result.counts.completed).toBe(baseline.result.counts.total);
        console.log(
          `worker faults: trial ${trial}: the kill (${shot.kill.moment}) came after ${shot.kill.activity} ended; shot ${n}`,
        );
        tally.missedShots += 1;
        shot = await shoot(n);
      }
      const { outcome, runs, retried, resumed } = shot;
      const { victim, activity, moment, heartbeatEpoch } = shot.kill;
      console.log(
        `worker faults: trial ${trial}: killed ${kind} worker ${victim.identity} in ${activity} (${moment}); ` +
          `retried ${retried.map((r) => `${r.type} (attempt ${r.started.attempt ?? 0} after ${r.started.lastFailure?.message ?? '?'})`).join(', ') || 'nothing'}; ` +
          `${resumed === null ? 'no resume' : `resumed after epoch ${resumed[1]}`}; ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(
        retried.map((r) => r.type),
        `no ${HIT[phase].join('/')} was retried`,
      ).toHaveLength(1);
      const [{ started: retry } = { started: undefined }] = retried;
      expect(retry?.identity).not.toBe(victim.identity);
      expect(retry?.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(
        temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
      );
      if (heartbeatEpoch !== undefined) {
        // Mid-epoch: the retry resumed from the checkpoint the server held (or a later one), not from scratch.
        expect(resumed, 'the retry did not resume from a checkpoint').not.toBeNull();
        expect(Number(resumed?.[1])).toBeGreaterThanOrEqual(heartbeatEpoch);
        expect(Number(resumed?.[1])).toBeLessThan(EPOCHS);
      }

      // Nothing lost, nothing twice, nothing left running, the same numbers bit for bit.
      const { result } = outcome;
      const total = baseline.result.counts.total;
      const parents = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === undefined);
      const children = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === result.parentRunId);
      const points = new Set(children.map((r) => r.data.params['point']));
      const figures = {
        lostPoints: total - result.counts.completed,
        duplicateChildren: children.length - points.size,
        leftRunning: runs.filter((r) => r.info.status === 'RUNNING').length,
        mismatches: mismatchedPoints(outcome).length,
      };
      expect(result.status).toBe('completed');
      expect(result.counts, JSON.stringify(result.failedPoints)).toEqual({
        total,
        completed: total,
        failed: 0,
        cancelled: 0,
      });
      expect(parents.map((r) => r.info.runId)).toEqual([result.parentRunId]);
      expect([...points].sort()).toEqual(Object.keys(baseline.metrics).sort());
      expect(runs).toHaveLength(1 + total);
      expect(runs.filter((r) => r.info.status !== 'FINISHED').map((r) => [r.info.runName, r.info.status])).toEqual([]);
      expect(outcome.params).toStrictEqual(baseline.params);
      expect(outcome.metrics).toStrictEqual(baseline.metrics);
      expect(outcome.histories).toStrictEqual(baseline.histories);
      expect(outcome.summary).toStrictEqual(baseline.summary);
      expect(figures).toEqual({ lostPoints: 0, duplicateChildren: 0, leftRunning: 0, mismatches: 0 });

      tally.trials += 1;
      if (result.status === 'completed') tally.completed += 1;
      tally.lostPoints += figures.lostPoints;
      tally.duplicateChildren += figures.duplicateChildren;
      tally.leftRunning += figures.leftRunning;
      tally.mismatches += figures.mismatches;
      byPhase.set(phase, (byPhase.get(phase) ?? 0) + 1);
    },
    420_000,
  );

  it('records the figures', () => {
    expect(tally.trials).toBe(TRIALS);
    expect(tally.completed).toBe(TRIALS);
    expect(plan.some((p) => TRAINER_PHASES.includes(p)) && plan.some((p) => CONTROL_PHASES.includes(p))).toBe(true);
    recordFigure({ suite: SUITE, figure: 'SIGKILL trials run', value: tally.trials, target: String(TRIALS) });
    recordFigure({ suite: SUITE, figure: 'sweeps completed', value: `${tally.completed}/${TRIALS}`, target: 'all' });
    recordFigure({ suite: SUITE, figure: 'lost points', value: tally.lostPoints, target: '0' });
    recordFigure({ suite: SUITE, figure: 'duplicate MLflow child runs', value: tally.duplicateChildren, target: '0' });
    recordFigure({ suite: SUITE, figure: 'runs left RUNNING', value: tally.leftRunning, target: '0' });
    recordFigure({ suite: SUITE, figure: 'metric mismatches vs undisturbed', value: tally.mismatches, target: '0' });
    recordFigure({
      suite: SUITE,
      figure: 'kills that came after their activity ended (shot again)',
      value: tally.missedShots,
    });
    for (const phase of PHASES) {
      recordFigure({ suite: SUITE, figure: `trials killing during ${phase}`, value: byPhase.get(phase) ?? 0 });
    }
  });
});
