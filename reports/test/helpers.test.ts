// Small pure helpers: formatting, paging, JSON and HTML escaping, result-file paths, PNG encoding.
import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import {
  clampPage,
  escapeHtml,
  formatDeltaPercent,
  formatInterval,
  formatPercent,
  formatProportion,
  formatPValue,
  formatScore,
  incompatibleShares,
  inlineScript,
  instancePng,
  jsonForHtml,
  pageCount,
  pageItems,
  pageLabel,
  type PointClass,
} from '@bcml/reports';
import { decode } from 'fast-png';

import { SCRIPT_END_METADATA, XSS_METADATA } from './fixtures/mnist-sweep.js';

describe('format', () => {
  it('shows n/a for undefined ratios, never 0', () => {
    expect(formatProportion(null)).toBe('n/a');
    expect(formatScore(null)).toBe('n/a');
    expect(formatInterval(null)).toBe('');
    // A metric without an interval (macro-F1) shows its value and no interval.
    expect(formatProportion({ value: 0.8125, ci95: null })).toBe('0.813');
    expect(formatInterval({ value: 0.8125, ci95: null })).toBe('');
    expect(formatDeltaPercent(0, 0.5)).toBe('n/a');
    expect(formatDeltaPercent(null, 0.5)).toBe('n/a');
  });

  it('formats scores, intervals, shares, Δ% and p-values', () => {
    const p = { value: 0.98765, ci95: [0.98, 0.99] as const, numerator: 98765, denominator: 100000 };
    expect(formatProportion(p)).toBe('0.988');
    expect(formatInterval(p)).toBe('[0.980, 0.990]');
    expect(formatPercent(0.0083)).toBe('0.830%');
    expect(formatDeltaPercent(0.979, 0.9848)).toBe('+0.592%');
    expect(formatDeltaPercent(0.98, 0.97)).toBe('−1.020%');
    expect(formatDeltaPercent(0.98, 0.98)).toBe('±0.000%');
    // A change too small to show is ±, whichever way it went.
    expect(formatDeltaPercent(1, 1 + 4e-6)).toBe('±0.000%');
    expect(formatDeltaPercent(1, 1 - 4e-6)).toBe('±0.000%');
    expect(formatDeltaPercent(1, 1 - 6e-6)).toBe('−0.001%');
    expect(formatPValue(0.5)).toBe('0.500');
    expect(formatPValue(1e-9)).toBe('< 0.0001');
  });
});

describe('paging', () => {
  it('has at least one page and clamps', () => {
    expect(pageCount(0, 5)).toBe(1);
    expect(pageCount(11, 5)).toBe(3);
    expect(clampPage(7, 11, 5)).toBe(2);
    expect(clampPage(-1, 11, 5)).toBe(0);
    expect(pageItems([1, 2, 3, 4, 5, 6, 7], 1, 5)).toEqual([6, 7]);
    expect(pageLabel(1, 11, 5)).toBe('2 of 3');
  });

  it('takes incompatible shares over all classes, not the page', () => {
    const c = (negativeFlips: number): PointClass => ({
      negativeFlips,
      index: 0,
      name: '',
      count: 0,
      accuracyH1: null,
      accuracyH2: null,
      btc: null,
      positiveFlips: 0,
      h1Errors: 0,
      h2Errors: 0,
      incompatibleIds: [],
    });
    const all = [c(10), c(30), c(60)];
    expect(incompatibleShares(pageItems(all, 1, 2), 100)).toEqual([0.6]);
    expect(incompatibleShares([c(0)], 0)).toEqual([0]);
  });
});

describe('jsonForHtml', () => {
  it('escapes <, >, &, U+2028 and U+2029 and round-trips', () => {
    const value = { a: XSS_METADATA, b: SCRIPT_END_METADATA, c: 'x & y <!-- z', d: 'line\u2028para\u2029end' };
    const json = jsonForHtml(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('escapeHtml and inlineScript', () => {
  it('escapes markup in text and attributes', () => {
    expect(escapeHtml(`${XSS_METADATA}"'&`)).toBe('&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;');
  });

  it('keeps </script and <!-- out of inline scripts', () => {
    const source = 'const s = "</script><!-- x"; const r = /<\\/SCRIPT/i;';
    const safe = inlineScript(source);
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).not.toContain('<!--');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the escaped source proves it means the same
    const run = new Function(`${safe}; return s;`) as () => string;
    expect(run()).toBe('</script><!-- x');
  });
});

describe('instancePng', () => {
  it('encodes a 28×28 grey image that decodes to the same pixels', () => {
    const pixels = Uint8Array.from({ length: 28 * 28 }, (_, i) => (i * 7) % 256);
    const png = instancePng({ width: 28, height: 28, channels: 1, pixels });
    expect(Array.from(png.slice(1, 4), (b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const decoded = decode(png);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([28, 28, 1]);
    expect(Array.from(decoded.data)).toEqual(Array.from(pixels));
  });

  it('checks the pixel count', () => {
    expect(() => instancePng({ width: 28, height: 28, channels: 1, pixels: new Uint8Array(10) })).toThrow(
      InvalidInputError,
    );
  });
});
