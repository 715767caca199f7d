import { readFileSync, statSync } from 'node:fs';
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

/**
 * `bcml worker --pool <pool>` as a background service (`node libs/cli/bin/bcml.mjs worker …`), logging to
 * `<dataDir>/logs/worker-<pool>.log` with its pid in `<dataDir>/run/worker-<pool>.pid`; healthy once it logged that it
 * polls its task queue (after this spec was made).
 */
export function workerService(config: StackConfig, pool: WorkerServicePool, concurrency = 1): ServiceSpec {
  const logFile = join(config.dataDir, 'logs', `worker-${pool}.log`);
  const offset = sizeOf(logFile);
  return {
    name: `worker-${pool}`,
    command: process.execPath,
    args: [
      join(config.rootDir, 'libs', 'cli', 'bin', 'bcml.mjs'),
      'worker',
      '--pool',
      pool,
      '--concurrency',
      String(concurrency),
    ],
    env: { ...localClientEnv(config), BCML_DATA_DIR: config.dataDir },
    ports: [],
    dirs: [join(config.dataDir, 'work')],
    logFile,
    pidFile: join(config.dataDir, 'run', `worker-${pool}.pid`),
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

/** Every worker service of the stack (one per pool), for `status` and `down`. */
export function workerServices(config: StackConfig): ServiceSpec[] {
  return WORKER_SERVICE_POOLS.map((pool) => workerService(config, pool));
}
