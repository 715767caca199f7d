/// <reference lib="dom" />
import { classAccuracyChart } from '../figures/class-accuracy-chart.js';
import { incompatibleChart, incompatibleYMax } from '../figures/incompatible-chart.js';
import { CLASS_PAGE_SIZE, clampPage, pageCount, pageItems, pageLabel } from '../paging.js';
import { H1_BAR_COLOR, H2_BAR_COLOR, INCOMPATIBLE_BAR_COLOR } from '../palette.js';
import type { AppContext, ClassView } from './app-state.js';
import { h, linkTarget, replaceContent } from './dom.js';
import { pager } from './pager.js';

/**
 * The per-class section: a toggle between h1-vs-h2 accuracy and the distribution of incompatible points, five
 * classes per page with a pager. Clicking a bar (or Enter on it) filters the instance table to that model's
 * errors in the class, or to the class's incompatible points; again clears.
 */
export function createClassSection(): { root: HTMLElement; render(context: AppContext): void } {
  const toggles = h('div', { class: 'toggle', attrs: { role: 'group', 'aria-label': 'Per-class chart' } });
  const figure = h('div', { id: 'class-figure', class: 'plot-box' });
  const legend = h('div', { class: 'legend' });
  const pagerBox = h('div', { id: 'class-pager', class: 'pager-box' });
  const root = h(
    'section',
    { id: 'classes', attrs: { 'aria-labelledby': 'classes-title' } },
    h('h2', { id: 'classes-title' }, 'Per-class statistics'),
    toggles,
    figure,
    legend,
    pagerBox,
  );
  let context: AppContext | null = null;
  figure.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    const target = link === null ? null : linkTarget(link);
    if (target === null || context === null) return;
    const accuracy = /^#class-(\d+)-(h1|h2)$/.exec(target);
    const incompatible = /^#incompatible-(\d+)$/.exec(target);
    event.preventDefault();
    const { filter } = context.state;
    if (accuracy !== null) {
      const classIndex = Number(accuracy[1]);
      const model = accuracy[2] === 'h1' ? 'h1' : 'h2';
      const active = filter?.kind === 'class-errors' && filter.classIndex === classIndex && filter.model === model;
      context.actions.setFilter(active ? null : { kind: 'class-errors', classIndex, model });
    } else if (incompatible !== null) {
      const classIndex = Number(incompatible[1]);
      const active = filter?.kind === 'incompatible' && filter.classIndex === classIndex;
      context.actions.setFilter(active ? null : { kind: 'incompatible', classIndex });
    }
  });

  return {
    root,
    render(next: AppContext): void {
      context = next;
      const { state, actions } = next;
      const toggle = (view: ClassView, label: string): HTMLButtonElement =>
        h(
          'button',
          {
            attrs: { type: 'button', 'aria-pressed': String(state.classView === view) },
            data: { view, focusKey: `view-${view}` },
            on: { click: () => actions.setClassView(view) },
          },
          label,
        );
      replaceContent(toggles, toggle('accuracy', 'Model accuracy'), toggle('incompatible', 'Incompatible points'));
      const point = state.point;
      if (point === null) {
        replaceContent(figure);
        replaceContent(pagerBox);
        return;
      }
      const classes = point.classes;
      const page = clampPage(state.classPage, classes.length, CLASS_PAGE_SIZE);
      const shown = pageItems(classes, page, CLASS_PAGE_SIZE);
      const filter = state.filter;
      if (state.classView === 'accuracy') {
        const selected =
          filter?.kind === 'class-errors' ? { classIndex: filter.classIndex, model: filter.model } : null;
        replaceContent(figure, classAccuracyChart(shown, { selected }));
        replaceContent(
          legend,
          h(
            'span',
            { class: 'legend-item' },
            h('span', { class: 'swatch', attrs: { style: `background:${H1_BAR_COLOR}` } }),
            'h1',
          ),
          h(
            'span',
            { class: 'legend-item' },
            h('span', { class: 'swatch', attrs: { style: `background:${H2_BAR_COLOR}` } }),
            'h2',
          ),
          h('span', { class: 'help' }, ' Click a bar to list that model’s errors in the class.'),
        );
      } else {
        const total = point.counts.negativeFlips;
        const selected = filter?.kind === 'incompatible' ? filter.classIndex : null;
        replaceContent(figure, incompatibleChart(shown, { total, yMax: incompatibleYMax(classes), selected }));
        replaceContent(
          legend,
          h(
            'span',
            { class: 'legend-item' },
            h('span', { class: 'swatch', attrs: { style: `background:${INCOMPATIBLE_BAR_COLOR}` } }),
            'share of all incompatible points',
          ),
          h(
            'span',
            { class: 'help' },
            ' Incompatible: h1 right, h2 wrong. Shares are of all classes, not of this page.',
          ),
        );
      }
      replaceContent(
        pagerBox,
        pager({
          id: 'class-pager-controls',
          label: `Classes ${pageLabel(page, classes.length, CLASS_PAGE_SIZE)}`,
          page,
          pages: pageCount(classes.length, CLASS_PAGE_SIZE),
          onPage: (p) => actions.setClassPage(p),
        }),
      );
    },
  };
}
