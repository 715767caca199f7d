import { describe, expect, it } from 'vitest';

import {
  formatCount,
  formatDuration,
  formatFixed,
  formatPercent,
  formatPValue,
  formatSignificant,
  formatStoredNumber,
  NOT_AVAILABLE,
} from '@bcml/core';

describe('number formatting', () => {
  it('formatFixed gives fixed decimals, n/a for null, and shows NaN rather than hiding it', () => {
    expect(formatFixed(0.98765, 4)).toBe('0.9877');
    expect(formatFixed(0.5, 3)).toBe('0.500');
    expect(formatFixed(-0.00004, 4)).toBe('-0.0000');
    expect(formatFixed(null, 4)).toBe(NOT_AVAILABLE);
    expect(NOT_AVAILABLE).toBe('n/a');
    expect(formatFixed(Number.NaN, 4)).toBe('NaN');
  });

  it('formatSignificant keeps at most the given significant digits, without float noise or trailing zeros', () => {
    expect(formatSignificant(0.1 + 0.2, 4)).toBe('0.3');
    expect(formatSignificant(0.123456, 4)).toBe('0.1235');
    expect(formatSignificant(0.5, 4)).toBe('0.5');
    expect(formatSignificant(1234.5, 4)).toBe('1235');
    expect(formatSignificant(0, 4)).toBe('0');
  });

  it('formatPercent writes a share as a percentage, n/a when not finite', () => {
    expect(formatPercent(0.0083)).toBe('0.830%');
    expect(formatPercent(0.5, 1)).toBe('50.0%');
    expect(formatPercent(1, 0)).toBe('100%');
    expect(formatPercent(Number.NaN)).toBe(NOT_AVAILABLE);
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe(NOT_AVAILABLE);
  });

  it('formatCount rounds and separates thousands', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(1_234_567.6)).toBe('1,234,568');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(0)).toBe('0');
  });

  it('formatPValue keeps 3 significant digits (trailing zeros too) and floors at < 0.0001', () => {
    expect(formatPValue(0.5)).toBe('0.500');
    expect(formatPValue(0.012345)).toBe('0.0123');
    expect(formatPValue(1)).toBe('1.00');
    expect(formatPValue(1e-4)).toBe('0.000100');
    expect(formatPValue(0.99e-4)).toBe('< 0.0001');
    expect(formatPValue(0)).toBe('< 0.0001');
  });

  it('formatDuration writes ms as seconds with the given decimals, n/a for null', () => {
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(12_500, 0)).toBe('13 s');
    expect(formatDuration(499, 0)).toBe('0 s');
    expect(formatDuration(null)).toBe(NOT_AVAILABLE);
  });

  it('formatStoredNumber writes a float32 by its shortest decimal and other numbers as String does', () => {
    expect(formatStoredNumber(Math.fround(0.1), true)).toBe('0.1');
    expect(formatStoredNumber(Math.fround(1 / 3), true)).toBe('0.33333334');
    expect(formatStoredNumber(Math.fround(0.1), false)).toBe('0.10000000149011612');
    expect(formatStoredNumber(39, true)).toBe('39');
    expect(formatStoredNumber(-2.5, true)).toBe('-2.5');
    expect(formatStoredNumber(Number.NaN, true)).toBe('NaN');
    expect(formatStoredNumber(1e21, false)).toBe('1e+21');
  });
});
