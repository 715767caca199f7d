import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';

import { parseTrainingSpec } from '@bcml/core';
import { repoRoot } from '@bcml/infra';
import { saveModel } from '@bcml/models';
import { selectBackend, trainCompatibility, type LabelledData } from '@bcml/training';
import { bundledDatasetResolver } from '@bcml/workers';

/** The `bcml` command as users run it (`node libs/cli/bin/bcml.mjs`). */
export const bcmlBin = join(repoRoot, 'libs', 'cli', 'bin', 'bcml.mjs');

/** A child process started by `spawnProcess`, leader of its own process group, with its output so far. */
export interface SpawnedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Temporal's default worker identity of this process, `<pid>@<host>`. */
  readonly identity: string;
  /** What it wrote to stdout so far. */
  stdout(): string;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code and signal once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout matches `pattern`; rejects when the process exits first or after `timeoutMs`. */
  waitForStdout(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

/**
 * Spawns `command args` in its own process group (so that `killGroup` reaches whatever it starts), capturing stdout
 * and stderr.
 */
export function spawnProcess(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SpawnedProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${command} ${args.join(' ')}`);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  let done = false;
  void exited.then(() => (done = true));
  const describe = (): string => `${command} ${args.join(' ')} (pid ${pid})`;
  return {
    child,
    pid,
    identity: `${pid}@${hostname()}`,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout: async (pattern, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(out);
        if (match !== null) return match;
        if (done) throw new Error(`${describe()} exited before printing ${pattern}:\n${out}\n${err}`);
        if (Date.now() > deadline)
          throw new Error(`${describe()} did not print ${pattern} in ${timeoutMs} ms:\n${out}\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

/** `bcml <args>` as a child process in its own process group. */
export function spawnBcml(args: readonly string[], env: Readonly<Record<string, string | undefined>>): SpawnedProcess {
  return spawnProcess(process.execPath, [bcmlBin, ...args], env);
}

/** Runs `bcml <args>` as a child process to its end: its exit code and everything it printed. */
export async function runBcml(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnBcml(args, env);
  const { code } = await child.exited;
  return { code, out: child.stdout(), err: child.stderr() };
}

/** `bcml worker --pool <pool> --concurrency <n>`, resolved once it polls its task queue. */
export async function startBcmlWorker(
  pool: 'control' | 'cpu',
  concurrency: number,
  env: Readonly<Record<string, string | undefined>>,
  started: SpawnedProcess[],
): Promise<SpawnedProcess> {
  const worker = spawnBcml(['worker', '--pool', pool, '--concurrency', String(concurrency)], env);
  started.push(worker);
  await worker.waitForStdout(/^bcml worker: pool /m, 180_000);
  return worker;
}

/** Sends `signal` to the process group of `proc` (no-op when it has exited). */
export function killGroup(proc: SpawnedProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

/** Stops every process: SIGTERM to its group, SIGKILL after `graceMs`; resolves once all have exited. */
export async function stopAll(procs: readonly SpawnedProcess[], graceMs = 5000): Promise<void> {
  await Promise.all(
    procs.map(async (proc) => {
      killGroup(proc, 'SIGTERM');
      const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), graceMs);
      await proc.exited;
      clearTimeout(timer);
      // Anything the process left behind in its group.
      killGroup(proc, 'SIGKILL');
    }),
  );
}

/** Trains h1, a logistic regression on German credit's training split (2 epochs), and saves it to `dir`. */
export async function saveGermanCreditH1(dir: string): Promise<void> {
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
  await saveModel(h1.model, dir);
  h1.model.dispose();
}

/** The environment of a child that reaches the ephemeral stack (`startEphemeralStack`'s `env` plus the clients'). */
export function stackEnv(
  stackEnvVars: Readonly<Record<string, string>>,
  config: {
    readonly temporal: { readonly address: string; readonly namespace: string };
    readonly mlflow: { readonly trackingUri: string };
  },
): Record<string, string | undefined> {
  return {
    ...process.env,
    ...stackEnvVars,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    MLFLOW_TRACKING_URI: config.mlflow.trackingUri,
  };
}
