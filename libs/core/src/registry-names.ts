import { InvalidInputError } from './bcml-error.js';
import { matchAt, textAt } from './json-fields.js';

/**
 * A registered model's name in the MLflow model registry: 1 to 256 characters, no control characters, no `@` or `/`
 * (they delimit the alias and the version in `models:/<name>@<alias>` and `models:/<name>/<version>`).
 */
export function registeredModelNameAt(field: string, value: unknown): string {
  const name = textAt(field, value, 256);
  if (/[@/]/.test(name)) throw new InvalidInputError(field, 'a registered model name without "@" or "/"', name);
  return name;
}

/** An alias of a registered model (`champion`): 1 to 255 letters, digits, `_` or `-`. */
export function registryAliasAt(field: string, value: unknown): string {
  return matchAt(field, value, /^[A-Za-z0-9_-]{1,255}$/, 'a registry alias of letters, digits, "_" or "-"');
}
