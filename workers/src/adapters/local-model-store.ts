import { buildModel, createModelLoader, saveModel } from '@bcml/models';
import type { MlflowClient } from '@bcml/tracking';

import type { ModelStore } from '../model-store.js';
import { registryModelLoader } from './registry-model-loader.js';

/** Options of `localModelStore`. */
export interface LocalModelStoreOptions {
  /** Also load `models:/…` and `runs:/…` URIs from this MLflow server (the registry's champion, a run's model). */
  readonly tracking?: MlflowClient;
}

/** A `ModelStore` over `@bcml/models` for local folders and `file://` URIs, plus MLflow's URIs given a client. */
export function localModelStore(options: LocalModelStoreOptions = {}): ModelStore {
  const registry = options.tracking === undefined ? undefined : registryModelLoader(options.tracking);
  const loader = createModelLoader({ schemes: registry === undefined ? {} : { models: registry, runs: registry } });
  return {
    load: (uri) => loader.load(uri),
    save: async (model, dir) => void (await saveModel(model, dir)),
    build: (spec, options) => buildModel(spec, options),
  };
}
