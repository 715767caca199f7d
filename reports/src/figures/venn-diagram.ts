/// <reference lib="dom" />
import * as Plot from '@observablehq/plot';

import { formatCount, formatPercent, NOT_AVAILABLE } from '../format.js';
import { VENN_COLORS } from '../palette.js';
import { VENN_REGIONS, type VennCounts, vennLayout, type VennRegion } from '../venn-layout.js';

/** Options of `vennDiagram`. */
export interface VennOptions {
  /** Instances in the split (shares in the tooltips are of this). */
  readonly n: number;
  /** The selected region, filled darker. */
  readonly selected?: VennRegion | null;
  /** The document to create elements in (server-side: a linkedom document); default `window.document`. */
  readonly document?: Document;
  /** Width in pixels (default 470). */
  readonly width?: number;
  /** Height in pixels (default 270). */
  readonly height?: number;
}

/** Display names of the regions. */
export const VENN_REGION_NAMES: Readonly<Record<VennRegion, string>> = {
  progress: 'Progress',
  common: 'Common',
  regress: 'Regress',
};

/** One-line explanations of the regions. */
export const VENN_REGION_HELP: Readonly<Record<VennRegion, string>> = {
  progress: 'errors of h1 that h2 fixed',
  common: 'errors both models make',
  regress: 'new errors: h1 was right, h2 is wrong',
};

/** The count of a region. */
export function regionCount(counts: VennCounts, region: VennRegion): number {
  return region === 'progress' ? counts.h1Only : region === 'common' ? counts.common : counts.h2Only;
}

/** `count (share of the dataset)`, the hover text of a region: `83 (0.830% of 10,000)`. */
export function regionShare(counts: VennCounts, region: VennRegion, n: number): string {
  const count = regionCount(counts, region);
  return `${formatCount(count)} (${n > 0 ? formatPercent(count / n) : NOT_AVAILABLE} of ${formatCount(n)})`;
}

/**
 * The area-proportional Venn diagram of the two models' errors: circle h1 (left) and h2 (right), areas ∝ error
 * counts and the lens ∝ common errors, in three regions Progress, Common and Regress. Each region is a link to
 * `#venn-<region>` (focusable, clickable) with a title giving its count and share of the dataset, and carries
 * `data-region`. Identical, nested, disjoint and empty error sets are all drawn; with no errors at all the
 * figure says so.
 */
export function vennDiagram(counts: VennCounts, options: VennOptions): SVGSVGElement | HTMLElement {
  const { n, selected = null, width = 470, height = 270 } = options;
  const top = 22;
  const layout = vennLayout(counts, { width, height: height - top, maxRadius: Math.min(100, (height - top) / 2 - 8) });
  const labels = VENN_REGIONS.flatMap((region) => {
    const label = layout.regions[region].label;
    return label === null || regionCount(counts, region) === 0
      ? []
      : [{ x: label.x, y: label.y + top, text: formatCount(regionCount(counts, region)) }];
  });
  const circleCaptions = [
    ...(layout.a === null
      ? []
      : [{ x: layout.a.cx - layout.a.r * 0.7, y: layout.a.cy + top - layout.a.r, text: 'h1 errors' }]),
    ...(layout.b === null
      ? []
      : [{ x: layout.b.cx + layout.b.r * 0.7, y: layout.b.cy + top - layout.b.r, text: 'h2 errors' }]),
  ];
  const regions: Plot.RenderFunction = (_index, _scales, _values, _dimensions, context) => {
    const doc = context.document;
    const ns = 'http://www.w3.org/2000/svg';
    const g = doc.createElementNS(ns, 'g');
    g.setAttribute('aria-label', 'error regions');
    g.setAttribute('transform', `translate(0,${top})`);
    for (const region of VENN_REGIONS) {
      const shape = layout.regions[region];
      if (shape.path === '') continue;
      const link = doc.createElementNS(ns, 'a');
      link.setAttribute('href', `#venn-${region}`);
      link.setAttribute('data-region', region);
      link.setAttribute('aria-label', `${VENN_REGION_NAMES[region]}: ${regionShare(counts, region, n)}`);
      const path = doc.createElementNS(ns, 'path');
      path.setAttribute('d', shape.path);
      path.setAttribute('fill-rule', shape.fillRule);
      path.setAttribute('fill', selected === region ? VENN_COLORS[region].selected : VENN_COLORS[region].fill);
      path.setAttribute('stroke', 'black');
      path.setAttribute('stroke-width', selected === region ? '2.5' : '1');
      const title = doc.createElementNS(ns, 'title');
      title.textContent = `${VENN_REGION_NAMES[region]} (${VENN_REGION_HELP[region]}): ${regionShare(counts, region, n)}`;
      path.appendChild(title);
      link.appendChild(path);
      g.appendChild(link);
    }
    return g;
  };
  const isEmpty = layout.case === 'empty';
  const caseNote =
    layout.case === 'identical'
      ? 'h1 and h2 make exactly the same errors'
      : layout.case === 'disjoint'
        ? 'h1 and h2 share no error'
        : '';
  return Plot.plot({
    ...(options.document === undefined ? {} : { document: options.document }),
    className: 'bcml-plot',
    width,
    height,
    margin: 0,
    x: { domain: [0, width], range: [0, width], axis: null },
    y: { domain: [0, height], range: [0, height], axis: null },
    marks: [
      regions,
      Plot.text(labels, { x: 'x', y: 'y', text: 'text', fontWeight: 'bold', fontSize: 12, pointerEvents: 'none' }),
      Plot.text(circleCaptions, { x: 'x', y: 'y', text: 'text', fontSize: 11, fill: '#333' }),
      Plot.text(isEmpty ? ['Neither model makes an error on this split.'] : [], {
        frameAnchor: 'middle',
        fontSize: 13,
      }),
      Plot.text(caseNote === '' ? [] : [caseNote], { frameAnchor: 'top', dy: 4, fontSize: 11, fill: '#333' }),
    ],
  });
}
