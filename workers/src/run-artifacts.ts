import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { InvalidInputError } from '@bcml/core';

/**
 * Where a run's files go in the artifact store: the MLflow run's artifact root when tracked (`mlflow-artifacts:/…`),
 * else `<untrackedRoot>/<run key>` (an object-store folder given to the worker). Without either there is no store
 * that every worker reaches: an `InvalidInputError` naming `tracking`.
 */
export function runArtifactRoot(
  run: { readonly info: { readonly artifactUri: string } } | null,
  runKey: string,
  untrackedRoot: string | undefined,
): string {
  if (run !== null) return run.info.artifactUri.replace(/\/+$/, '');
  if (untrackedRoot === undefined) {
    throw new InvalidInputError(
      'tracking',
      'an MLflow tracking server (results travel between workers through its artifact store)',
      null,
    );
  }
  const key = runKey
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/\./g, '%2E'))
    .join('/');
  return `${untrackedRoot.replace(/\/+$/, '')}/${key}`;
}

/** `root` + `path`, one `/` between them. */
export function artifactChild(root: string, ...path: readonly string[]): string {
  return [root.replace(/\/+$/, ''), ...path].join('/');
}

/**
 * Runs `body` with a fresh folder of this worker's own (`<storageDir>/scratch/<random>`), removed afterwards: local
 * files never outlive the activity that made them; what others need goes to the artifact store.
 */
export async function withScratch<T>(storageDir: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = join(storageDir, 'scratch', `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
