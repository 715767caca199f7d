import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  createStack,
  freePort,
  processesInGroup,
  readPidFile,
  resolveStackConfig,
  StackError,
  type Stack,
} from '@bcml/infra';

/** Pids of every live process whose command line mentions `needle`. */
function processesMentioning(needle: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (/\) [ZX] /.test(stat)) return false;
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const dataDir = mkdtempSync(join(tmpdir(), 'bcml-stack-'));
let stack: Stack | undefined;

afterAll(async () => {
  await stack?.down();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a second stack on other ports, in its own data folder', () => {
  it('comes up healthy, is a no-op the second time, and goes down without leaving a process', async () => {
    const env = {
      ...process.env,
      BCML_DATA_DIR: dataDir,
      BCML_TEMPORAL_PORT: String(await freePort()),
      BCML_TEMPORAL_UI_PORT: String(await freePort()),
      BCML_MLFLOW_PORT: String(await freePort()),
    };
    const config = resolveStackConfig(env);
    stack = createStack(config);

    expect(await stack.up()).toEqual({ temporal: 'started', mlflow: 'started' });
    expect((await fetch(config.temporal.uiUrl)).status).toBe(200);
    expect((await fetch(config.mlflow.trackingUri)).status).toBe(200);
    expect(readFileSync(join(dataDir, 'logs', 'mlflow.log'), 'utf8').length).toBeGreaterThan(0);

    const records = stack.services.map((s) => readPidFile(s.pidFile));
    expect(records.every((r) => r !== undefined)).toBe(true);
    expect(await stack.up()).toEqual({ temporal: 'already-running', mlflow: 'already-running' });
    expect(stack.services.map((s) => readPidFile(s.pidFile)?.pid)).toEqual(records.map((r) => r?.pid));
    expect((await stack.status()).map((s) => [s.name, s.running, s.healthy])).toEqual([
      ['temporal', true, true],
      ['mlflow', true, true],
    ]);
    expect(processesMentioning(dataDir).length).toBeGreaterThanOrEqual(2);

    expect(await stack.down()).toEqual(['mlflow', 'temporal']);
    for (const record of records) expect(processesInGroup(record?.pgid ?? -1)).toEqual([]);
    expect(processesMentioning(dataDir)).toEqual([]);
    expect((await stack.status()).some((s) => s.running)).toBe(false);
    expect(await stack.down()).toEqual([]);
  });

  it('refuses to start on a port the main stack already holds, naming the setting', async () => {
    const main = resolveStackConfig();
    const clash = createStack(
      resolveStackConfig({
        ...process.env,
        BCML_DATA_DIR: join(dataDir, 'clash'),
        BCML_MLFLOW_PORT: String(main.mlflow.port),
        BCML_TEMPORAL_PORT: String(await freePort()),
        BCML_TEMPORAL_UI_PORT: String(await freePort()),
      }),
    );
    const error = await clash.up().catch((e: unknown) => e);
    await clash.down();
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toContain(
      `mlflow: port ${main.mlflow.port} on 127.0.0.1 is taken by another process; stop it or set BCML_MLFLOW_PORT`,
    );
  });
});
