import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '@bcml/infra';

import { bcmlBin, spawnProcess, type SpawnedProcess } from './bcml-process.js';

/** Where private hosts live and what they must not see. */
export interface PrivateHosts {
  /** A folder on the real file system; each host sees it empty but for its own `<base>/<name>` (its BCML_DATA_DIR). */
  readonly base: string;
  /** Folders hidden from every host (each sees an empty tmpfs there): the test's files, the stack's state. */
  readonly hide: readonly string[];
}

/**
 * A "host" of the multi-host tests: a process in its own mount namespace (`unshare --mount`), with a private tmpfs
 * over `hosts.base` (so it sees no other host's files), over each of `hosts.hide` and over the repository's `.data`,
 * so it sees only the installed software (the repository, node_modules, the venv) and the network. Its
 * `BCML_DATA_DIR` is `<base>/<name>`, inside its own tmpfs.
 */
export function spawnOnPrivateHost(
  hosts: PrivateHosts,
  name: string,
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SpawnedProcess {
  mkdirSync(hosts.base, { recursive: true });
  const dataDir = join(hosts.base, name);
  const repoData = join(repoRoot, '.data');
  const masks = [hosts.base, ...hosts.hide, ...(existsSync(repoData) ? [repoData] : [])];
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
  hosts: PrivateHosts,
  name: string,
  pool: 'control' | 'cpu',
  concurrency: number,
  env: Readonly<Record<string, string | undefined>>,
  started: SpawnedProcess[],
): Promise<SpawnedProcess> {
  const worker = spawnOnPrivateHost(
    hosts,
    name,
    process.execPath,
    [bcmlBin, 'worker', '--pool', pool, '--concurrency', String(concurrency)],
    env,
  );
  started.push(worker);
  await worker.waitForStdout(/^bcml worker: pool /m, 180_000);
  return worker;
}
