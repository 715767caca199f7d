import { describe, expect, it } from 'vitest';

import { trackingConfigFromEnv } from '@bcml/tracking';
import type { BackendName, SelectBackendOptions, SelectedBackend } from '@bcml/training';
import {
  s3OptionsFromEnv,
  startWorker,
  type RunWorkerOptions,
  type WorkerReady,
  type WorkerSettings,
} from '@bcml/workers';

const logger = { info: () => undefined, warn: () => undefined };

/** Settings for `pool`, with an MLflow URI the client normalises (no trailing slash). */
function settings(pool: WorkerSettings['pool'], extra: Partial<WorkerSettings> = {}): WorkerSettings {
  return {
    pool,
    concurrency: 3,
    temporal: { address: '127.0.0.1:17233', namespace: 'bcml-test' },
    tracking: trackingConfigFromEnv({ MLFLOW_TRACKING_URI: 'http://127.0.0.1:15000/' }),
    storageDir: '/tmp/bcml-start-worker-test',
    cacheDir: '/tmp/bcml-start-worker-test/cache',
    logger,
    shutdownSignals: [],
    ...extra,
  };
}

/** What a fake `selectBackend` reports for `name`: native TensorFlow on the CPU (no GPU here). */
function onCpu(name: BackendName): SelectedBackend {
  const pkg = name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  return { name, tfjsBackend: 'tensorflow', device: 'cpu', package: pkg, tfjs: '4.22.0', tensorflow: '2.21.0' };
}

/** Runs `startWorker` with fake `selectBackend` and `runWorker`; returns what each received. */
async function start(
  worker: WorkerSettings,
): Promise<{ backends: BackendName[]; options: SelectBackendOptions[]; runs: RunWorkerOptions[] }> {
  const backends: BackendName[] = [];
  const options: SelectBackendOptions[] = [];
  const runs: RunWorkerOptions[] = [];
  await startWorker(worker, {
    selectBackend: (name, selectOptions) => {
      backends.push(name);
      options.push(selectOptions);
      return Promise.resolve(onCpu(name));
    },
    runWorker: (options) => {
      runs.push(options);
      options.onReady?.(options.pool === 'control' ? 'bcml-control' : `bcml-train-${options.pool}`);
      return Promise.resolve();
    },
  });
  return { backends, options, runs };
}

describe('startWorker', () => {
  it('runs the control pool with all control activities, its settings, the MLflow URI to onReady', async () => {
    const ready: WorkerReady[] = [];
    const controller = new AbortController();
    const worker = settings('control', { onReady: (r) => ready.push(r), signal: controller.signal });
    const { backends, runs } = await start(worker);
    expect(backends).toEqual(['tensorflow']);
    expect(runs).toHaveLength(1);
    const [run] = runs as [RunWorkerOptions];
    expect(run.pool).toBe('control');
    expect(run.concurrency).toBe(3);
    expect(run.temporal).toBe(worker.temporal);
    expect(run.signal).toBe(controller.signal);
    expect(run.shutdownSignals).toEqual([]);
    expect(Object.keys(run.activities).sort()).toEqual([
      'evaluateComparison',
      'evaluateRegression',
      'finishSweep',
      'prepareSweep',
      'recordRegressionVerdict',
      'reduceSweep',
      'renderReport',
      'storePointResults',
    ]);
    expect(ready).toEqual([
      { taskQueue: 'bcml-control', trackingUri: 'http://127.0.0.1:15000', backend: onCpu('tensorflow') },
    ]);
  });

  it('runs a trainer pool with trainPoint and trainPack on tensorflow-gpu for gpu, tensorflow for cpu, or as asked', async () => {
    const gpu = await start(settings('gpu'));
    expect(gpu.backends).toEqual(['tensorflow-gpu']);
    expect(gpu.runs.map((r) => [r.pool, Object.keys(r.activities)])).toEqual([['gpu', ['trainPoint', 'trainPack']]]);
    expect(gpu.runs[0]?.signal).toBeUndefined();

    const cpu = await start(settings('cpu'));
    expect(cpu.backends).toEqual(['tensorflow']);
    expect(cpu.runs.map((r) => r.pool)).toEqual(['cpu']);

    const chosen = await start(settings('cpu', { backend: 'cpu-js' }));
    expect(chosen.backends).toEqual(['cpu-js']);
  });

  it('requires a GPU for the gpu pool unless allowCpu, which reports the CPU device to onReady', async () => {
    const strict = await start(settings('gpu'));
    expect(strict.options).toEqual([{ requireGpu: true }]);
    const ready: WorkerReady[] = [];
    const gpu = await start(settings('gpu', { allowCpu: true, onReady: (r) => ready.push(r) }));
    expect(gpu.options).toEqual([{ requireGpu: false }]);
    expect(ready.map((r) => [r.taskQueue, r.backend.name, r.backend.device])).toEqual([
      ['bcml-train-gpu', 'tensorflow-gpu', 'cpu'],
    ]);
  });

  it('fails with the backend before any worker runs, and with the worker when it fails', async () => {
    let ran = false;
    const noBackend = startWorker(settings('gpu'), {
      selectBackend: () => Promise.reject(new Error('no GPU')),
      runWorker: () => Promise.resolve(void (ran = true)),
    });
    await expect(noBackend).rejects.toThrow('no GPU');
    expect(ran).toBe(false);

    const failing = startWorker(settings('cpu'), {
      selectBackend: (name) => Promise.resolve(onCpu(name)),
      runWorker: () => Promise.reject(new Error('connection refused')),
    });
    await expect(failing).rejects.toThrow('connection refused');
  });

  it('takes an s3:// untracked artifact root only with S3 credentials, and no root of a scheme it cannot reach', async () => {
    const s3 = s3OptionsFromEnv({ AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'hush' });
    const started = await start(
      settings('cpu', { ...(s3 === undefined ? {} : { s3 }), untrackedArtifactRoot: 's3://bcml-runs/untracked' }),
    );
    expect(started.runs.map((r) => r.pool)).toEqual(['cpu']);

    await expect(start(settings('control', { untrackedArtifactRoot: 's3://bcml-runs/untracked' }))).rejects.toThrow(
      /^invalid AWS_ACCESS_KEY_ID: expected S3 credentials/,
    );
    await expect(start(settings('control', { untrackedArtifactRoot: 'file:///tmp/runs' }))).rejects.toThrow(
      /^invalid untrackedArtifactRoot: expected a URI of this worker's stores \(mlflow-artifacts:, runs:\)/,
    );
    await expect(
      start(settings('control', { ...(s3 === undefined ? {} : { s3 }), untrackedArtifactRoot: 's3://B/x' })),
    ).rejects.toThrow(/^invalid untrackedArtifactRoot: expected an s3:\/\/ URI whose bucket/);
  });
});
