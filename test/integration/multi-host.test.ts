import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerModel } from '@bcml/cli';
import { CONTROL_TASK_QUEUE, parseSweepSpec, sweepPoints, type SweepResult } from '@bcml/core';
import { startEphemeralStack, type Stack } from '@bcml/infra';
import { PARENT_RUN_ID_TAG, createMlflowClient, trackingConfigFromEnv, type MlflowClient } from '@bcml/tracking';
import { Client, Connection } from '@temporalio/client';

import { killGroup, saveGermanCreditH1, stackEnv, stopAll, type SpawnedProcess } from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';
import { pendingTrains, type PendingTrain } from '../support/pending-trains.js';
import { spawnOnPrivateHost, startWorkerOnPrivateHost } from '../support/private-host.js';

// The deployment the design card describes, on one machine: the stack on the test's "host", the control worker on a
// second and two trainers on a third and fourth, each in its own mount namespace with a private BCML_DATA_DIR and no
// view of the others' files. Artifacts travel only through MLflow's artifact store. A trainer killed mid-point is
// replaced by the other, which resumes from the checkpoint the dead one uploaded.

const EPOCHS = 10;
const stamp = Date.now().toString(36);
const tmp = mkdtempSync(join(tmpdir(), 'bcml-multi-host-'));
/** The hosts' folders, and what none of them sees: the test's own files (the stack's state, h1's folder). */
const hosts = { base: join(tmpdir(), `bcml-hosts-${stamp}`), hide: [tmp] };
const processes: SpawnedProcess[] = [];
let trainers: SpawnedProcess[] = [];
let stack: Stack | undefined;
let tracking: MlflowClient;
let connection: Connection | undefined;
let client: Client;
let env: Record<string, string | undefined>;
let h1Uri: string;

beforeAll(async () => {
  const started = await startEphemeralStack(join(tmp, 'stack'));
  stack = started.stack;
  const { config } = started;
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: config.mlflow.trackingUri }));
  // Every epoch's checkpoint goes up (the default waits 10 s between uploads), so the kill below finds one.
  env = { ...stackEnv(started.env, config), BCML_CHECKPOINT_INTERVAL: '0' };
  // h1 reaches the workers through the registry, as a team's deployed model would.
  const h1Dir = join(tmp, 'h1');
  await saveGermanCreditH1(h1Dir);
  h1Uri = (await registerModel(tracking, h1Dir, { name: `multi-host-h1-${stamp}`, aliases: ['champion'] })).uri;
  const [, first, second] = await Promise.all([
    startWorkerOnPrivateHost(hosts, `host-control-${stamp}`, 'control', 4, env, processes),
    startWorkerOnPrivateHost(hosts, `host-trainer-a-${stamp}`, 'cpu', 1, env, processes),
    startWorkerOnPrivateHost(hosts, `host-trainer-b-${stamp}`, 'cpu', 1, env, processes),
  ]);
  trainers = [first, second];
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
});

afterAll(async () => {
  await stopAll(processes);
  await connection?.close();
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
  rmSync(hosts.base, { recursive: true, force: true });
});

describe('workers on four private hosts sharing nothing but Temporal and MLflow', () => {
  it('each host sees only its own files', async () => {
    const script = `ls -A "${hosts.base}"; ls -A "${tmp}" | wc -l; echo "data=$BCML_DATA_DIR"`;
    const probe = spawnOnPrivateHost(hosts, 'host-probe', 'sh', ['-c', script], env);
    await probe.exited;
    // It sees its own data folder only: no other host's, and none of the test's files (the stack's state, h1).
    expect(probe.stdout().trim().split('\n')).toEqual(['host-probe', '0', `data=${join(hosts.base, 'host-probe')}`]);
    // And the hosts' files never reach the real file system.
    expect(existsSync(join(hosts.base, `host-control-${stamp}`))).toBe(false);
  });

  it('complete a sweep; a SIGKILLed trainer’s point resumes on the other from its uploaded checkpoint', async () => {
    expect(trainers).toHaveLength(2);
    const name = `multi-host-${stamp}`;
    const json = {
      name,
      dataset: { uri: 'bcml:datasets/german-credit' },
      h1: { uri: h1Uri },
      h2: {
        model: { kind: 'mlp', hidden: [64] },
        optimizer: { kind: 'adam', learningRate: 0.01 },
        epochs: EPOCHS,
        batchSize: 2,
      },
      sweep: { lambdas: [0.5, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
      execution: {
        pool: 'cpu',
        parallelism: 2,
        maxAttempts: 3,
        retryIntervalSeconds: 1,
        heartbeatTimeoutSeconds: 5,
        pointTimeoutSeconds: 600,
      },
      seed: 3,
      tracking: { experiment: name },
    };
    const points = sweepPoints(parseSweepSpec(json));
    const handle = await client.workflow.start('compatibilitySweep', {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId: `${name}-wf`,
      args: [json],
    });

    // Wait until a point has heartbeated a finished epoch's checkpoint, then kill the trainer holding it.
    let victimIdentity = '';
    let beat: PendingTrain['heartbeat'];
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline && victimIdentity === '') {
      const running = (await pendingTrains(handle)).find((p) => (p.heartbeat?.epoch ?? 0) >= 1 && p.attempt === 1);
      if (running !== undefined) {
        victimIdentity = running.identity;
        beat = running.heartbeat;
      } else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(beat?.checkpointUri).toMatch(/^mlflow-artifacts:\/.+\/checkpoints\/epoch-\d+-[0-9a-f]+#folder-sha256=/);
    expect(beat?.epoch).toBeLessThan(EPOCHS);
    const victim = trainers.find((t) => t.identity === victimIdentity);
    expect(victim, `${victimIdentity} is not one of ${trainers.map((t) => t.identity).join(', ')}`).toBeDefined();
    const survivor = trainers.find((t) => t !== victim) as SpawnedProcess;
    killGroup(victim as SpawnedProcess, 'SIGKILL');
    expect((await victim?.exited)?.signal).toBe('SIGKILL');

    const result: SweepResult = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.counts).toEqual({ total: 2, completed: 2, failed: 0, cancelled: 0 });

    // The survivor resumed the victim's point after the epoch it had uploaded (not from epoch 0).
    const match = /resuming (\S+) after epoch (\d+)/.exec(survivor.stdout());
    expect(match, survivor.stdout()).not.toBeNull();
    expect(points.map((p) => p.id)).toContain(match?.[1]);
    expect(Number(match?.[2])).toBeGreaterThanOrEqual(beat?.epoch ?? 1);
    expect(victim?.stdout()).not.toContain('resuming');

    // MLflow: one parent and exactly one FINISHED child run per point, each with a loss for every epoch.
    const runs = await experimentRuns(tracking, name);
    const children = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === result.parentRunId);
    expect(runs).toHaveLength(1 + points.length);
    expect(children.map((r) => r.info.status)).toEqual(points.map(() => 'FINISHED'));
    expect(new Set(children.map((r) => r.data.params['point']))).toEqual(new Set(points.map((p) => p.id)));
    for (const child of children) {
      const steps = new Set((await tracking.getMetricHistory(child.info.runId, 'loss')).map((m) => m.step));
      expect([...steps].sort((a, b) => a - b)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    }

    // Nothing local crossed an activity boundary: no file: URI and no host path in any payload of the history.
    const history = JSON.stringify(await handle.fetchHistory());
    const payloads = [...history.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) =>
      Buffer.from(m[1] ?? '', 'base64').toString('utf8'),
    );
    expect(payloads.filter((p) => p.includes('file:') || p.includes(hosts.base) || p.includes(tmp))).toEqual([]);
    expect(result.reportUri).toMatch(/^mlflow-artifacts:\/.+\/report#folder-sha256=/);
  });
});
