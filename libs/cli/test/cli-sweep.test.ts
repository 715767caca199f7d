import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseTrainingSpec } from '@bcml/core';
import { repoRoot, startEphemeralStack, stopService, workerServices, type Stack, type StackConfig } from '@bcml/infra';
import { saveModel } from '@bcml/models';
import { selectBackend, trainCompatibility, type LabelledData } from '@bcml/training';

import { bundledDatasetResolver } from '../src/bundled-dataset-resolver.js';

const bin = join(repoRoot, 'libs', 'cli', 'bin', 'bcml.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'bcml-cli-sweep-'));
let config_: StackConfig | undefined;
let env: Record<string, string | undefined>;
let stack: Stack | undefined;
let h1Dir: string;

/** Runs `bcml <args>` as a child process to its end. */
function bcml(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolvePromise({ code, out, err }));
  });
}

beforeAll(async () => {
  // The stack on fresh ports first (retried if a port is taken meanwhile), then the CLI adds the workers.
  const started = await startEphemeralStack(join(tmp, 'stack'));
  const config = started.config;
  env = {
    ...process.env,
    ...started.env,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    MLFLOW_TRACKING_URI: config.mlflow.trackingUri,
  };
  stack = started.stack;
  config_ = config;
  // The demo's path: the stack plus `bcml worker --pool control|cpu` as background services.
  const up = await bcml(['stack', 'up', '--workers']);
  expect(up.code, `${up.out}\n${up.err}`).toBe(0);
  expect(up.out).toMatch(/^worker-control: started/m);
  expect(up.out).toMatch(/^worker-cpu: started/m);

  await selectBackend('tensorflow');
  const data = await bundledDatasetResolver()({
    uri: 'bcml:datasets/german-credit',
    trainSplit: 'train',
    testSplit: 'test',
  });
  const h1 = await trainCompatibility(
    parseTrainingSpec({
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs: 2,
      batchSize: 64,
      loss: 'new-error/cross-entropy',
      lambda: 0,
      seed: 7,
    }),
    { data: data.splits['train'] as LabelledData },
  );
  h1Dir = join(tmp, 'h1');
  await saveModel(h1.model, h1Dir);
  h1.model.dispose();
});

afterAll(async () => {
  if (config_ !== undefined) {
    // Whatever the last test left running (`bcml stack down` should leave nothing).
    for (const spec of workerServices(config_)) await stopService(spec);
  }
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
});

describe('bcml worker + bcml sweep start --wait (real stack on free ports)', () => {
  it('runs a 2 × 1 German credit sweep to its report and exits 0', async () => {
    const name = `cli-sweep-${Date.now()}`;
    const specPath = join(tmp, 'spec.json');
    writeFileSync(
      specPath,
      JSON.stringify({
        name,
        dataset: { uri: 'bcml:datasets/german-credit' },
        h1: { uri: h1Dir },
        h2: {
          model: { kind: 'mlp', hidden: [8] },
          optimizer: { kind: 'adam', learningRate: 0.01 },
          epochs: 1,
          batchSize: 64,
        },
        sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
        execution: { pool: 'cpu', parallelism: 2 },
        seed: 3,
        tracking: { experiment: name },
      }),
    );
    const { code, out, err } = await bcml(['sweep', 'start', specPath, '--wait', '--id', `${name}-wf`]);
    expect(code, `${out}\n${err}`).toBe(0);
    expect(out).toContain(`workflow ${name}-wf`);
    expect(err).toMatch(/points: \d+ done, \d+ running, 0 failed/);
    const report = /^report:\s+(.+)$/m.exec(out)?.[1];
    expect(report).toBeDefined();
    expect(existsSync(report ?? '')).toBe(true);
    expect(out).toMatch(/^MLflow run: http:\/\/127\.0\.0\.1:\d+\/#\/runs\/\w+$/m);

    const result = await bcml(['sweep', 'result', `${name}-wf`]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`report:     ${report ?? ''}`);
    const opened = await bcml(['report', 'open', report ?? '']);
    expect(opened.out.trim()).toMatch(/^file:\/\/.+index\.html$/);

    const status = await bcml(['stack', 'status']);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^worker-cpu: running/m);
  });

  it('bcml stack down stops the workers and the stack', async () => {
    const down = await bcml(['stack', 'down']);
    expect(down.code).toBe(0);
    expect(down.out).toContain('stopped: worker-control, worker-cpu, mlflow, temporal');
    const status = await bcml(['stack', 'status']);
    expect(status.code).toBe(3);
    expect(status.out).not.toContain('worker-');
  });
});
