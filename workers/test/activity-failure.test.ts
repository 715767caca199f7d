import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';

import { BcmlError, InvalidInputError } from '@bcml/core';
import { toActivityFailure } from '@bcml/workers';

describe('toActivityFailure', () => {
  it('turns a non-retryable bcml error into a non-retryable ApplicationFailure of its name', () => {
    const error = new InvalidInputError('h1.outputWidth', '2', 3);
    const failure = toActivityFailure(error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'InvalidInputError', nonRetryable: true, message: error.message });
    expect((failure as ApplicationFailure).cause).toBe(error);
  });

  it('leaves retryable bcml errors and other errors alone (Temporal retries them)', () => {
    const transient = new BcmlError('connection reset', true);
    const plain = new Error('boom');
    expect(toActivityFailure(transient)).toBe(transient);
    expect(toActivityFailure(plain)).toBe(plain);
  });
});
