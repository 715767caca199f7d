import { describe, expect, it } from 'vitest';

import { formatLambda, InvalidInputError, lambdaGrid, normalizeLambda, pointId } from '@bcml/core';

describe('formatLambda', () => {
  it('gives the shortest exact decimal, without float artefacts', () => {
    expect(formatLambda(0.1 + 0.2)).toBe('0.3');
    expect(formatLambda(0.3)).toBe('0.3');
    expect(formatLambda(3 * 0.1)).toBe('0.3');
    expect(formatLambda(0.7 + 0.1)).toBe('0.8');
    expect(formatLambda(1.1 * 1.1)).toBe('1.21');
    expect(formatLambda(0.25)).toBe('0.25');
    expect(formatLambda(1)).toBe('1');
    expect(formatLambda(0)).toBe('0');
    expect(formatLambda(-0)).toBe('0');
    expect(formatLambda(100)).toBe('100');
  });

  it('writes tiny and huge values in plain notation', () => {
    expect(formatLambda(1e-7)).toBe('0.0000001');
    expect(formatLambda(2.5e-10)).toBe('0.00000000025');
    expect(formatLambda(1e-7 * 3)).toBe('0.0000003');
    expect(formatLambda(1e21)).toBe('1000000000000000000000');
    expect(formatLambda(1.5e21)).toBe('1500000000000000000000');
  });

  it('keeps every decimal of up to 15 significant digits exact', () => {
    expect(formatLambda(0.123456789012345)).toBe('0.123456789012345');
    expect(formatLambda(123456.789)).toBe('123456.789');
    expect(formatLambda(1 / 3)).toBe('0.333333333333333');
  });

  it('rejects non-finite values', () => {
    expect(() => formatLambda(Number.NaN)).toThrow(InvalidInputError);
    expect(() => formatLambda(Number.POSITIVE_INFINITY)).toThrow('invalid lambda');
  });

  it('normalizes λ to the double nearest its decimal', () => {
    expect(normalizeLambda(0.1 + 0.2)).toBe(0.3);
  });

  it('names points with the exact label', () => {
    expect(pointId('new-error', 'cross-entropy', 0.25)).toBe('new-error/cross-entropy/0.25');
    expect(pointId('strict-imitation', 'nll', 0.1 + 0.2)).toBe('strict-imitation/nll/0.3');
  });
});

describe('lambdaGrid', () => {
  it('expands 0.1 steps to 1 exactly, stop included', () => {
    const grid = lambdaGrid({ start: 0, stop: 1, step: 0.1 });
    expect(grid).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(grid.map(String)).toEqual(['0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1']);
  });

  it('expands 0.05 steps without drift', () => {
    const grid = lambdaGrid({ start: 0, stop: 1, step: 0.05 });
    expect(grid).toHaveLength(21);
    expect(grid[7]).toBe(0.35);
    expect(grid[13]).toBe(0.65);
    expect(grid.at(-1)).toBe(1);
    expect(grid.map(formatLambda).every((label) => label.length <= 4)).toBe(true);
  });

  it('expands steps of 1e-7', () => {
    expect(lambdaGrid({ start: 0, stop: 5e-7, step: 1e-7 }).map(formatLambda)).toEqual([
      '0',
      '0.0000001',
      '0.0000002',
      '0.0000003',
      '0.0000004',
      '0.0000005',
    ]);
    expect(lambdaGrid({ start: 1e-7, stop: 3e-7, step: 1e-7 })).toEqual([1e-7, 2e-7, 3e-7]);
  });

  it('mixes scales and leaves out a stop that is not on the grid', () => {
    expect(lambdaGrid({ start: 0.5, stop: 2, step: 0.25 })).toEqual([0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    expect(lambdaGrid({ start: 0, stop: 1, step: 0.3 })).toEqual([0, 0.3, 0.6, 0.9]);
    expect(lambdaGrid({ start: 0.2, stop: 0.2, step: 0.1 })).toEqual([0.2]);
  });

  it('keeps lists in order, normalized', () => {
    expect(lambdaGrid([1, 0.1 + 0.2, 0])).toEqual([1, 0.3, 0]);
    expect(lambdaGrid({ sweep: { lambdas: [0, 0.5] } })).toEqual([0, 0.5]);
  });

  it('rejects bad ranges, naming the field', () => {
    expect(() => lambdaGrid({ start: 0, stop: 1, step: 0 })).toThrow('invalid sweep.lambdas.step');
    expect(() => lambdaGrid({ start: 1, stop: 0, step: 0.1 })).toThrow('invalid sweep.lambdas.stop');
    expect(() => lambdaGrid({ start: 0, stop: 1, step: 1e-7 })).toThrow(/sweep\.lambdas\.step.*at most 1000 values/);
  });
});
