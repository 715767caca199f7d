import { InvalidInputError } from './bcml-error.js';

/** A string of 1 to `max` characters, not blank, without control characters. */
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

/** A string or `null`; a string as `textAt` takes it. */
export function nullableTextAt(field: string, value: unknown, max = 4096): string | null {
  return value === null ? null : textAt(field, value, max);
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

/** A split name, used in file names (`evaluations/<point>/<split>.json`): 1 to 64 letters, digits, `_` or `-`. */
export function splitNameAt(field: string, value: unknown): string {
  return matchAt(field, value, /^[A-Za-z0-9_-]{1,64}$/, 'a split name of 1 to 64 letters, digits, "_" or "-"');
}

/** One of `options`, described as `one of "a", "b"` unless `expected` words it (`"sgd" or "adam"`). */
export function oneOfAt<T extends string>(
  field: string,
  value: unknown,
  options: readonly T[],
  expected = `one of ${options.map((o) => `"${o}"`).join(', ')}`,
): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new InvalidInputError(field, expected, value);
  }
  return value as T;
}

/**
 * A non-empty array of at most `max` items, each parsed by `parse(item, field[i])`; described as `a non-empty array
 * of at most <max> items` unless `expected` words it.
 */
export function arrayAt<T>(
  field: string,
  value: unknown,
  parse: (item: unknown, itemField: string) => T,
  max = 1000,
  expected = `a non-empty array of at most ${max} items`,
): T[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    throw new InvalidInputError(field, expected, value);
  }
  return (value as unknown[]).map((item, i) => parse(item, `${field}[${i}]`));
}

/**
 * `values` unchanged when no item repeats an earlier one, else an `InvalidInputError` at `field[i]` of the first
 * repeat, described as `a value not already at [<first>]` unless `expected` words it.
 */
export function distinctAt<T>(field: string, values: T[], expected?: string): T[] {
  values.forEach((value, i) => {
    const first = values.indexOf(value);
    if (first !== i) {
      throw new InvalidInputError(`${field}[${i}]`, expected ?? `a value not already at [${first}]`, value);
    }
  });
  return values;
}
