import { InvalidInputError } from '@bcml/core';
import { isNotFound, type MlflowClient, type ModelVersion, type RegisteredModel } from '@bcml/tracking';

/**
 * The model version that alias `alias` of the registered model `name` points at. An unknown model is an
 * `InvalidInputError` naming `registeredModel`, an unknown alias one naming `aliasField` (`championAlias`) and listing
 * the model's aliases (sorted); other errors (a server down) pass unchanged, for retry.
 */
export async function resolveRegistryAlias(
  tracking: MlflowClient,
  name: string,
  alias: string,
  aliasField: string,
): Promise<ModelVersion> {
  let registered: RegisteredModel;
  try {
    registered = await tracking.getRegisteredModel(name);
  } catch (error) {
    if (isNotFound(error)) {
      throw new InvalidInputError('registeredModel', `a model of the registry at ${tracking.trackingUri}`, name, {
        cause: error,
      });
    }
    throw error;
  }
  if (!Object.hasOwn(registered.aliases, alias)) {
    const known = Object.keys(registered.aliases).sort();
    const has = known.length === 0 ? 'it has none' : `it has ${known.join(', ')}`;
    throw new InvalidInputError(aliasField, `an alias of registered model "${name}" (${has})`, alias);
  }
  return tracking.getModelVersionByAlias(name, alias);
}
