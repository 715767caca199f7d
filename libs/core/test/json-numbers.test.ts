import { describe, expect, it } from 'vitest';

import {
  integerAt,
  nonNegativeNumberAt,
  nullableNumberAt,
  numberAt,
  numberInAt,
  positiveIntegerAt,
  positiveNumberAt,
  seedAt,
} from '@bcml/core';

import { messageOf } from './support/thrown.js';

/** Not numbers, whatever they look like. */
const notNumbers: unknown[] = ['1', null, undefined, true, [1], { value: 1 }, 1n];

describe('integerAt', () => {
  it('accepts integers in [min, max], bounds included', () => {
    expect(integerAt('x', 0, 0, 10)).toBe(0);
    expect(integerAt('x', 10, 0, 10)).toBe(10);
    expect(integerAt('x', -3, -5, 5)).toBe(-3);
    expect(integerAt('x', 2.0, 0, 10)).toBe(2);
  });

  it.each([-1, 11, 1.5, Number.NaN, Number.POSITIVE_INFINITY, ...notNumbers])('rejects %s', (value) => {
    expect(messageOf(() => integerAt('x', value, 0, 10))).toMatch(
      /^invalid x: expected an integer from 0 to 10, received /,
    );
  });

  it('renders the received value', () => {
    expect(messageOf(() => integerAt('pointProgress.epoch', 1.5, 0, 3), 'pointProgress.epoch')).toBe(
      'invalid pointProgress.epoch: expected an integer from 0 to 3, received 1.5',
    );
  });
});

describe('positiveIntegerAt', () => {
  it('accepts 1 to max', () => {
    expect(positiveIntegerAt('x', 1, 64)).toBe(1);
    expect(positiveIntegerAt('x', 64, 64)).toBe(64);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, ...notNumbers])(
    'rejects %s as not a positive integer',
    (value) => {
      expect(messageOf(() => positiveIntegerAt('x', value, 64))).toMatch(/^invalid x: expected a positive integer, /);
    },
  );

  it('gives the range above max', () => {
    expect(messageOf(() => positiveIntegerAt('h2.epochs', 1e9, 100_000), 'h2.epochs')).toBe(
      'invalid h2.epochs: expected an integer from 1 to 100000, received 1000000000',
    );
  });
});

describe('seedAt', () => {
  it('accepts safe integers >= 0', () => {
    expect(seedAt('seed', 0)).toBe(0);
    expect(seedAt('seed', Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([-1, 0.5, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY, ...notNumbers])('rejects %s', (value) => {
    expect(messageOf(() => seedAt('seed', value), 'seed')).toMatch(/^invalid seed: expected a safe integer >= 0, /);
  });
});

describe('numberAt', () => {
  it('accepts finite numbers in [min, max], bounds included', () => {
    expect(numberAt('x', 0, 0, 1)).toBe(0);
    expect(numberAt('x', 1, 0, 1)).toBe(1);
    expect(numberAt('x', 0.25, 0, 1)).toBe(0.25);
    expect(numberAt('x', -0.5, -1, 1)).toBe(-0.5);
  });

  it.each([-0.001, 1.001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, ...notNumbers])(
    'rejects %s',
    (value) => {
      expect(messageOf(() => numberAt('x', value, 0, 1))).toMatch(/^invalid x: expected a number from 0 to 1, /);
    },
  );

  it('rejects infinity even when the bounds are infinite', () => {
    expect(messageOf(() => numberAt('x', Number.POSITIVE_INFINITY, 0, Number.POSITIVE_INFINITY))).toBe(
      'invalid x: expected a number from 0 to Infinity, received Infinity',
    );
  });
});

describe('nullableNumberAt', () => {
  it('accepts null and numbers in range', () => {
    expect(nullableNumberAt('x', null, 0, 1)).toBeNull();
    expect(nullableNumberAt('x', 0.5, 0, 1)).toBe(0.5);
  });

  it('rejects undefined and numbers out of range', () => {
    expect(messageOf(() => nullableNumberAt('x', undefined, 0, 1))).toBe(
      'invalid x: expected a number from 0 to 1, received undefined',
    );
    expect(messageOf(() => nullableNumberAt('x', 2, 0, 1))).toMatch(/received 2$/);
  });
});

describe('nonNegativeNumberAt', () => {
  it('accepts finite numbers >= 0', () => {
    expect(nonNegativeNumberAt('x', 0)).toBe(0);
    expect(nonNegativeNumberAt('x', 1e6)).toBe(1e6);
  });

  it.each([-1e-9, Number.NaN, Number.POSITIVE_INFINITY, ...notNumbers])('rejects %s', (value) => {
    expect(messageOf(() => nonNegativeNumberAt('x', value))).toMatch(/^invalid x: expected a finite number >= 0, /);
  });
});

describe('positiveNumberAt', () => {
  it('accepts finite numbers > 0', () => {
    expect(positiveNumberAt('x', 1e-8)).toBe(1e-8);
    expect(positiveNumberAt('x', 3)).toBe(3);
  });

  it.each([0, -0, -1, Number.NaN, Number.POSITIVE_INFINITY, ...notNumbers])('rejects %s', (value) => {
    expect(messageOf(() => positiveNumberAt('x', value))).toMatch(/^invalid x: expected a finite number > 0, /);
  });
});

describe('numberInAt', () => {
  it('includes a bound written with a square bracket and excludes one written with a parenthesis', () => {
    expect(numberInAt('x', 0, '[0, 1)')).toBe(0);
    expect(numberInAt('x', 0.999, '[0, 1)')).toBe(0.999);
    expect(numberInAt('x', 1, '(0, 1]')).toBe(1);
    expect(numberInAt('x', 0.5, '(0, 1)')).toBe(0.5);
    expect(numberInAt('x', -2, '[-2, 2]')).toBe(-2);
    expect(numberInAt('x', 1e-3, '(0, 1e-2)')).toBe(1e-3);
  });

  it.each([
    [1, '[0, 1)'],
    [0, '(0, 1)'],
    [1, '(0, 1)'],
    [0, '(0, 1]'],
    [-0.1, '[0, 1]'],
    [Number.NaN, '[0, 1)'],
    [Number.NEGATIVE_INFINITY, '[0, 1)'],
  ] as const)('rejects %s outside %s', (value, interval) => {
    expect(messageOf(() => numberInAt('x', value, interval))).toBe(
      `invalid x: expected a number in ${interval}, received ${String(value)}`,
    );
  });

  it.each(notNumbers)('rejects %s', (value) => {
    expect(messageOf(() => numberInAt('x', value, '[0, 1)'))).toMatch(/^invalid x: expected a number in \[0, 1\), /);
  });

  it('describes the number as asked', () => {
    expect(messageOf(() => numberInAt('model.dropout', 1.5, '[0, 1)', 'a dropout rate'), 'model.dropout')).toBe(
      'invalid model.dropout: expected a dropout rate in [0, 1), received 1.5',
    );
  });
});
