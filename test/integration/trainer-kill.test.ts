import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CONTROL_TASK_QUEUE, parseSweepSpec, sweepPoints, type SweepResult } from '@bcml/core';
import { startEphemeralStack, type Stack } from '@bcml/infra';
import {
  PARENT_RUN_ID_TAG,
  createMlflowClient,
  trackingConfigFromEnv,
  type MlflowClient,
  type Run,
} from '@bcml/tracking';
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
import { pendingTrains, type PendingTrain } from '../support/pending-trains.js';

// A trainer worker process killed with SIGKILL mid-training (no graceful shutdown, no endRun): Temporal notices the
// missing heartbeats, retries the point on the other trainer, which resumes from the checkpoint the dead one
// heartbeated, in the same MLflow run.

const EPOCHS = 12;
const tmp = mkdtempSync(join(tmpdir(), 'bcml-trainer-kill-'));
const processes: SpawnedProcess[] = [];
let env: NodeJS.ProcessEnv;
let stack: Stack | undefined;
let tracking: MlflowClient;
let connection: Connection | undefined;
let client: Client;
let h1Dir: string;

beforeAll(async () => {
  const started = await startEphemeralStack(join(tmp, 'stack'));
  stack = started.stack;
  const { config } = started;
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: config.mlflow.trackingUri }));
  // Every epoch's checkpoint goes up (the default waits 10 s between uploads), so the kill below finds one.
  env = { ...stackEnv(started.env, config), BCML_CHECKPOINT_INTERVAL: '0' };
  h1Dir = join(tmp, 'h1');
  await Promise.all([startBcmlWorker('control', 4, env, processes), saveGermanCreditH1(h1Dir)]);
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
});

afterAll(async () => {
  await stopAll(processes);
  await connection?.close();
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
});

/** Every run of an experiment. */
const runsOf = (experiment: string): Promise<Run[]> => experimentRuns(tracking, experiment);

/** The running trainer activity (the sweep has one). */
async function pendingTrain(handle: WorkflowHandle): Promise<PendingTrain | undefined> {
  return (await pendingTrains(handle))[0];
}

describe('a trainer worker killed with SIGKILL mid-epoch', () => {
  it.each([
    ['one point (trainPoint)', [0.5], 'trainPoint'],
    ['a pack of two points (trainPack)', [0.5, 1], 'trainPack'],
  ] as const)(
    'training %s is retried on the other trainer, which resumes from the heartbeated checkpoint in the same MLflow run',
    async (_, lambdas, activity) => {
      // Two fresh trainers: one is killed, the other resumes.
      const trainers = await Promise.all([
        startBcmlWorker('cpu', 1, env, processes),
        startBcmlWorker('cpu', 1, env, processes),
      ]);
      const name = `trainer-kill-${activity}-${Date.now()}`;
      // ~1 s per epoch on German credit (batches of 2): long enough to kill it between epochs 1 and 12. Two points
      // with parallelism 1 go into one pack.
      const json = {
        name,
        dataset: { uri: 'bcml:datasets/german-credit' },
        h1: { uri: h1Dir },
        h2: {
          model: { kind: 'mlp', hidden: [64] },
          optimizer: { kind: 'adam', learningRate: 0.01 },
          epochs: EPOCHS,
          batchSize: 2,
        },
        sweep: { lambdas: [...lambdas], dissonances: ['new-error'], losses: ['cross-entropy'] },
        execution: {
          pool: 'cpu',
          parallelism: 1,
          maxAttempts: 3,
          retryIntervalSeconds: 1,
          heartbeatTimeoutSeconds: 5,
          pointTimeoutSeconds: 600,
        },
        seed: 3,
        tracking: { experiment: name },
      };
      const points = sweepPoints(parseSweepSpec(json));
      const ids = points.map((p) => p.id);
      const handle = await client.workflow.start('compatibilitySweep', {
        taskQueue: CONTROL_TASK_QUEUE,
        workflowId: `${name}-wf`,
        args: [json],
      });

      // Wait until the server holds a heartbeat of at least one finished epoch: what a retry resumes from.
      let running: PendingTrain | undefined;
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        running = await pendingTrain(handle);
        if ((running?.heartbeat?.epoch ?? 0) >= 1) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const beat = running?.heartbeat;
      expect(beat?.epoch, JSON.stringify(running)).toBeGreaterThanOrEqual(1);
      expect(beat?.epoch).toBeLessThan(EPOCHS);
      expect(running?.attempt).toBe(1);
      expect(running?.activity).toBe(activity);
      if (activity === 'trainPack') expect(beat?.checkpointUris).toHaveLength(2);
      const victim = trainers.find((t) => t.identity === running?.identity);
      expect(
        victim,
        `${running?.identity ?? ''} is not one of ${trainers.map((t) => t.identity).join(', ')}`,
      ).toBeDefined();
      const survivor = trainers.find((t) => t !== victim) as SpawnedProcess;

      killGroup(victim as SpawnedProcess, 'SIGKILL');
      expect((await victim?.exited)?.signal).toBe('SIGKILL');

      const result: SweepResult = await handle.result();
      expect(result.status).toBe('completed');
      expect(result.counts).toEqual({ total: points.length, completed: points.length, failed: 0, cancelled: 0 });

      // The survivor resumed from the checkpoint the server held (at least the epoch we saw); the victim never did.
      const resumed = new RegExp(
        `resuming ${ids.join(', ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} after epoch (\\d+)`,
      );
      const match = resumed.exec(survivor.stdout());
      expect(match, survivor.stdout()).not.toBeNull();
      const resumedAfter = Number(match?.[1]);
      expect(resumedAfter).toBeGreaterThanOrEqual(beat?.epoch ?? 1);
      expect(resumedAfter).toBeLessThan(EPOCHS);
      expect(victim?.stdout()).not.toContain('resuming');

      // Temporal: the point's last attempt was the 2nd, on the survivor, after a heartbeat timeout.
      const history = await handle.fetchHistory();
      const scheduled = (history.events ?? []).filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity,
      );
      expect(scheduled).toHaveLength(1);
      const startedEvent = (history.events ?? []).find(
        (e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduled[0]?.eventId?.toString(),
      )?.activityTaskStartedEventAttributes;
      expect(startedEvent?.attempt).toBe(2);
      expect(startedEvent?.identity).toBe(survivor.identity);
      expect(startedEvent?.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(
        temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
      );

      // MLflow: one parent and exactly one child run per point (the retry reused the killed attempt's runs),
      // FINISHED, each with a loss for every epoch, logged once.
      const runs = await runsOf(name);
      const parents = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === undefined);
      expect(parents.map((r) => [r.info.runId, r.info.status])).toEqual([[result.parentRunId, 'FINISHED']]);
      const children = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === result.parentRunId);
      expect(children.map((r) => [r.data.params['point'], r.info.status]).sort()).toEqual(
        ids.map((id) => [id, 'FINISHED']).sort(),
      );
      expect(runs).toHaveLength(1 + points.length);
      for (const child of children) {
        const steps = (await tracking.getMetricHistory(child.info.runId, 'loss')).map((m) => m.step);
        expect(steps.sort((a, b) => a - b)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
      }
      await stopAll([survivor]);
    },
  );
});
