/// <reference lib="dom" />
import * as Plot from '@observablehq/plot';

import { formatCount, formatPercent, NOT_AVAILABLE } from '../format.js';
import { INCOMPATIBLE_BAR_COLOR } from '../palette.js';
import type { PointClass } from '../point-data.js';
import { shortLabel } from './short-label.js';

/** Options of `incompatibleChart`. */
export interface IncompatibleOptions {
  /**
   * All incompatible points of the split (NF, summed over every class, not only the ones drawn): the bars are
   * shares of it, so paging does not change them (the reference divided by the current page's total).
   */
  readonly total: number;
  /** Upper end of the y axis in percent (default: the largest share drawn, so pass the largest of all pages). */
  readonly yMax?: number;
  /** The selected class, outlined. */
  readonly selected?: number | null;
  /** The document to create elements in (server-side: a linkedom document); default `window.document`. */
  readonly document?: Document;
  /** Width in pixels (default: 60 + 96 per class, at least 320). */
  readonly width?: number;
  /** Height in pixels (default 260). */
  readonly height?: number;
}

/** The share (in [0, 1]) of all incompatible points that fall in each class; 0 everywhere when there are none. */
export function incompatibleShares(classes: readonly PointClass[], total: number): number[] {
  return classes.map((c) => (total > 0 ? c.negativeFlips / total : 0));
}

/** The y-axis maximum (percent) that fits every class's share: the largest share, rounded up to 5 %, at least 5. */
export function incompatibleYMax(classes: readonly PointClass[]): number {
  const total = classes.reduce((sum, c) => sum + c.negativeFlips, 0);
  const largest = Math.max(0, ...incompatibleShares(classes, total)) * 100;
  return Math.max(5, Math.ceil(largest / 5) * 5);
}

/**
 * Bars of each class's share of all incompatible points (h1 right, h2 wrong), labelled with the count. Each bar
 * links to `#incompatible-<c>` (focusable, clickable) and its title gives count and share.
 */
export function incompatibleChart(
  classes: readonly PointClass[],
  options: IncompatibleOptions,
): SVGSVGElement | HTMLElement {
  const { total, selected = null, height = 260 } = options;
  const width = options.width ?? Math.max(320, 60 + classes.length * 96);
  const shares = incompatibleShares(classes, total);
  const rows = classes.map((c, i) => ({
    classIndex: c.index,
    share: (shares[i] ?? 0) * 100,
    count: c.negativeFlips,
    text: `${c.name}: ${formatCount(c.negativeFlips)} of ${formatCount(total)} incompatible points (${total > 0 ? formatPercent(shares[i] ?? 0, 1) : NOT_AVAILABLE})`,
  }));
  const yMax = options.yMax ?? Math.max(5, ...rows.map((r) => r.share));
  const names = new Map(classes.map((c) => [c.index, c.name]));
  return Plot.plot({
    ...(options.document === undefined ? {} : { document: options.document }),
    className: 'bcml-plot',
    width,
    height,
    marginTop: 20,
    marginBottom: 40,
    marginLeft: 50,
    x: {
      domain: classes.map((c) => c.index),
      label: 'Classes',
      tickFormat: (i: number) => shortLabel(names.get(i) ?? String(i)),
      padding: 0.3,
    },
    y: { domain: [0, yMax], label: '↑ Share of incompatible points (%)', grid: true },
    marks: [
      Plot.barY(rows, {
        x: 'classIndex',
        y: 'share',
        fill: INCOMPATIBLE_BAR_COLOR,
        stroke: (r: { classIndex: number }) => (r.classIndex === selected ? 'black' : 'none'),
        strokeWidth: 2,
        title: 'text',
        href: (r: { classIndex: number }) => `#incompatible-${r.classIndex}`,
        ariaLabel: 'text',
      }),
      Plot.text(rows, { x: 'classIndex', y: 'share', text: (r: { count: number }) => formatCount(r.count), dy: -7 }),
      Plot.ruleY([0]),
      Plot.text(total === 0 ? ['h2 makes no new errors on this split.'] : [], { frameAnchor: 'middle' }),
    ],
  });
}
