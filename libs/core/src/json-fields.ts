import { InvalidInputError } from './bcml-error.js';

/** A parsed JSON object, read field by field. */
export type JsonRecord = { readonly [key: string]: unknown };

/** `value` as a plain object, else an `InvalidInputError` naming `field`. */
export function recordAt(field: string, value: unknown, expected = 'an object'): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, expected, value);
  }
  return value as JsonRecord;
}

/** Throws an `InvalidInputError` naming the first key of `record` that is not in `allowed`. */
export function rejectUnknownKeys(field: string, record: JsonRecord, allowed: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new InvalidInputError(
        field === '' ? key : `${field}.${key}`,
        `no such key (${field === '' ? 'the spec' : field} takes ${allowed.join(', ')})`,
        record[key],
      );
    }
  }
}

/** `field.key` joined, or `key` alone at the top level. */
export function fieldOf(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}

/** The value of a required key, else an `InvalidInputError` saying the field is required. */
export function requiredAt(field: string, record: JsonRecord, key: string): unknown {
  if (!Object.hasOwn(record, key) || record[key] === undefined) {
    throw new InvalidInputError(fieldOf(field, key), 'a value (the field is required)', undefined);
  }
  return record[key];
}

/** The parsed value of an optional key, or `fallback` when it is absent (or `undefined`). */
export function optionalAt<T>(record: JsonRecord, key: string, parse: (value: unknown) => T, fallback: T): T {
  return Object.hasOwn(record, key) && record[key] !== undefined ? parse(record[key]) : fallback;
}

/** A string of 1 to `max` characters without control characters. */
export function textAt(field: string, value: unknown, max = 200): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max || /[\u0000-\u001f]/.test(value)) {
    throw new InvalidInputError(
      field,
      `a non-empty string of at most ${max} characters without control characters`,
      value,
    );
  }
  return value;
}

/** A string matching `pattern`, described to the user as `expected`. */
export function matchAt(field: string, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidInputError(field, expected, value);
  return value;
}

/** A name usable in ids and file names: letters, digits, `.`, `_`, `-`; 1 to 100 characters, no leading dot. */
export function nameAt(field: string, value: unknown): string {
  return matchAt(
    field,
    value,
    /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/,
    'a name of 1 to 100 letters, digits, ".", "_" or "-" (not starting with ".")',
  );
}

/** An integer in [min, max]. */
export function integerAt(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(field, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

/** A finite number in [min, max]. */
export function numberAt(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidInputError(field, `a number from ${min} to ${max}`, value);
  }
  return value;
}

/** One of `options`. */
export function oneOfAt<T extends string>(field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new InvalidInputError(field, `one of ${options.map((o) => `"${o}"`).join(', ')}`, value);
  }
  return value as T;
}

/** A non-empty array of at most `max` items, each parsed by `parse(item, field[i])`. */
export function arrayAt<T>(
  field: string,
  value: unknown,
  parse: (item: unknown, itemField: string) => T,
  max = 1000,
): T[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    throw new InvalidInputError(field, `a non-empty array of at most ${max} items`, value);
  }
  return (value as unknown[]).map((item, i) => parse(item, `${field}[${i}]`));
}

/** A string or `null`. */
export function nullableTextAt(field: string, value: unknown, max = 4096): string | null {
  return value === null ? null : textAt(field, value, max);
}

/** A finite number or `null`. */
export function nullableNumberAt(field: string, value: unknown, min: number, max: number): number | null {
  return value === null ? null : numberAt(field, value, min, max);
}

/** A split name, used in file names (`evaluations/<point>/<split>.json`): 1 to 64 letters, digits, `_` or `-`. */
export function splitNameAt(field: string, value: unknown): string {
  return matchAt(field, value, /^[A-Za-z0-9_-]{1,64}$/, 'a split name of 1 to 64 letters, digits, "_" or "-"');
}

/** A seed: a safe integer ≥ 0. */
export function seedAt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(field, 'a safe integer >= 0', value);
  }
  return value;
}
