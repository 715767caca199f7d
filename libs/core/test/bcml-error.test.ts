import { describe, expect, it } from 'vitest';

import { BcmlError, describeReceived, InvalidInputError } from '@bcml/core';

describe('describeReceived', () => {
  it('renders received values briefly and safely', () => {
    expect(describeReceived('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(77)}...`));
    expect(describeReceived('x'.repeat(80))).toBe(JSON.stringify('x'.repeat(80)));
    expect(describeReceived('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(describeReceived([1, 2, 3])).toBe('an array of length 3');
    expect(describeReceived({ secret: 'p4ss' })).toBe('object');
    expect(describeReceived(undefined)).toBe('undefined');
    expect(describeReceived(null)).toBe('null');
    expect(describeReceived(false)).toBe('false');
    expect(describeReceived(-0.5)).toBe('-0.5');
    expect(describeReceived(Number.NaN)).toBe('NaN');
    expect(describeReceived(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
  });
});

describe('BcmlError', () => {
  it('carries retryability and the cause', () => {
    const cause = new Error('ECONNRESET');
    const error = new BcmlError('upload failed', true, { cause });
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(new BcmlError('upload failed', true)).not.toHaveProperty('cause');
    expect(new InvalidInputError('spec.epochs', 'a positive integer', 0)).toMatchObject({
      name: 'InvalidInputError',
      retryable: false,
      field: 'spec.epochs',
      expected: 'a positive integer',
      received: '0',
    });
  });
});

describe('InvalidInputError', () => {
  it('words the message from the field, the expectation and the received value', () => {
    const error = new InvalidInputError('h2.model.hidden[1]', 'a positive integer', 0);
    expect(error.message).toBe('invalid h2.model.hidden[1]: expected a positive integer, received 0');
    expect(error).toBeInstanceOf(BcmlError);
    expect(error).toBeInstanceOf(Error);
  });

  it('keeps the error it wraps as its cause, and has none otherwise', () => {
    const cause = new SyntaxError('Unexpected token } in JSON at position 7');
    const error = new InvalidInputError('spec file', 'valid JSON', 'sweep.json', { cause });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('invalid spec file: expected valid JSON, received "sweep.json"');
    expect(new InvalidInputError('spec file', 'valid JSON', 'sweep.json')).not.toHaveProperty('cause');
    expect(new InvalidInputError('spec file', 'valid JSON', 'sweep.json', {})).not.toHaveProperty('cause');
  });
});
