import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEphemeralStack, stopService, workerServices, type Stack, type StackConfig } from '@bcml/infra';

import { runBcml, saveGermanCreditH1, stackEnv } from '../support/bcml-process.js';
import { germanCreditSweepSpec } from '../support/german-credit-sweep.js';

// `bcml stack up --workers` (the demo's path: workers as background services), `bcml sweep start --wait` with its
// progress line, `sweep result`, `report open`, and `bcml stack down` stopping workers and stack.

const tmp = mkdtempSync(join(tmpdir(), 'bcml-cli-sweep-'));
let config_: StackConfig | undefined;
let env: Record<string, string | undefined>;
let stack: Stack | undefined;
let h1Dir: string;

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

  h1Dir = join(tmp, 'h1');
  await saveGermanCreditH1(h1Dir);
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
    writeFileSync(specPath, JSON.stringify(germanCreditSweepSpec(name, h1Dir, 1)));
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
