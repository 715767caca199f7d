import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEphemeralStack, stopService, workerServices, type Stack, type StackConfig } from '@bcml/infra';
import { createMlflowClient, trackingConfigFromEnv } from '@bcml/tracking';

import { runBcml, stackEnv } from '../support/bcml-process.js';
import { germanCreditSweepSpec } from '../support/german-credit-sweep.js';

// `bcml stack up --workers` (the demo's path: workers as background services), `bcml train` for the sweep's h1 (its
// printed runs:/ URI), `bcml sweep start --wait` with its progress line, `sweep result`, `report open`, and
// `bcml stack down` stopping workers and stack.

const tmp = mkdtempSync(join(tmpdir(), 'bcml-cli-sweep-'));
let config_: StackConfig | undefined;
let env: Record<string, string | undefined>;
let stack: Stack | undefined;
/** The model URI `bcml train` printed: the sweep's h1. */
let h1Uri: string;

/** Runs `bcml <args>` against this file's stack, to its end. */
const bcml = (args: string[]) => runBcml(args, env);

beforeAll(async () => {
  // The stack on fresh ports first (retried if a port is taken meanwhile), then the CLI adds the workers.
  const started = await startEphemeralStack(join(tmp, 'stack'));
  const config = started.config;
  env = stackEnv(started.env, config);
  stack = started.stack;
  config_ = config;
  // The demo's path: the stack plus `bcml worker --pool control|cpu` as background services, two trainer processes.
  const up = await bcml(['stack', 'up', '--workers', '--trainers', '2']);
  expect(up.code, `${up.out}\n${up.err}`).toBe(0);
  expect(up.out).toMatch(/^worker-control: started/m);
  expect(up.out).toMatch(/^worker-cpu: started/m);
  expect(up.out).toMatch(/^worker-cpu-2: started/m);
});

/** Writes `spec` to `<tmp>/<file>` and returns its path. */
function writeSpec(file: string, spec: unknown): string {
  const path = join(tmp, file);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

afterAll(async () => {
  if (config_ !== undefined) {
    // Whatever the last test left running (`bcml stack down` should leave nothing).
    for (const spec of workerServices(config_)) await stopService(spec);
  }
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
});

describe('bcml train, bcml worker + bcml sweep start --wait (real stack on free ports)', () => {
  it('bcml train logs a baseline run with its model, whose runs:/ URI loads as h1 of another bcml train', async () => {
    const name = `cli-train-${Date.now()}`;
    const baseline = {
      name,
      dataset: { uri: 'bcml:datasets/german-credit' },
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs: 2,
      batchSize: 64,
      seed: 7,
    };
    const trained = await bcml(['train', writeSpec('baseline.json', baseline)]);
    expect(trained.code, trained.err).toBe(0);
    // stdout is the model URI alone; the human line and the progress go to stderr.
    expect(trained.out).toMatch(/^runs:\/\w+\/model\n$/);
    const uri = trained.out.trim();
    const runId = uri.split('/')[1] ?? '';
    expect(trained.err).toMatch(/^epoch 2\/2: loss /m);
    expect(trained.err).toMatch(
      /^trained cli-train-\d+ \(2 epochs\): test accuracy 0\.\d{4}; MLflow run http:\/\/.+\/#\/runs\/\w+$/m,
    );

    const tracking = createMlflowClient(trackingConfigFromEnv(env));
    const run = await tracking.getRun(runId);
    expect(run.info).toMatchObject({ status: 'FINISHED', runName: name });
    expect(run.data.tags['bcml.kind']).toBe('train');
    expect(run.data.params).toMatchObject({
      'dataset.uri': 'bcml:datasets/german-credit',
      'dataset.trainSplit': 'train',
      'dataset.testSplit': 'test',
      lossName: 'new-error/cross-entropy',
      lambda: '0',
      model: '{"kind":"logistic-regression"}',
      epochs: '2',
      seed: '7',
    });
    expect(run.data.params['dataset.sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(run.data.params).not.toHaveProperty('h1.uri');
    const accuracy = await tracking.getMetricHistory(runId, 'val_accuracy');
    expect(accuracy.map((m) => m.step)).toEqual([1, 2]);
    expect(run.data.metrics['test_accuracy']).toBe(accuracy[1]?.value);
    expect(run.data.metrics['test_accuracy']).toBeGreaterThan(0.5);
    expect(run.data.metrics).not.toHaveProperty('test_btc');
    const files = (await tracking.listArtifactFiles(run.info.artifactUri, 'model')).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['model/MLmodel', 'model/model.json']));
    expect(run.inputs.map((i) => [i.name, i.context]).sort()).toEqual([
      ['german-credit/test', 'eval'],
      ['german-credit/train', 'training'],
    ]);
    expect(run.inputs[0]?.digest).toBe(run.data.params['dataset.sha256']?.slice(0, 16));
    // The URI registers as a model version.
    const registered = await bcml(['model', 'register', uri, '--name', name]);
    expect(registered.code, registered.err).toBe(0);
    expect(registered.out).toBe(`models:/${name}/1\n`);

    // The URI loads as h1 (MLflow's runs:/ through the workers' model store): an MLP trained against it.
    const spec = { ...baseline, name: `${name}-h2`, model: { kind: 'mlp', hidden: [8] }, h1: { uri }, lambda: 1 };
    const against = await bcml(['train', writeSpec('against.json', spec)]);
    expect(against.code, against.err).toBe(0);
    expect(against.err).toMatch(/test accuracy 0\.\d{4}, BTC 0\.\d{4}, NFR 0\.\d{4} against h1/);
    const h2RunId = against.out.trim().split('/')[1] ?? '';
    const h2Run = await tracking.getRun(h2RunId);
    expect(h2Run.data.params).toMatchObject({ 'h1.uri': uri, lambda: '1' });
    expect(h2Run.data.metrics['test_btc']).toBeGreaterThan(0.5);
    expect(h2Run.data.metrics['test_accuracy_h1']).toBe(run.data.metrics['test_accuracy']);
    expect((await tracking.getMetricHistory(h2RunId, 'dissonance')).map((m) => m.step)).toEqual([1, 2]);
    h1Uri = uri;
  });

  it("runs a 2 × 1 German credit sweep, h1 bcml train's runs:/ URI, to its report and exits 0", async () => {
    const name = `cli-sweep-${Date.now()}`;
    const specPath = writeSpec('spec.json', germanCreditSweepSpec(name, h1Uri, 1));
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
    expect(status.out).toMatch(/^worker-cpu-2: running/m);
  });

  it('bcml stack down stops the workers and the stack', async () => {
    const down = await bcml(['stack', 'down']);
    expect(down.code).toBe(0);
    expect(down.out).toContain('stopped: worker-control, worker-cpu, worker-cpu-2, mlflow, temporal');
    const status = await bcml(['stack', 'status']);
    expect(status.code).toBe(3);
    expect(status.out).not.toContain('worker-');
  });
});
