import { buildModel, createModelLoader, saveModel } from '@bcml/models';
import type { ModelStore } from '@bcml/workers';

/** A `ModelStore` over `@bcml/models` for local folders and `file://` URIs. */
export function localModelStore(): ModelStore {
  const loader = createModelLoader({ schemes: {} });
  return {
    load: (uri) => loader.load(uri),
    save: async (model, dir) => void (await saveModel(model, dir)),
    build: (spec, options) => buildModel(spec, options),
  };
}
