/// <reference lib="dom" />
import * as Plot from '@observablehq/plot';

import { formatPercent, formatProportion } from '../format.js';
import { H1_BAR_COLOR, H2_BAR_COLOR } from '../palette.js';
import type { PointClass } from '../point-data.js';
import { shortLabel } from './short-label.js';

/** Which model's bar of a class is selected (its errors in that class filter the instance table). */
export interface ClassBarSelection {
  readonly classIndex: number;
  readonly model: 'h1' | 'h2';
}

/** Options of `classAccuracyChart`. */
export interface ClassAccuracyOptions {
  /** The selected bar, outlined. */
  readonly selected?: ClassBarSelection | null;
  /** The document to create elements in (server-side: a linkedom document); default `window.document`. */
  readonly document?: Document;
  /** Width in pixels (default: 60 + 96 per class, at least 320). */
  readonly width?: number;
  /** Height in pixels (default 260). */
  readonly height?: number;
}

interface AccuracyBar {
  readonly classIndex: number;
  readonly model: 'h1' | 'h2';
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly text: string;
}

/**
 * Grouped bars of h1's and h2's accuracy per class (percent, 0–100), with Wilson 95 % intervals as error bars;
 * classes by name on the x axis (a class absent from the split shows no bar). Each bar links to
 * `#class-<c>-<model>` (focusable, clickable); its title gives the accuracy with counts.
 */
export function classAccuracyChart(
  classes: readonly PointClass[],
  options: ClassAccuracyOptions = {},
): SVGSVGElement | HTMLElement {
  const { selected = null, height = 260 } = options;
  const width = options.width ?? Math.max(320, 60 + classes.length * 96);
  const bars: AccuracyBar[] = classes.flatMap((c) =>
    (['h1', 'h2'] as const).flatMap((model) => {
      const p = model === 'h1' ? c.accuracyH1 : c.accuracyH2;
      return p === null
        ? []
        : [
            {
              classIndex: c.index,
              model,
              value: p.value * 100,
              lo: p.ci95[0] * 100,
              hi: p.ci95[1] * 100,
              text: `${c.name} · ${model}: ${formatProportion(p)} (${p.numerator} / ${p.denominator})`,
            },
          ];
    }),
  );
  const names = new Map(classes.map((c) => [c.index, c.name]));
  const isSelected = (b: AccuracyBar): boolean =>
    selected !== null && b.classIndex === selected.classIndex && b.model === selected.model;
  return Plot.plot({
    ...(options.document === undefined ? {} : { document: options.document }),
    className: 'bcml-plot',
    width,
    height,
    marginTop: 20,
    marginBottom: 40,
    marginLeft: 50,
    fx: {
      domain: classes.map((c) => c.index),
      label: 'Classes (h1 left, h2 right)',
      tickFormat: (i: number) => shortLabel(names.get(i) ?? String(i)),
      padding: 0.15,
    },
    x: { domain: ['h1', 'h2'], axis: null, padding: 0.08 },
    y: { domain: [0, 100], label: '↑ Accuracy (%)', grid: true },
    color: { domain: ['h1', 'h2'], range: [H1_BAR_COLOR, H2_BAR_COLOR] },
    marks: [
      Plot.barY(bars, {
        fx: 'classIndex',
        x: 'model',
        y: 'value',
        fill: 'model',
        stroke: (b: AccuracyBar) => (isSelected(b) ? 'black' : 'none'),
        strokeWidth: 2,
        title: 'text',
        href: (b: AccuracyBar) => `#class-${b.classIndex}-${b.model}`,
        ariaLabel: 'text',
      }),
      Plot.ruleX(bars, { fx: 'classIndex', x: 'model', y1: 'lo', y2: 'hi', stroke: '#333', strokeWidth: 1 }),
      Plot.text(bars, {
        fx: 'classIndex',
        x: 'model',
        y: 'hi',
        text: (b: AccuracyBar) => formatPercent(b.value / 100, 1),
        dy: -6,
        fontSize: 9,
      }),
      Plot.ruleY([0]),
    ],
  });
}
