/// <reference lib="dom" />
import { regionCount, regionShare, vennDiagram, VENN_REGION_HELP, VENN_REGION_NAMES } from '../figures/venn-diagram.js';
import { formatCount } from '../format.js';
import { VENN_COLORS } from '../palette.js';
import { VENN_REGIONS, type VennRegion } from '../venn-layout.js';
import type { AppContext } from './app-state.js';
import { h, replaceContent } from './dom.js';
import type { Tooltip } from './tooltip.js';

function isRegion(value: string | null): value is VennRegion {
  return value === 'progress' || value === 'common' || value === 'regress';
}

/**
 * The Venn section: the area-proportional diagram of h1's and h2's errors and a legend of buttons. Clicking (or
 * Enter on) a region or its legend button filters the instance table to it; again clears. Hover or focus shows
 * count and share of the dataset.
 */
export function createVennSection(tooltip: Tooltip): { root: HTMLElement; render(context: AppContext): void } {
  const figure = h('div', { id: 'venn-figure', class: 'plot-box' });
  const legend = h('div', { class: 'legend venn-legend', attrs: { role: 'group', 'aria-label': 'Error regions' } });
  const root = h(
    'section',
    { id: 'venn', attrs: { 'aria-labelledby': 'venn-title' } },
    h('h2', { id: 'venn-title' }, 'Intersection between model errors'),
    h(
      'p',
      { class: 'lead' },
      'Circle areas are proportional to each model’s errors, the overlap to the errors they share.',
    ),
    figure,
    legend,
  );
  let context: AppContext | null = null;
  const regionOf = (event: Event): VennRegion | null => {
    const element = event.target instanceof Element ? event.target.closest('[data-region]') : null;
    const region = element?.getAttribute('data-region') ?? null;
    return isRegion(region) ? region : null;
  };
  const toggle = (region: VennRegion): void => {
    if (context === null) return;
    const active = context.state.filter?.kind === 'region' && context.state.filter.region === region;
    context.actions.setFilter(active ? null : { kind: 'region', region });
  };
  figure.addEventListener('click', (event) => {
    const region = regionOf(event);
    if (region === null) return;
    event.preventDefault();
    toggle(region);
  });
  const show = (event: Event): void => {
    const region = regionOf(event);
    const point = context?.state.point ?? null;
    if (region === null || point === null || !(event.target instanceof Element)) return;
    tooltip.show(
      `${VENN_REGION_NAMES[region]}: ${regionShare(countsOf(point.overlap), region, point.n)}`,
      event.target,
    );
  };
  figure.addEventListener('pointerover', show);
  figure.addEventListener('focusin', show);
  figure.addEventListener('pointerout', () => tooltip.hide());
  figure.addEventListener('focusout', () => tooltip.hide());

  return {
    root,
    render(next: AppContext): void {
      context = next;
      const { point, filter } = next.state;
      if (point === null) {
        replaceContent(figure);
        replaceContent(legend);
        return;
      }
      const counts = countsOf(point.overlap);
      const selected = filter?.kind === 'region' ? filter.region : null;
      replaceContent(figure, vennDiagram(counts, { n: point.n, selected }));
      replaceContent(
        legend,
        ...VENN_REGIONS.map((region) =>
          h(
            'button',
            {
              class: 'legend-item',
              attrs: { type: 'button', 'aria-pressed': String(selected === region), title: VENN_REGION_HELP[region] },
              data: { legendRegion: region, focusKey: `legend-${region}` },
              on: { click: () => toggle(region) },
            },
            h('span', { class: 'swatch', attrs: { style: `background:${VENN_COLORS[region].fill}` } }),
            `${VENN_REGION_NAMES[region]}: ${formatCount(regionCount(counts, region))}`,
            h('span', { class: 'help' }, ` — ${VENN_REGION_HELP[region]}`),
          ),
        ),
      );
    },
  };
}

/** The region counts of an overlap of id lists. */
function countsOf(overlap: { h1Only: readonly number[]; common: readonly number[]; h2Only: readonly number[] }) {
  return { h1Only: overlap.h1Only.length, common: overlap.common.length, h2Only: overlap.h2Only.length };
}
