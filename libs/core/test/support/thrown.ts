import { expect } from 'vitest';

import { InvalidInputError } from '@bcml/core';

/** The error `run` throws (fails the test when it throws none, or throws something else than an `InvalidInputError`). */
export function thrown(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  return expect.fail('expected an InvalidInputError');
}

/** The message of the error `run` throws, after checking that it names `field` and is not retryable. */
export function messageOf(run: () => unknown, field = 'x'): string {
  const error = thrown(run);
  expect(error.field).toBe(field);
  expect(error.retryable).toBe(false);
  return error.message;
}
