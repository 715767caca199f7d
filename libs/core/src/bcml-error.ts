/** Context a typed bcml error carries: the offending field, what was expected and received, and the cause. */
export interface BcmlErrorContext {
  readonly field?: string;
  readonly expected?: string;
  readonly received?: string;
  readonly cause?: unknown;
}

/**
 * Base of bcml's typed errors. `retryable` tells activities whether a retry can help: bad input never
 * becomes good by retrying; transient I/O may.
 */
export class BcmlError extends Error {
  override readonly name: string = 'BcmlError';
  readonly field: string | undefined;
  readonly expected: string | undefined;
  readonly received: string | undefined;

  constructor(
    message: string,
    readonly retryable: boolean,
    context: BcmlErrorContext = {},
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.field = context.field;
    this.expected = context.expected;
    this.received = context.received;
  }
}

/** Options of an `InvalidInputError`: the error that revealed the bad input (a parse failure, a 404), kept as `cause`. */
export interface InvalidInputErrorOptions {
  readonly cause?: unknown;
}

/** Invalid input (a spec, a dataset, an argument): names the field and the expected value; never retryable. */
export class InvalidInputError extends BcmlError {
  override readonly name = 'InvalidInputError';

  constructor(field: string, expected: string, received: unknown, options: InvalidInputErrorOptions = {}) {
    const rendered = describeReceived(received);
    super(`invalid ${field}: expected ${expected}, received ${rendered}`, false, {
      field,
      expected,
      received: rendered,
      cause: options.cause,
    });
  }
}

/**
 * A short, log-safe rendering of a received value for error messages: strings quoted (cut to 80 characters),
 * numbers, booleans, `null` and `undefined` as written, arrays by length, anything else by its type only (an
 * object may hold secrets).
 */
export function describeReceived(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}
