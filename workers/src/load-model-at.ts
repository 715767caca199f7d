import { InvalidInputError } from '@bcml/core';

import { type LayersModelLike, type ModelStore } from './model-store.js';

/**
 * Loads the model at `uri` for the spec field `field` (`h1.uri`, `championAlias`): a missing or unreadable model is an
 * `InvalidInputError` naming `field`; other errors (a server down) pass unchanged, for retry.
 */
export async function loadModelAt(models: ModelStore, uri: string, field: string): Promise<LayersModelLike> {
  try {
    return await models.load(uri);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(field, error.expected ?? 'a saved model', uri, { cause: error });
    }
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new InvalidInputError(field, 'a saved model (no such file or folder)', uri, { cause: error });
    }
    throw error;
  }
}
