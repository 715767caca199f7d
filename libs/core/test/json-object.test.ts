import { describe, expect, it } from 'vitest';

import { fieldOf, isPresent, optionalAt, presentKeys, recordAt, rejectUnknownKeys, requiredAt } from '@bcml/core';

import { thrown } from './support/thrown.js';

describe('recordAt', () => {
  it('returns plain objects as they are', () => {
    const value = { a: 1 };
    expect(recordAt('spec', value)).toBe(value);
    expect(recordAt('spec', {})).toEqual({});
    expect(recordAt('spec', JSON.parse('{"b":[1]}'))).toEqual({ b: [1] });
  });

  it.each([
    [null, 'null'],
    [[{ a: 1 }], 'an array of length 1'],
    ['{}', '"{}"'],
    [1, '1'],
    [undefined, 'undefined'],
  ])('rejects %j, naming the field and the expectation', (value, received) => {
    expect(thrown(() => recordAt('h2.model', value)).message).toBe(
      `invalid h2.model: expected an object, received ${received}`,
    );
    expect(thrown(() => recordAt('h1', value, 'an object with "uri"')).message).toBe(
      `invalid h1: expected an object with "uri", received ${received}`,
    );
  });
});

describe('fieldOf', () => {
  it('joins with a dot, except at the top level', () => {
    expect(fieldOf('h2', 'epochs')).toBe('h2.epochs');
    expect(fieldOf('points[3].h2', 'seed')).toBe('points[3].h2.seed');
    expect(fieldOf('', 'name')).toBe('name');
  });
});

describe('explicit undefined counts as absent', () => {
  const record = { set: 0, unset: undefined, nulled: null };

  it('isPresent and presentKeys see only keys with a value (null is a value)', () => {
    expect(isPresent(record, 'set')).toBe(true);
    expect(isPresent(record, 'nulled')).toBe(true);
    expect(isPresent(record, 'unset')).toBe(false);
    expect(isPresent(record, 'missing')).toBe(false);
    expect(presentKeys(record)).toEqual(['set', 'nulled']);
  });

  it('isPresent ignores inherited keys', () => {
    expect(isPresent({}, 'toString')).toBe(false);
    expect(isPresent(Object.create({ inherited: 1 }) as Record<string, unknown>, 'inherited')).toBe(false);
  });

  it('parses the same before and after a JSON round trip', () => {
    const roundTripped = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    expect(roundTripped).not.toHaveProperty('unset');
    for (const r of [record, roundTripped]) {
      expect(optionalAt(r, 'unset', () => 'parsed', 'fallback')).toBe('fallback');
      expect(thrown(() => requiredAt('x', r, 'unset')).field).toBe('x.unset');
      expect(() => rejectUnknownKeys('x', r, ['set', 'nulled'])).not.toThrow();
    }
  });
});

describe('requiredAt', () => {
  it('returns the value, null and falsy values included', () => {
    expect(requiredAt('h2', { epochs: 3 }, 'epochs')).toBe(3);
    expect(requiredAt('h2', { seed: 0 }, 'seed')).toBe(0);
    expect(requiredAt('h2', { name: '' }, 'name')).toBe('');
    expect(requiredAt('h2', { value: null }, 'value')).toBeNull();
  });

  it('names the missing field, at the top level too', () => {
    const error = thrown(() => requiredAt('h2', {}, 'epochs'));
    expect(error.message).toBe('invalid h2.epochs: expected a value (the field is required), received undefined');
    expect(error.field).toBe('h2.epochs');
    expect(error.retryable).toBe(false);
    expect(thrown(() => requiredAt('', { other: 1 }, 'name')).field).toBe('name');
  });
});

describe('optionalAt', () => {
  it('parses a present value, else gives the fallback or undefined', () => {
    const parse = (v: unknown): string => `parsed ${String(v)}`;
    expect(optionalAt({ a: 1 }, 'a', parse, 'fallback')).toBe('parsed 1');
    expect(optionalAt({ a: null }, 'a', parse, 'fallback')).toBe('parsed null');
    expect(optionalAt({}, 'a', parse, 'fallback')).toBe('fallback');
    expect(optionalAt({ a: 1 }, 'a', parse)).toBe('parsed 1');
    expect(optionalAt({}, 'a', parse)).toBeUndefined();
  });

  it('does not call the parser for an absent key', () => {
    let calls = 0;
    optionalAt({ b: 1 }, 'a', () => ++calls, 0);
    expect(calls).toBe(0);
  });
});

describe('rejectUnknownKeys', () => {
  it('accepts objects with allowed keys only', () => {
    expect(() => rejectUnknownKeys('h1', { uri: 'x' }, ['uri'])).not.toThrow();
    expect(() => rejectUnknownKeys('h1', {}, ['uri'])).not.toThrow();
  });

  it('names the first unknown key and lists the allowed ones', () => {
    const error = thrown(() => rejectUnknownKeys('execution', { pool: 'cpu', workers: 3, gpus: 1 }, ['pool']));
    expect(error.field).toBe('execution.workers');
    expect(error.message).toBe('invalid execution.workers: expected no such key (execution takes pool), received 3');
  });

  it('calls the top level "the spec"', () => {
    expect(thrown(() => rejectUnknownKeys('', { lambda: 0.5 }, ['name', 'h2'])).message).toBe(
      'invalid lambda: expected no such key (the spec takes name, h2), received 0.5',
    );
  });

  it('takes the owner and the noun from the wording, and says "none" when nothing is allowed', () => {
    expect(
      thrown(() =>
        rejectUnknownKeys('h2.model', { kind: 'lenet', hidden: [50] }, ['kind'], { owner: 'a "lenet" model' }),
      ).message,
    ).toBe('invalid h2.model.hidden: expected no such key (a "lenet" model takes kind), received an array of length 1');
    expect(
      thrown(() =>
        rejectUnknownKeys('h2.lossOptions', { pivot: 0.5 }, [], { owner: 'the loss new-error/nll', noun: 'option' }),
      ).message,
    ).toBe('invalid h2.lossOptions.pivot: expected no such option (the loss new-error/nll takes none), received 0.5');
  });
});
