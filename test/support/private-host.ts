import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '@bcml/infra';

import { bcmlBin, spawnProcess, type SpawnedProcess } from './bcml-process.js';

/**
 * A "host" of the multi-host tests: a process in its own mount namespace (`unshare -m`), with a private tmpfs over
 * /tmp and over the repository's `.data`, so it sees none of the other hosts' files (nor the test's, nor the stack's),
 * only the installed software (the repository, node_modules, the venv) and the network. Its `BCML_DATA_DIR` is
 * `/tmp/<name>` inside its own tmpfs.
 */
export function spawnOnPrivateHost(
  name: string,
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SpawnedProcess {
  const dataDir = join('/tmp', name);
  const masks = ['/tmp', ...(existsSync(join(repoRoot, '.data')) ? [join(repoRoot, '.data')] : [])];
  const script = [
    'set -e',
    ...masks.map((path) => `mount -t tmpfs -o size=2g tmpfs '${path}'`),
    `mkdir -p '${dataDir}'`,
    'exec "$@"',
  ].join('\n');
  return spawnProcess(
    'unshare',
    ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', command, ...args],
    { ...env, BCML_DATA_DIR: dataDir },
  );
}

/** `bcml worker --pool <pool>` on a private host, resolved once it polls its task queue. */
export async function startWorkerOnPrivateHost(
  name: string,
  pool: 'control' | 'cpu',
  concurrency: number,
  env: Readonly<Record<string, string | undefined>>,
  started: SpawnedProcess[],
): Promise<SpawnedProcess> {
  const worker = spawnOnPrivateHost(
    name,
    process.execPath,
    [bcmlBin, 'worker', '--pool', pool, '--concurrency', String(concurrency)],
    env,
  );
  started.push(worker);
  await worker.waitForStdout(/^bcml worker: pool /m, 180_000);
  return worker;
}
