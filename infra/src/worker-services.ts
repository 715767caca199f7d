import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { localClientEnv } from './local-client-env.js';
import type { ServiceSpec } from './service-spec.js';
import type { StackConfig } from './stack-config.js';

/** The worker pools that run as background services of the local stack. */
export const WORKER_SERVICE_POOLS = ['control', 'cpu', 'gpu'] as const;

/** A worker pool run as a background service. */
export type WorkerServicePool = (typeof WORKER_SERVICE_POOLS)[number];

/** The line `bcml worker` logs once it polls its task queue. */
const READY_LINE = 'bcml worker: pool ';

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** How one worker service runs. */
export interface WorkerServiceOptions {
  /** Activities at once (default 1). */
  readonly concurrency?: number;
  /** Which of the pool's processes (default 1): the first is `worker-<pool>`, the others `worker-<pool>-<n>`. */
  readonly instance?: number;
  /** TensorFlow's threads for the process (`bcml worker --threads`); default: TensorFlow's own (every core). */
  readonly threads?: number;
}

/** The service name of a pool's `instance`-th process. */
function serviceName(pool: WorkerServicePool, instance: number): string {
  return instance === 1 ? `worker-${pool}` : `worker-${pool}-${instance}`;
}

/**
 * `bcml worker --pool <pool>` as a background service (`node libs/cli/bin/bcml.mjs worker …`), logging to
 * `<dataDir>/logs/<name>.log` with its pid in `<dataDir>/run/<name>.pid` (name `worker-<pool>`, or
 * `worker-<pool>-<n>` for the n-th process of a pool); healthy once it logged that it polls its task queue (after
 * this spec was made).
 */
export function workerService(
  config: StackConfig,
  pool: WorkerServicePool,
  options: WorkerServiceOptions = {},
): ServiceSpec {
  const { concurrency = 1, instance = 1, threads } = options;
  const name = serviceName(pool, instance);
  const logFile = join(config.dataDir, 'logs', `${name}.log`);
  const offset = sizeOf(logFile);
  return {
    name,
    command: process.execPath,
    args: [
      join(config.rootDir, 'libs', 'cli', 'bin', 'bcml.mjs'),
      'worker',
      '--pool',
      pool,
      '--concurrency',
      String(concurrency),
      ...(threads === undefined ? [] : ['--threads', String(threads)]),
    ],
    env: { ...localClientEnv(config), BCML_DATA_DIR: config.dataDir },
    ports: [],
    dirs: [join(config.dataDir, 'work')],
    logFile,
    pidFile: join(config.dataDir, 'run', `${name}.pid`),
    urls: {},
    isHealthy: () => {
      try {
        return Promise.resolve(readFileSync(logFile, 'utf8').slice(offset).includes(READY_LINE));
      } catch {
        return Promise.resolve(false);
      }
    },
  };
}

/**
 * Every worker service of the stack, for `status` and `down`: the first process of each pool, and every further one
 * that has a pid file in `<dataDir>/run`.
 */
export function workerServices(config: StackConfig): ServiceSpec[] {
  let pidFiles: string[] = [];
  try {
    pidFiles = readdirSync(join(config.dataDir, 'run'));
  } catch {
    // no run folder yet: nothing was started
  }
  return WORKER_SERVICE_POOLS.flatMap((pool) => {
    const further = pidFiles
      .map((file) => new RegExp(`^worker-${pool}-(\\d+)\\.pid$`).exec(file)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .filter((n) => n > 1)
      .sort((a, b) => a - b);
    return [1, ...further].map((instance) => workerService(config, pool, { instance }));
  });
}
