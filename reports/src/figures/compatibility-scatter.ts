/// <reference lib="dom" />
import * as Plot from '@observablehq/plot';

import { formatProportion, formatScore } from '../format.js';
import { H1_LINE_COLOR } from '../palette.js';
import type { ReportDot, ReportModel } from '../report-model.js';

/** The compatibility score on a scatter plot's x axis: BTC, or BEC over h1's errors (the reference's two plots). */
export type ScatterScore = 'btc' | 'bec';

/** Options of `compatibilityScatter`. */
export interface ScatterOptions {
  /** The score on the x axis. */
  readonly score: ScatterScore;
  /** Keys of the dots that pass the page's filters (default: all). */
  readonly visibleKeys?: ReadonlySet<string>;
  /** The selected dot, drawn larger with a thick outline (when visible). */
  readonly selectedKey?: string | null;
  /** The document to create elements in (server-side: a linkedom document); default `window.document`. */
  readonly document?: Document;
  /** Width in pixels (default 440). */
  readonly width?: number;
  /** Height in pixels (default 340). */
  readonly height?: number;
}

/** One plotted dot with its interval ends and labels (the rows the marks read). */
export interface ScatterRow {
  readonly key: string;
  readonly x: number;
  readonly xLo: number;
  readonly xHi: number;
  readonly y: number;
  readonly yLo: number;
  readonly yHi: number;
  readonly split: string;
  readonly splitIndex: number;
  readonly dissonance: string;
  readonly lambda: string;
  readonly knee: boolean;
  readonly front: boolean;
}

/** The x-axis label of each score. */
export const SCATTER_SCORE_LABELS: Readonly<Record<ScatterScore, string>> = {
  btc: 'BTC (trust kept) →',
  bec: 'BEC (share of h1’s errors h2 repeats) →',
};

/** The rows of the dots whose score and performance are defined (an `n/a` cannot be placed). */
export function scatterRows(model: ReportModel, score: ScatterScore): ScatterRow[] {
  return model.dots.flatMap((dot: ReportDot) => {
    const x = dot[score];
    const y = dot.performance;
    const point = model.points[dot.point];
    const split = model.splits[dot.split];
    if (x === null || y === null || point === undefined || split === undefined) return [];
    return [
      {
        key: dot.key,
        x: x.value,
        xLo: x.ci95[0],
        xHi: x.ci95[1],
        y: y.value,
        // A metric without an interval (balanced accuracy, macro-F1, ROC AUC) draws no vertical bar.
        yLo: y.ci95?.[0] ?? y.value,
        yHi: y.ci95?.[1] ?? y.value,
        split: split.name,
        splitIndex: dot.split,
        dissonance: model.dissonances[point.dissonance] ?? '',
        lambda: model.lambdas[point.lambda]?.label ?? '',
        knee: dot.knee,
        front: dot.front,
      },
    ];
  });
}

/** [min, max] of the values, widened by 6 % of the span on each side (at least ±0.005). */
function paddedDomain(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = Math.max((hi - lo) * 0.06, 0.005);
  return [lo - pad, hi + pad];
}

/**
 * A scatter plot of h2's performance against a compatibility score, one dot per (λ, dissonance, split): symbol by
 * dissonance, fill by split, Wilson 95 % intervals as error bars both ways (no vertical one for a performance metric
 * without an interval: balanced accuracy, macro-F1, ROC AUC), a dashed h1 performance line per shown
 * split (labelled inside the frame, and the y domain always includes it), and on the BTC plot the Pareto front of
 * (performance, BTC) per split with its knee ringed. Each plot has its own x domain, computed from all dots (not
 * just the visible ones) so that filtering does not move them. Each dot links to `#<key>`, so it is focusable and
 * clickable; its title names λ.
 */
export function compatibilityScatter(model: ReportModel, options: ScatterOptions): SVGSVGElement | HTMLElement {
  const { score, visibleKeys, selectedKey = null, width = 440, height = 340 } = options;
  const all = scatterRows(model, score);
  const rows = visibleKeys === undefined ? all : all.filter((r) => visibleKeys.has(r.key));
  const shownSplits = new Set(rows.map((r) => r.splitIndex));
  const lineSplits = model.splits.flatMap((split, index) =>
    split.h1Performance !== null && (shownSplits.size === 0 || shownSplits.has(index))
      ? [{ name: split.name, value: split.h1Performance.value, color: split.color }]
      : [],
  );
  const h1Values = model.splits.flatMap((s) => (s.h1Performance === null ? [] : [s.h1Performance.value]));
  const xDomain = paddedDomain(all.flatMap((r) => [r.xLo, r.xHi]));
  const yDomain = paddedDomain([...all.flatMap((r) => [r.yLo, r.yHi]), ...h1Values]);
  const selected = rows.filter((r) => r.key === selectedKey);
  const frontRows = score === 'btc' ? all.filter((r) => r.front && shownSplits.has(r.splitIndex)) : [];
  const kneeRows = frontRows.filter((r) => r.knee);
  const title = (r: ScatterRow): string =>
    `λ ${r.lambda} · ${r.dissonance} · ${r.split}\n${score.toUpperCase()} ${formatScore(r.x)} · ${model.performanceMetric} ${formatScore(r.y)}`;

  return Plot.plot({
    ...(options.document === undefined ? {} : { document: options.document }),
    className: 'bcml-plot',
    width,
    height,
    marginTop: 20,
    marginRight: 20,
    marginBottom: 40,
    marginLeft: 55,
    grid: true,
    x: { domain: xDomain, label: SCATTER_SCORE_LABELS[score], ticks: 5, tickFormat: '.3f' },
    y: { domain: yDomain, label: `↑ ${model.performanceMetric} of h2`, ticks: 5, tickFormat: '.3f' },
    color: { type: 'ordinal', domain: model.splits.map((s) => s.name), range: model.splits.map((s) => s.color) },
    symbol: { domain: [...model.dissonances], range: [...model.dissonanceSymbols] },
    marks: [
      Plot.ruleY(lineSplits, { y: 'value', stroke: H1_LINE_COLOR, strokeDasharray: '5,5', strokeWidth: 1.5 }),
      Plot.text(lineSplits, {
        y: 'value',
        frameAnchor: 'left',
        dx: 4,
        dy: -7,
        textAnchor: 'start',
        fill: H1_LINE_COLOR,
        text: (d: { name: string; value: number }) => `h1 ${d.name}: ${formatScore(d.value)}`,
      }),
      Plot.line(frontRows, {
        x: 'x',
        y: 'y',
        z: 'split',
        stroke: 'split',
        strokeWidth: 1.5,
        strokeOpacity: 0.7,
        sort: 'x',
      }),
      Plot.ruleY(rows, { y: 'y', x1: 'xLo', x2: 'xHi', stroke: '#666', strokeOpacity: 0.55 }),
      Plot.ruleX(rows, { x: 'x', y1: 'yLo', y2: 'yHi', stroke: '#666', strokeOpacity: 0.55 }),
      Plot.dot(rows, {
        x: 'x',
        y: 'y',
        symbol: 'dissonance',
        fill: 'split',
        fillOpacity: 0.65,
        stroke: 'black',
        strokeWidth: 1,
        r: 6,
        title,
        href: (r: ScatterRow) => `#${r.key}`,
        ariaLabel: (r: ScatterRow) => `λ ${r.lambda}, ${r.dissonance}, ${r.split}`,
      }),
      Plot.dot(kneeRows, { x: 'x', y: 'y', r: 12, stroke: '#111', strokeDasharray: '3,2', fill: 'none' }),
      Plot.text(kneeRows, { x: 'x', y: 'y', text: () => 'knee', dy: -17, fill: '#111', fontWeight: 'bold' }),
      Plot.dot(selected, {
        x: 'x',
        y: 'y',
        symbol: 'dissonance',
        fill: 'split',
        stroke: 'black',
        strokeWidth: 3,
        r: 10,
        title,
        href: (r: ScatterRow) => `#${r.key}`,
        ariaLabel: (r: ScatterRow) => `selected: λ ${r.lambda}, ${r.dissonance}, ${r.split}`,
      }),
    ],
  });
}

/** The title of a dot for screen readers and tooltips: `λ 0.25 · new-error · test`. */
export function dotCaption(model: ReportModel, dot: ReportDot): string {
  const point = model.points[dot.point];
  const lambda = point === undefined ? '' : (model.lambdas[point.lambda]?.label ?? '');
  const dissonance = point === undefined ? '' : (model.dissonances[point.dissonance] ?? '');
  return `λ ${lambda} · ${dissonance} · ${model.splits[dot.split]?.name ?? ''} · BTC ${formatProportion(dot.btc)}`;
}
