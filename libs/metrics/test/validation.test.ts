import { describe, expect, it } from 'vitest';

import { BcmlError } from '@bcml/core';
import {
  type CompatibilityInput,
  computeCompatibility,
  errorOverlap,
  evaluateCompatibility,
  kneePoint,
  MAX_CLASSES,
  mcnemarExactPValue,
  MetricInputError,
  paretoFront,
  perClassCompatibility,
  proportion,
  wilsonInterval,
} from '@bcml/metrics';

const labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const good = { labels, h1: labels.slice(), h2: labels.slice(), numClasses: 10 };

/** The error each entry point throws for `input` (they must all agree), checked to be a `MetricInputError`. */
function failure(input: unknown): MetricInputError {
  const errors = [computeCompatibility, errorOverlap, perClassCompatibility, evaluateCompatibility].map((f) => {
    try {
      f(input as CompatibilityInput);
    } catch (error) {
      return error;
    }
    throw new Error(`${f.name} accepted a bad input`);
  });
  const [first] = errors;
  expect(first).toBeInstanceOf(MetricInputError);
  expect(first).toBeInstanceOf(BcmlError);
  for (const error of errors) expect((error as Error).message).toBe((first as Error).message);
  return first as MetricInputError;
}

describe('input validation', () => {
  it('names the argument, the index and the value of a bad prediction', () => {
    const h2 = good.h2.slice();
    h2[17] = 12;
    const error = failure({ ...good, h2 });
    expect(error.message).toBe('invalid h2[17]: expected an integer in [0, 10), received 12');
    expect(error).toMatchObject({
      name: 'MetricInputError',
      retryable: false,
      argument: 'h2',
      index: 17,
      field: 'h2[17]',
      expected: 'an integer in [0, 10)',
      received: '12',
    });
  });

  it.each([
    ['labels', 3, -1, 'invalid labels[3]: expected an integer in [0, 10), received -1'],
    ['labels', 0, 10, 'invalid labels[0]: expected an integer in [0, 10), received 10'],
    ['h1', 5, 2.5, 'invalid h1[5]: expected an integer in [0, 10), received 2.5'],
    ['h1', 19, Number.NaN, 'invalid h1[19]: expected an integer in [0, 10), received NaN'],
    ['h2', 2, Infinity, 'invalid h2[2]: expected an integer in [0, 10), received Infinity'],
    ['h2', 4, '4', 'invalid h2[4]: expected an integer in [0, 10), received "4"'],
    ['labels', 7, undefined, 'invalid labels[7]: expected an integer in [0, 10), received undefined'],
    ['h1', 1, null, 'invalid h1[1]: expected an integer in [0, 10), received null'],
  ])('rejects %s[%i] = %s', (argument, index, bad, message) => {
    const array: unknown[] = good[argument as 'labels' | 'h1' | 'h2'].slice();
    array[index] = bad;
    expect(failure({ ...good, [argument]: array }).message).toBe(message);
  });

  it('rejects holes in a sparse array', () => {
    const h1 = [...good.h1.slice(0, 6), , ...good.h1.slice(7)];
    expect(failure({ ...good, h1 }).message).toBe('invalid h1[6]: expected an integer in [0, 10), received undefined');
  });

  it('rejects out-of-range values in typed arrays', () => {
    const h1 = Int8Array.from(good.h1);
    h1[9] = -3;
    expect(failure({ ...good, h1 }).message).toBe('invalid h1[9]: expected an integer in [0, 10), received -3');
    const h2 = Float32Array.from(good.h2);
    h2[11] = 0.5;
    expect(failure({ ...good, h2 }).message).toBe('invalid h2[11]: expected an integer in [0, 10), received 0.5');
  });

  it('rejects unequal lengths', () => {
    expect(failure({ ...good, h1: good.h1.slice(1) }).message).toBe(
      'invalid h1.length: expected 20 (the length of labels), received 19',
    );
    expect(failure({ ...good, h2: [...good.h2, 0] }).message).toBe(
      'invalid h2.length: expected 20 (the length of labels), received 21',
    );
    expect(failure({ ...good, ids: new Uint32Array(3) }).message).toBe(
      'invalid ids.length: expected 20 (the length of labels), received 3',
    );
  });

  it.each([0, -1, 2.5, Number.NaN, '10', undefined, MAX_CLASSES + 1])('rejects numClasses = %s', (numClasses) => {
    const error = failure({ ...good, numClasses });
    expect(error.argument).toBe('numClasses');
    expect(error.message).toMatch(/^invalid numClasses: expected a positive integer \(at most 16777216\), received /);
  });

  it('rejects containers that are not arrays of numbers', () => {
    expect(failure({ ...good, labels: '01234567890123456789' }).message).toBe(
      'invalid labels: expected an array or a (non-BigInt) typed array of integers, received "01234567890123456789"',
    );
    expect(failure({ ...good, h1: new BigInt64Array(20) }).argument).toBe('h1');
    expect(failure({ ...good, h2: { length: 20 } }).argument).toBe('h2');
    expect(failure({ ...good, labels: undefined }).argument).toBe('labels');
    expect(failure(null).message).toBe(
      'invalid input: expected an object { labels, h1, h2, numClasses, ids? }, received null',
    );
  });

  it('rejects ids that are not integers in [0, 2^32)', () => {
    const ids = labels.map((_, i) => i);
    expect(failure({ ...good, ids: Object.assign(ids.slice(), { 4: -1 }) }).message).toBe(
      'invalid ids[4]: expected an integer in [0, 4294967296), received -1',
    );
    expect(failure({ ...good, ids: Object.assign(ids.slice(), { 8: 2 ** 32 }) }).message).toBe(
      'invalid ids[8]: expected an integer in [0, 4294967296), received 4294967296',
    );
    expect(failure({ ...good, ids: Object.assign(ids.slice(), { 2: 1.5 }) }).message).toBe(
      'invalid ids[2]: expected an integer in [0, 4294967296), received 1.5',
    );
  });

  it('rejects duplicate ids, naming both positions (dense ids: bitmap; sparse ids: sorted copy)', () => {
    const dense = labels.map((_, i) => 100 + i);
    dense[13] = 105;
    expect(failure({ ...good, ids: dense }).message).toBe(
      'invalid ids[13]: expected a unique id (105 is already at ids[5]), received 105',
    );
    const sparse = labels.map((_, i) => i * 200_000_000);
    sparse[18] = 200_000_000; // the smaller value, repeated later
    sparse[10] = 1_400_000_000; // the earlier repeat
    expect(failure({ ...good, ids: sparse }).message).toBe(
      'invalid ids[10]: expected a unique id (1400000000 is already at ids[7]), received 1400000000',
    );
    expect(() => computeCompatibility({ ...good, ids: labels.map((_, i) => i * 200_000_000) })).not.toThrow();
    expect(() => computeCompatibility({ ...good, ids: [...labels.keys()].reverse() })).not.toThrow();
  });

  it('validates everything before computing anything', () => {
    // Record every read of labels: validation reads each element once; a computation would read them again.
    const reads: number[] = [];
    const watched = new Proxy(labels, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const h2 = good.h2.slice();
    h2[19] = 10; // the very last element of the last array checked
    expect(() => computeCompatibility({ ...good, labels: watched, h2 })).toThrow(MetricInputError);
    expect(reads).toEqual(labels.map((_, i) => i));
  });
});

describe('validation of the statistics helpers', () => {
  it('rejects impossible counts', () => {
    expect(() => proportion(3, 2)).toThrow('invalid numerator: expected an integer in [0, 2], received 3');
    expect(() => proportion(1, -1)).toThrow('invalid denominator: expected a non-negative integer, received -1');
    expect(proportion(0, 0)).toBeNull();
    expect(() => wilsonInterval(0, 0)).toThrow('invalid trials: expected a positive integer, received 0');
    expect(() => wilsonInterval(1, 2, -1)).toThrow('invalid z: expected a positive finite number, received -1');
    expect(() => mcnemarExactPValue(-1, 2)).toThrow(
      'invalid negativeFlips: expected a non-negative integer, received -1',
    );
    expect(() => mcnemarExactPValue(1, 0.5)).toThrow(
      'invalid positiveFlips: expected a non-negative integer, received 0.5',
    );
  });
});

describe('validation of Pareto inputs', () => {
  const objectives = [
    { key: 'accuracy', direction: 'max' },
    { key: 'nfr', direction: 'min' },
  ] as const;

  it('names the point, the key and the value', () => {
    const points = [
      { accuracy: 0.9, nfr: 0.01 },
      { accuracy: 0.8, nfr: Number.NaN },
    ];
    expect(() => paretoFront(points, objectives)).toThrow(
      'invalid points[1].nfr: expected a finite number, received NaN',
    );
    expect(() => kneePoint(points, objectives)).toThrow(MetricInputError);
    const missing = [{ accuracy: 0.9 }] as unknown as { accuracy: number; nfr: number }[];
    expect(() => paretoFront(missing, objectives)).toThrow(
      'invalid points[0].nfr: expected a finite number, received undefined',
    );
  });

  it('rejects bad objectives', () => {
    const points = [{ a: 1, b: 2 }];
    expect(() => paretoFront(points, [])).toThrow('invalid objectives: expected a non-empty array');
    expect(() =>
      paretoFront(points, [
        { key: 'a', direction: 'max' },
        { key: 'a', direction: 'min' },
      ]),
    ).toThrow('invalid objectives[1].key: expected a string not listed before, received "a"');
    const sideways = [{ key: 'a', direction: 'up' }] as unknown as { key: 'a'; direction: 'max' }[];
    expect(() => paretoFront(points, sideways)).toThrow(
      `invalid objectives[0].direction: expected 'max' or 'min', received "up"`,
    );
  });
});
