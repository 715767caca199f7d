import { BcmlError } from '@bcml/core';

/** Where and how an MLflow call failed; `endpoint` is the URL path only (no host, query or credentials). */
export interface MlflowErrorDetails {
  readonly method: string;
  readonly endpoint: string;
  /** The HTTP status, or undefined when no response arrived (connection refused, reset, timeout). */
  readonly status: number | undefined;
  /** MLflow's `error_code` (e.g. `RESOURCE_DOES_NOT_EXIST`), when the server sent one. */
  readonly errorCode: string | undefined;
  readonly retryable: boolean;
  /** The server's `Retry-After`, in milliseconds, on 429 and 503 answers. */
  readonly retryAfterMs?: number | undefined;
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
  readonly cause?: unknown;
}

/** A failed MLflow call: HTTP status, endpoint path, MLflow error code, and whether retrying can help. */
export class MlflowError extends BcmlError {
  override readonly name = 'MlflowError';
  readonly method: string;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(message: string, details: MlflowErrorDetails) {
    super(message, details.retryable, details.cause === undefined ? {} : { cause: details.cause });
    this.method = details.method;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts ?? 1;
  }

  /** The same failure, reported after `attempts` attempts (the message says so). */
  afterAttempts(attempts: number): MlflowError {
    if (attempts <= 1) return this;
    return new MlflowError(`${this.message} (gave up after ${attempts} attempts)`, {
      method: this.method,
      endpoint: this.endpoint,
      status: this.status,
      errorCode: this.errorCode,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      attempts,
      cause: this.cause,
    });
  }
}

/** True for HTTP statuses worth retrying: 429 (rate limited) and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Whether an MLflow answer reports a transient database condition that its SQL store sends as HTTP 400
 * (`BAD_REQUEST`) rather than 5xx: the connection pool exhausted under load (`QueuePool limit … reached`), SQLite
 * busy (`database is locked`), or two requests inserting the same row at once (`UNIQUE constraint failed`, e.g. two
 * sweeps logging one dataset). A retry then succeeds (the pool has room, the row exists). An answer with error code
 * `RESOURCE_ALREADY_EXISTS` (creating an experiment or model whose name is taken, which the SQL store also reports
 * through a unique constraint) is final.
 */
export function isTransientDatabaseAnswer(status: number, detail: string, errorCode?: string): boolean {
  return (
    status === 400 &&
    errorCode !== 'RESOURCE_ALREADY_EXISTS' &&
    /QueuePool limit of size \d+ overflow \d+ reached|database is locked|UNIQUE constraint failed|duplicate key value violates unique constraint/.test(
      detail,
    )
  );
}

/**
 * Whether retrying the failed operation can help: a `BcmlError` says so itself (MLflow: network errors,
 * timeouts, 429 and 5xx yes; 4xx and bad input no); anything else (a bug, an unexpected value) is not retryable.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof BcmlError && error.retryable;
}

/** True when `error` is MLflow's "does not exist" answer (`RESOURCE_DOES_NOT_EXIST`, not any 404 of a proxy). */
export function isNotFound(error: unknown): boolean {
  return error instanceof MlflowError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST';
}

/** True when `error` is MLflow's "already exists" answer. */
export function isAlreadyExists(error: unknown): boolean {
  return error instanceof MlflowError && error.errorCode === 'RESOURCE_ALREADY_EXISTS';
}
