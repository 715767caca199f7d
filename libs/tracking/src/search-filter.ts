import { InvalidInputError } from '@bcml/core';

/** The entity kinds a run search filter can name. */
export type FilterEntity = 'attributes' | 'params' | 'metrics' | 'tags';

/**
 * Quotes `value` as a string literal of an MLflow search filter. MLflow's parser strips the outer quotes and
 * has no escape sequence (`''` and `\'` stay in the value), so a value with `'` is wrapped in double quotes;
 * a value holding both quote characters cannot be written and is an error (see `tagEqualsFilter`).
 */
export function quoteFilterValue(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  throw new InvalidInputError('filter value', 'a string without both \' and " (MLflow filters have no escapes)', value);
}

/** `tags.\`bcml.key\``: a filter identifier, the key in backticks so dots and spaces are safe. */
export function filterIdentifier(entity: FilterEntity, key: string): string {
  if (key.includes('`')) throw new InvalidInputError('filter key', 'a key without backticks', key);
  return `${entity}.\`${key}\``;
}

/**
 * A filter for runs whose tag `key` equals `value`. A value with both quote characters becomes a `LIKE`
 * pattern with `_` (any one character) in place of each quote: a superset, so callers re-check the exact value.
 */
export function tagEqualsFilter(key: string, value: string): string {
  const identifier = filterIdentifier('tags', key);
  if (value.includes("'") && value.includes('"')) return `${identifier} LIKE '${value.replace(/['"]/g, '_')}'`;
  return `${identifier} = ${quoteFilterValue(value)}`;
}
