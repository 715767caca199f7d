/// <reference lib="dom" />
import { formatCount, formatProportion } from '../format.js';
import type { InstanceFilter } from '../instance-filter.js';
import { sameFilter } from '../instance-filter.js';
import type { AppContext } from './app-state.js';
import { h, replaceContent } from './dom.js';

/**
 * The per-class flip table: instances, h1 and h2 accuracy, BTC within the class, negative flips (new errors) and
 * positive flips (fixed errors) with their net; the flip counts are buttons that filter the instance table.
 */
export function createFlipTableSection(): { root: HTMLElement; render(context: AppContext): void } {
  const body = h('div', { class: 'table-wrap' });
  const root = h(
    'section',
    { id: 'flips', attrs: { 'aria-labelledby': 'flips-title' } },
    h('h2', { id: 'flips-title' }, 'Flips per class'),
    h(
      'p',
      { class: 'lead' },
      'Negative flips (NF): h1 right, h2 wrong — the incompatible points. Positive flips (PF): h1 wrong, h2 right. ' +
        'Click a count to list its instances.',
    ),
    body,
  );
  return {
    root,
    render({ state, actions }: AppContext): void {
      const point = state.point;
      if (point === null) return replaceContent(body);
      const filterButton = (count: number, filter: InstanceFilter, focus: string): HTMLElement =>
        count === 0
          ? h('span', {}, '0')
          : h(
              'button',
              {
                class: 'link',
                attrs: { type: 'button', 'aria-pressed': String(sameFilter(state.filter, filter)) },
                data: { focusKey: focus },
                on: { click: () => actions.setFilter(sameFilter(state.filter, filter) ? null : filter) },
              },
              formatCount(count),
            );
      replaceContent(
        body,
        h(
          'table',
          { id: 'flip-table', class: 'data' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Class', 'Instances', 'h1 accuracy', 'h2 accuracy', 'BTC', 'NF', 'PF', 'Net (PF − NF)'].map((t) =>
                h('th', { attrs: { scope: 'col' } }, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...point.classes.map((c) =>
              h(
                'tr',
                { data: { classIndex: String(c.index) } },
                h('th', { attrs: { scope: 'row' } }, c.name),
                h('td', {}, formatCount(c.count)),
                h('td', {}, formatProportion(c.accuracyH1)),
                h('td', {}, formatProportion(c.accuracyH2)),
                h('td', {}, formatProportion(c.btc)),
                h(
                  'td',
                  { class: 'nf' },
                  filterButton(c.negativeFlips, { kind: 'incompatible', classIndex: c.index }, `nf-${c.index}`),
                ),
                h(
                  'td',
                  { class: 'pf' },
                  filterButton(c.positiveFlips, { kind: 'positive-flips', classIndex: c.index }, `pf-${c.index}`),
                ),
                h('td', {}, `${c.positiveFlips - c.negativeFlips > 0 ? '+' : ''}${c.positiveFlips - c.negativeFlips}`),
              ),
            ),
          ),
        ),
      );
    },
  };
}
