import { InvalidInputError } from './bcml-error.js';

/**
 * A parsed JSON object, read key by key with `requiredAt`, `optionalAt` and `rejectUnknownKeys`.
 *
 * One rule for `undefined` in every parser of bcml: a key whose value is `undefined` counts as absent (a required
 * key is missing, an optional one takes its default, an unknown one is ignored). JSON has no `undefined`, and
 * `JSON.stringify` (Temporal payloads, result files) drops such keys, so a value parses the same before and after a
 * round trip; programmatic callers may unset a field with `{ ...spec, evalBatchSize: undefined }`.
 */
export type JsonRecord = { readonly [key: string]: unknown };

/** How `rejectUnknownKeys` words its error: `no such <noun> (<owner> takes <allowed>)`. */
export interface UnknownKeyWording {
  /** Whose keys they are (`a training spec`, `a "lenet" model`); default the field, `the spec` at the top level. */
  readonly owner?: string;
  /** What a key is called; default `key`. */
  readonly noun?: string;
}

/** `value` as a plain object (not `null`, not an array), else an `InvalidInputError` naming `field`. */
export function recordAt(field: string, value: unknown, expected = 'an object'): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, expected, value);
  }
  return value as JsonRecord;
}

/** `field.key`, or `key` alone at the top level (`field` is `''`). */
export function fieldOf(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}

/** Whether `record` has `key` with a value other than `undefined` (see `JsonRecord`). */
export function isPresent(record: JsonRecord, key: string): boolean {
  return Object.hasOwn(record, key) && record[key] !== undefined;
}

/** The keys of `record` whose value is not `undefined`, in insertion order. */
export function presentKeys(record: JsonRecord): string[] {
  return Object.keys(record).filter((key) => record[key] !== undefined);
}

/**
 * Throws an `InvalidInputError` naming the first present key of `record` that is not in `allowed`, e.g.
 * `invalid h2.epoch: expected no such key (h2 takes model, optimizer, epochs), received 3`.
 */
export function rejectUnknownKeys(
  field: string,
  record: JsonRecord,
  allowed: readonly string[],
  wording: UnknownKeyWording = {},
): void {
  const { owner = field === '' ? 'the spec' : field, noun = 'key' } = wording;
  for (const key of presentKeys(record)) {
    if (!allowed.includes(key)) {
      const takes = allowed.length === 0 ? 'none' : allowed.join(', ');
      throw new InvalidInputError(fieldOf(field, key), `no such ${noun} (${owner} takes ${takes})`, record[key]);
    }
  }
}

/** The value of a required key, else an `InvalidInputError` at `field.key` saying the field is required. */
export function requiredAt(field: string, record: JsonRecord, key: string): unknown {
  if (!isPresent(record, key)) {
    throw new InvalidInputError(fieldOf(field, key), 'a value (the field is required)', undefined);
  }
  return record[key];
}

/** The parsed value of an optional key, or `undefined` when it is absent. */
export function optionalAt<T>(record: JsonRecord, key: string, parse: (value: unknown) => T): T | undefined;
/** The parsed value of an optional key, or `fallback` when it is absent. */
export function optionalAt<T>(record: JsonRecord, key: string, parse: (value: unknown) => T, fallback: T): T;
export function optionalAt<T>(
  record: JsonRecord,
  key: string,
  parse: (value: unknown) => T,
  fallback?: T,
): T | undefined {
  return isPresent(record, key) ? parse(record[key]) : fallback;
}
