import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveStackConfig, workerService, workerServices } from '@bcml/infra';

describe('workerService', () => {
  it('runs `bcml worker` for a pool with its pid and log files in the data dir and the stack as its target', () => {
    const config = resolveStackConfig(
      { BCML_DATA_DIR: '/data', BCML_TEMPORAL_PORT: '17233', BCML_MLFLOW_PORT: '15000' },
      '/repo',
    );
    const spec = workerService(config, 'cpu', { concurrency: 2 });
    expect(spec.name).toBe('worker-cpu');
    expect(spec.command).toBe(process.execPath);
    expect(spec.args).toEqual([
      join('/repo', 'libs', 'cli', 'bin', 'bcml.mjs'),
      'worker',
      '--pool',
      'cpu',
      '--concurrency',
      '2',
    ]);
    expect(spec.logFile).toBe('/data/logs/worker-cpu.log');
    expect(spec.pidFile).toBe('/data/run/worker-cpu.pid');
    expect(spec.ports).toEqual([]);
    expect(spec.env).toMatchObject({
      TEMPORAL_ADDRESS: '127.0.0.1:17233',
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:15000',
      BCML_DATA_DIR: '/data',
    });
    expect(workerServices(config).map((s) => s.name)).toEqual(['worker-control', 'worker-cpu', 'worker-gpu']);
  });

  it('names further processes of a pool worker-<pool>-<n>, gives them TensorFlow threads, and finds them again', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bcml-worker-services-'));
    try {
      const config = resolveStackConfig({ BCML_DATA_DIR: dataDir }, '/repo');
      const second = workerService(config, 'cpu', { instance: 2, threads: 1 });
      expect(second.name).toBe('worker-cpu-2');
      expect(second.args.slice(-4)).toEqual(['--concurrency', '1', '--threads', '1']);
      expect(second.logFile).toBe(join(dataDir, 'logs', 'worker-cpu-2.log'));
      expect(second.pidFile).toBe(join(dataDir, 'run', 'worker-cpu-2.pid'));
      mkdirSync(join(dataDir, 'run'), { recursive: true });
      for (const file of ['worker-cpu-3.pid', 'worker-cpu-2.pid', 'worker-cpu-x.pid', 'mlflow.pid']) {
        writeFileSync(join(dataDir, 'run', file), '1\n');
      }
      expect(workerServices(config).map((s) => s.name)).toEqual([
        'worker-control',
        'worker-cpu',
        'worker-cpu-2',
        'worker-cpu-3',
        'worker-gpu',
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
