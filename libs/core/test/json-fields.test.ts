import { describe, expect, it } from 'vitest';

import { arrayAt, distinctAt, matchAt, nameAt, nullableTextAt, oneOfAt, splitNameAt, textAt } from '@bcml/core';

import { messageOf } from './support/thrown.js';

describe('textAt', () => {
  it('accepts non-blank strings up to max characters', () => {
    expect(textAt('x', 'bcml-adult')).toBe('bcml-adult');
    expect(textAt('x', ' padded ')).toBe(' padded ');
    expect(textAt('x', 'é'.repeat(200))).toHaveLength(200);
    expect(textAt('x', 'abc', 3)).toBe('abc');
  });

  it.each([
    ['', '""'],
    ['   ', '"   "'],
    ['a\nb', '"a\\nb"'],
    ['tab\there', '"tab\\there"'],
    ['x'.repeat(201), JSON.stringify(`${'x'.repeat(77)}...`)],
    [42, '42'],
    [null, 'null'],
    [undefined, 'undefined'],
  ])('rejects %j', (value, received) => {
    expect(messageOf(() => textAt('x', value))).toBe(
      `invalid x: expected a non-empty string of at most 200 characters without control characters, received ${received}`,
    );
  });

  it('takes its own maximum', () => {
    expect(messageOf(() => textAt('x', 'abcd', 3))).toMatch(/at most 3 characters/);
  });
});

describe('nullableTextAt', () => {
  it('accepts null and text, 4096 characters by default', () => {
    expect(nullableTextAt('x', null)).toBeNull();
    expect(nullableTextAt('x', 'y'.repeat(4096))).toHaveLength(4096);
    expect(messageOf(() => nullableTextAt('x', 'y'.repeat(4097)))).toMatch(/at most 4096 characters/);
    expect(messageOf(() => nullableTextAt('x', undefined))).toMatch(/received undefined$/);
  });
});

describe('matchAt', () => {
  it('accepts strings matching the pattern and rejects the rest with the given wording', () => {
    expect(matchAt('x', 'abc', /^[a-c]+$/, 'letters a to c')).toBe('abc');
    expect(messageOf(() => matchAt('x', 'abd', /^[a-c]+$/, 'letters a to c'))).toBe(
      'invalid x: expected letters a to c, received "abd"',
    );
    expect(messageOf(() => matchAt('x', 1, /^1$/, 'the string "1"'))).toBe(
      'invalid x: expected the string "1", received 1',
    );
  });
});

describe('nameAt', () => {
  it.each(['a', 'adult-lr-to-mlp', 'v1.2_b', '_x', 'n'.repeat(100)])('accepts %s', (name) => {
    expect(nameAt('name', name)).toBe(name);
  });

  it.each(['', '.hidden', 'my sweep', 'a/b', 'n'.repeat(101), 'ü'])('rejects %j', (name) => {
    expect(messageOf(() => nameAt('name', name), 'name')).toMatch(
      /^invalid name: expected a name of 1 to 100 letters, digits, "\.", "_" or "-" \(not starting with "\."\), /,
    );
  });
});

describe('splitNameAt', () => {
  it.each(['train', 'test', 'val_2', 'hold-out', 's'.repeat(64)])('accepts %s', (split) => {
    expect(splitNameAt('split', split)).toBe(split);
  });

  it.each(['', '../train', 'a.b', 's'.repeat(65), 3])('rejects %j', (split) => {
    expect(messageOf(() => splitNameAt('split', split), 'split')).toMatch(
      /^invalid split: expected a split name of 1 to 64 letters, digits, "_" or "-", /,
    );
  });
});

describe('oneOfAt', () => {
  it('returns one of the options', () => {
    expect(oneOfAt('pool', 'gpu', ['cpu', 'gpu'])).toBe('gpu');
  });

  it('lists the options, quoted, unless told how to word them', () => {
    expect(messageOf(() => oneOfAt('pool', 'tpu', ['cpu', 'gpu']), 'pool')).toBe(
      'invalid pool: expected one of "cpu", "gpu", received "tpu"',
    );
    expect(messageOf(() => oneOfAt('kind', 'rmsprop', ['sgd', 'adam'], '"sgd" or "adam"'), 'kind')).toBe(
      'invalid kind: expected "sgd" or "adam", received "rmsprop"',
    );
  });

  it.each([undefined, null, 1, ['cpu'], 'CPU', 'cpu '])('rejects %j', (value) => {
    expect(messageOf(() => oneOfAt('pool', value, ['cpu', 'gpu']), 'pool')).toMatch(/expected one of "cpu", "gpu"/);
  });
});

describe('arrayAt', () => {
  it('parses each item, naming it by index', () => {
    const fields: string[] = [];
    const parsed = arrayAt('xs', [1, 2, 3], (item, at) => {
      fields.push(at);
      return Number(item) * 2;
    });
    expect(parsed).toEqual([2, 4, 6]);
    expect(fields).toEqual(['xs[0]', 'xs[1]', 'xs[2]']);
    expect(arrayAt('xs', [1, 2], (item) => item, 2)).toEqual([1, 2]);
  });

  it('rejects empty, over-long and non-array values', () => {
    const same = (item: unknown): unknown => item;
    expect(messageOf(() => arrayAt('xs', [], same), 'xs')).toBe(
      'invalid xs: expected a non-empty array of at most 1000 items, received an array of length 0',
    );
    expect(messageOf(() => arrayAt('xs', [1, 2, 3], same, 2), 'xs')).toBe(
      'invalid xs: expected a non-empty array of at most 2 items, received an array of length 3',
    );
    expect(messageOf(() => arrayAt('xs', { 0: 1, length: 1 }, same), 'xs')).toMatch(/received object$/);
    expect(messageOf(() => arrayAt('xs', undefined, same), 'xs')).toMatch(/received undefined$/);
    expect(messageOf(() => arrayAt('xs', [], same, 10, 'a non-empty array of layer widths'), 'xs')).toBe(
      'invalid xs: expected a non-empty array of layer widths, received an array of length 0',
    );
  });

  it('lets the item parser name the bad item', () => {
    expect(
      messageOf(() => arrayAt('sweep.losses', ['nll', 'hinge'], (v, at) => oneOfAt(at, v, ['nll'])), 'sweep.losses[1]'),
    ).toBe('invalid sweep.losses[1]: expected one of "nll", received "hinge"');
  });
});

describe('distinctAt', () => {
  it('returns distinct values unchanged', () => {
    const values = ['a', 'b', 'c'];
    expect(distinctAt('xs', values)).toBe(values);
    expect(distinctAt('xs', [])).toEqual([]);
  });

  it('names the first repeat and where its value first appeared', () => {
    expect(messageOf(() => distinctAt('xs', ['a', 'b', 'a', 'b']), 'xs[2]')).toBe(
      'invalid xs[2]: expected a value not already at [0], received "a"',
    );
    expect(messageOf(() => distinctAt('splits', ['test', 'test'], 'a split not listed before'), 'splits[1]')).toBe(
      'invalid splits[1]: expected a split not listed before, received "test"',
    );
  });
});
