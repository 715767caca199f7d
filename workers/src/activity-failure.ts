import { BcmlError } from '@bcml/core';
import { ApplicationFailure } from '@temporalio/common';

/**
 * Maps a library error to what an activity throws: a `BcmlError` that no retry can fix (`retryable: false`) becomes a
 * non-retryable `ApplicationFailure` whose type is the error's name (`InvalidInputError`, ...); anything else is
 * returned unchanged (Temporal retries it).
 */
export function toActivityFailure(error: unknown): unknown {
  if (error instanceof BcmlError && !error.retryable) {
    return ApplicationFailure.create({ message: error.message, type: error.name, nonRetryable: true, cause: error });
  }
  return error;
}

/** Runs an activity's `body`, throwing what it throws mapped by `toActivityFailure`. */
export async function withActivityFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toActivityFailure(error);
  }
}
