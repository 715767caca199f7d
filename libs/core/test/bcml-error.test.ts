import { describe as suite, expect, it } from 'vitest';

import { BcmlError, describe, InvalidInputError } from '@bcml/core';

suite('describe', () => {
  it('renders received values briefly and safely', () => {
    expect(describe('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(77)}...`));
    expect(describe([1, 2, 3])).toBe('an array of length 3');
    expect(describe({ secret: 'p4ss' })).toBe('object');
    expect(describe(undefined)).toBe('undefined');
    expect(describe(-0.5)).toBe('-0.5');
  });
});

suite('BcmlError', () => {
  it('carries retryability and the cause', () => {
    const cause = new Error('ECONNRESET');
    const error = new BcmlError('upload failed', true, { cause });
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(new InvalidInputError('spec.epochs', 'a positive integer', 0)).toMatchObject({
      name: 'InvalidInputError',
      retryable: false,
      field: 'spec.epochs',
      expected: 'a positive integer',
      received: '0',
    });
  });
});
