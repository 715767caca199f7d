import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CONTROL_TASK_QUEUE, SWEEP_PROGRESS_QUERY, type SweepProgress, type SweepResult } from '@bcml/core';
import { startEphemeralStack, toolPaths, type Stack } from '@bcml/infra';
import {
  PARENT_RUN_ID_TAG,
  createMlflowClient,
  trackingConfigFromEnv,
  type MlflowClient,
  type Run,
} from '@bcml/tracking';

import { germanCreditSweepSpec } from '../support/german-credit-sweep.js';
import {
  runBcml,
  saveGermanCreditH1,
  stackEnv,
  spawnBcml,
  startBcmlWorker,
  stopAll,
  type SpawnedProcess,
} from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';

// README "With the Temporal CLI": a sweep started, watched and collected with the real `temporal` binary alone,
// against `bcml worker --pool control` and `--pool cpu` processes, as users run them.

const tmp = mkdtempSync(join(tmpdir(), 'bcml-temporal-cli-'));
const workers: SpawnedProcess[] = [];
let stack: Stack | undefined;
let temporalBin: string;
let connectionFlags: string[];
let tracking: MlflowClient;
let h1Dir: string;
let childEnv: Record<string, string | undefined>;

interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `temporal <args> --address … --namespace …` to its end. */
function temporal(args: readonly string[]): Promise<Ran> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(temporalBin, [...args, ...connectionFlags], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, out, err }));
  });
}

/** `temporal workflow start` exactly as the README writes it (plus the connection flags). */
function startSweep(workflowId: string, specFile: string): Promise<Ran> {
  return temporal([
    'workflow',
    'start',
    '--type',
    'compatibilitySweep',
    '--task-queue',
    CONTROL_TASK_QUEUE,
    '--input-file',
    specFile,
    '--workflow-id',
    workflowId,
  ]);
}

function writeSpec(name: string, patch: (spec: Record<string, unknown>) => Record<string, unknown>): string {
  const spec = germanCreditSweepSpec(name, h1Dir, 2);
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(patch(spec)));
  return file;
}

/** Every run of an experiment. */
const runsOf = (experiment: string): Promise<Run[]> => experimentRuns(tracking, experiment);

beforeAll(async () => {
  const started = await startEphemeralStack(join(tmp, 'stack'));
  stack = started.stack;
  const { config } = started;
  temporalBin = toolPaths(config).temporal;
  connectionFlags = ['--address', config.temporal.address, '--namespace', config.temporal.namespace];
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: config.mlflow.trackingUri }));
  const env = stackEnv(started.env, config);
  childEnv = env;
  h1Dir = join(tmp, 'h1');
  await Promise.all([
    startBcmlWorker('control', 4, env, workers),
    startBcmlWorker('cpu', 2, env, workers),
    saveGermanCreditH1(h1Dir),
  ]);
});

afterAll(async () => {
  await stopAll(workers);
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the README recipe: a sweep through the Temporal CLI (real temporal binary, bcml worker processes)', () => {
  it('starts compatibilitySweep from a JSON file, answers the progress query, and returns the SweepResult', async () => {
    const name = `temporal-cli-${Date.now()}`;
    const workflowId = `${name}-wf`;
    const started = await startSweep(
      workflowId,
      writeSpec(name, (spec) => spec),
    );
    expect(started.code, `${started.out}\n${started.err}`).toBe(0);
    expect(started.out).toContain(workflowId);

    // The query answers once the control worker ran the first workflow task.
    let progress: SweepProgress | undefined;
    let last: Ran | undefined;
    const deadline = Date.now() + 60_000;
    while (progress === undefined && Date.now() < deadline) {
      last = await temporal([
        'workflow',
        'query',
        '--workflow-id',
        workflowId,
        '--name',
        SWEEP_PROGRESS_QUERY,
        '--output',
        'json',
      ]);
      if (last.code === 0) {
        progress = (JSON.parse(last.out) as { queryResult: SweepProgress[] }).queryResult[0];
      } else {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    expect(progress, `${last?.out ?? ''}\n${last?.err ?? ''}`).toBeDefined();
    expect(progress?.total).toBe(2);
    expect(['preparing', 'training', 'reducing', 'reporting', 'finished']).toContain(progress?.phase);
    const { completed, failed, cancelled, running, pending } = progress as SweepProgress;
    expect(completed + failed + cancelled + running + pending).toBe(2);
    expect(failed).toBe(0);
    expect(progress).toHaveProperty('runningPoints');

    // `workflow result` waits for the end; `--output json` (a global option, see `temporal options`) gives the
    // SweepResult under `result`.
    const collected = await temporal(['workflow', 'result', '--workflow-id', workflowId, '--output', 'json']);
    expect(collected.code, `${collected.out}\n${collected.err}`).toBe(0);
    const answer = JSON.parse(collected.out) as { status: string; workflowId: string; result: SweepResult };
    expect(answer.status).toBe('COMPLETED');
    expect(answer.workflowId).toBe(workflowId);
    const result = answer.result;
    expect(result.name).toBe(name);
    expect(result.workflowId).toBe(workflowId);
    expect(result.status).toBe('completed');
    expect(result.counts).toEqual({ total: 2, completed: 2, failed: 0, cancelled: 0 });
    // Location independent: the results and the report are artifact references in the parent run's artifacts.
    expect(result.reportUri).toMatch(/^mlflow-artifacts:\/.+\/report#folder-sha256=[0-9a-f]{64}$/);
    expect(result.summaryUri).toMatch(/^mlflow-artifacts:\/.+\/results#folder-sha256=[0-9a-f]{64}$/);
    // `bcml sweep result` fetches them onto this machine and prints where.
    const printed = await runBcml(['sweep', 'result', workflowId], childEnv);
    expect(printed.code, `${printed.out}\n${printed.err}`).toBe(0);
    const reportPath = /^report:\s+(.+)$/m.exec(printed.out)?.[1] ?? '';
    const summaryPath = /^summary:\s+(.+)$/m.exec(printed.out)?.[1] ?? '';
    expect(reportPath).toMatch(/results\/.+\/report\/index\.html$/);
    expect(existsSync(reportPath)).toBe(true);
    expect(existsSync(summaryPath)).toBe(true);

    // The same command without --output, as the README shows it, prints the result as text.
    const text = await temporal(['workflow', 'result', '--workflow-id', workflowId]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Status\s+COMPLETED/);
    expect(text.out).toContain(result.reportUri);

    // MLflow: the parent run the result names, FINISHED, with one FINISHED child run per point.
    const runs = await runsOf(name);
    const parents = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === undefined);
    expect(parents.map((r) => [r.info.runId, r.info.status])).toEqual([[result.parentRunId, 'FINISHED']]);
    const children = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === result.parentRunId);
    expect(children.map((r) => r.info.status)).toEqual(['FINISHED', 'FINISHED']);
    expect(runs).toHaveLength(3);
  });

  it('fails a spec with a bad field at once, non-retryable, naming the field, before any activity or MLflow run', async () => {
    const name = `temporal-cli-bad-${Date.now()}`;
    const workflowId = `${name}-wf`;
    const specFile = writeSpec(name, (spec) => ({
      ...spec,
      sweep: { lambdas: [0, -1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    }));
    // `workflow start` only starts it: the spec is checked by the workflow.
    const started = await startSweep(workflowId, specFile);
    expect(started.code, `${started.out}\n${started.err}`).toBe(0);

    const collected = await temporal(['workflow', 'result', '--workflow-id', workflowId, '--output', 'json']);
    expect(collected.code).toBe(1);
    expect(collected.err).toContain('workflow failed');
    const answer = JSON.parse(collected.out) as {
      status: string;
      closeEvent: {
        workflowExecutionFailedEventAttributes: {
          failure: { message: string; applicationFailureInfo?: { type?: string; nonRetryable?: boolean } };
        };
      };
    };
    expect(answer.status).toBe('FAILED');
    const failure = answer.closeEvent.workflowExecutionFailedEventAttributes.failure;
    expect(failure.message).toMatch(/^invalid sweep\.lambdas\[1\]: expected a number from 0 to \d+, received -1$/);
    expect(failure.applicationFailureInfo).toEqual({ type: 'InvalidInputError', nonRetryable: true });

    const described = await temporal(['workflow', 'describe', '--workflow-id', workflowId, '--output', 'json']);
    expect(described.code).toBe(0);
    const info = (JSON.parse(described.out) as { workflowExecutionInfo: { status: string } }).workflowExecutionInfo;
    expect(info.status).toBe('WORKFLOW_EXECUTION_STATUS_FAILED');

    // No activity was scheduled and nothing reached MLflow.
    const history = await temporal(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json']);
    expect(history.code).toBe(0);
    const events = (JSON.parse(history.out) as { events: { eventType: string }[] }).events;
    expect(events.map((e) => e.eventType)).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
    expect(events.filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toEqual([]);
    expect(await tracking.getExperimentByName(name)).toBeUndefined();
    expect(await runsOf(name)).toEqual([]);
  });

  it('runs the nightly regression recipe: schedule create (cron, overlap skip), trigger, describe, delete', async () => {
    // A champion and a challenger in the registry, as `bcml model register` puts them there.
    const registered = `temporal-cli-model-${Date.now()}`;
    for (const alias of ['champion', 'challenger']) {
      const proc = spawnBcml(['model', 'register', h1Dir, '--name', registered, '--alias', alias], childEnv);
      const { code } = await proc.exited;
      expect(code, `${proc.stdout()}\n${proc.stderr()}`).toBe(0);
    }
    const name = `nightly-${Date.now()}`;
    const specFile = join(tmp, `${name}.json`);
    writeFileSync(
      specFile,
      JSON.stringify({ name, dataset: { uri: 'bcml:datasets/german-credit' }, registeredModel: registered }),
    );
    const scheduleId = `${name}-schedule`;
    const created = await temporal([
      'schedule',
      'create',
      '--schedule-id',
      scheduleId,
      '--cron',
      '0 3 * * *',
      '--overlap-policy',
      'Skip',
      '--type',
      'compatibilityRegression',
      '--task-queue',
      CONTROL_TASK_QUEUE,
      '--workflow-id',
      name,
      '--input-file',
      specFile,
    ]);
    expect(created.code, `${created.out}\n${created.err}`).toBe(0);

    const described = await temporal(['schedule', 'describe', '--schedule-id', scheduleId, '--output', 'json']);
    expect(described.code, described.err).toBe(0);
    const schedule = JSON.parse(described.out) as Record<string, unknown>;
    const text = JSON.stringify(schedule);
    expect(text).toContain('SCHEDULE_OVERLAP_POLICY_SKIP');
    expect(text).toContain('compatibilityRegression');
    expect(text).toMatch(/0 3 \* \* \*|"hour":\[\{"start":3/);

    // Trigger once now; the run the schedule starts is `<workflow-id>-<timestamp>`.
    const triggered = await temporal(['schedule', 'trigger', '--schedule-id', scheduleId]);
    expect(triggered.code, `${triggered.out}\n${triggered.err}`).toBe(0);
    let workflowId: string | undefined;
    const deadline = Date.now() + 60_000;
    while (workflowId === undefined && Date.now() < deadline) {
      const again = await temporal(['schedule', 'describe', '--schedule-id', scheduleId, '--output', 'json']);
      const actions =
        (JSON.parse(again.out) as { info?: { recentActions?: { startWorkflowResult?: { workflowId?: string } }[] } })
          .info?.recentActions ?? [];
      workflowId = actions[0]?.startWorkflowResult?.workflowId;
      if (workflowId === undefined) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(workflowId).toMatch(new RegExp(`^${name}-`));

    const collected = await temporal(['workflow', 'result', '--workflow-id', workflowId ?? '', '--output', 'json']);
    expect(collected.code, `${collected.out}\n${collected.err}`).toBe(0);
    const verdict = (JSON.parse(collected.out) as { result: { status: string; runId: string; championUri: string } })
      .result;
    // The same folder as champion and challenger: nothing flips, the default policy passes.
    expect(verdict.status).toBe('pass');
    expect(verdict.championUri).toBe(`models:/${registered}/1`);
    const run = await tracking.getRun(verdict.runId);
    expect(run.data.tags['bcml.verdict']).toBe('pass');
    expect(run.data.tags['bcml.kind']).toBe('regression');
    expect(run.info.status).toBe('FINISHED');

    const deleted = await temporal(['schedule', 'delete', '--schedule-id', scheduleId]);
    expect(deleted.code, deleted.err).toBe(0);
    const gone = await temporal(['schedule', 'describe', '--schedule-id', scheduleId]);
    expect(gone.code).not.toBe(0);
  });
});
