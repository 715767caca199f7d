import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { InvalidInputError } from '@bcml/core';
import { loadModel, type ModelLoader } from '@bcml/models';
import { isNotFound, MlflowError, type MlflowClient } from '@bcml/tracking';

/**
 * Loads `models:/<name>/<version>`, `models:/<name>@<alias>` and `runs:/<run>/<path>` models from MLflow: downloads
 * the files into a fresh folder under `downloadDir` (default the OS's temporary folder), loads the model and removes
 * the folder. A model, version, alias, run or artifact the server does not have (a 404, or the 400 MLflow answers for
 * an unknown alias) is an `InvalidInputError` naming the URI; other errors (a server down, credentials) pass
 * unchanged.
 */
export function registryModelLoader(tracking: MlflowClient, downloadDir: string = tmpdir()): ModelLoader {
  return {
    load: async (uri) => {
      const dir = await mkdtemp(join(downloadDir, 'bcml-model-'));
      try {
        try {
          await tracking.downloadModel(uri, dir);
        } catch (error) {
          if (isNotFound(error)) {
            throw new InvalidInputError('model URI', `a model that ${tracking.trackingUri} has`, uri, { cause: error });
          }
          if (isUnknownAlias(error)) {
            const reason = error instanceof Error ? error.message.replace(/^.*?: HTTP \d+ /, '') : '';
            throw new InvalidInputError('model URI', `a model that ${tracking.trackingUri} has (${reason})`, uri, {
              cause: error,
            });
          }
          throw error;
        }
        return await loadModel(dir);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** MLflow's answer for `models:/<name>@<alias>` with an alias the model lacks: 400 `INVALID_PARAMETER_VALUE`. */
function isUnknownAlias(error: unknown): boolean {
  return (
    error instanceof MlflowError &&
    error.status === 400 &&
    error.errorCode === 'INVALID_PARAMETER_VALUE' &&
    /alias/i.test(error.message)
  );
}
