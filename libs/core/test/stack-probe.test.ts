import { describe, expect, it } from 'vitest';

import { InvalidInputError, parseStackProbeInput } from '@bcml/core';

describe('parseStackProbeInput', () => {
  it('accepts a message', () => {
    expect(parseStackProbeInput({ message: 'hello' })).toEqual({ message: 'hello' });
  });

  it('names the field, the expectation and the received value', () => {
    const error = (() => {
      try {
        parseStackProbeInput({ message: 42 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('input.message');
    expect((error as InvalidInputError).retryable).toBe(false);
    expect((error as Error).message).toBe(
      'invalid input.message: expected a string of 1 to 1000 characters, received 42',
    );
  });

  it('rejects a non-object input', () => {
    expect(() => parseStackProbeInput(null)).toThrow('invalid input: expected an object, received null');
    expect(() => parseStackProbeInput({ message: '' })).toThrow(/invalid input\.message/);
  });
});
