/// <reference lib="dom" />
import { VENN_REGION_NAMES } from '../figures/venn-diagram.js';
import { formatCount } from '../format.js';
import { describeFilter, errorRegion, filterErrorRows } from '../instance-filter.js';
import { INSTANCES_GLOBAL } from '../page-ids.js';
import { clampPage, pageCount, pageItems, pageLabel, TABLE_PAGE_SIZE } from '../paging.js';
import type { AppContext } from './app-state.js';
import { h, replaceContent } from './dom.js';
import { pager } from './pager.js';

/** The per-split instance texts the report's `data/instances-s<split>.js` files set, if any. */
function instanceTexts(): Record<number, Record<number, string> | undefined> | undefined {
  return (window as unknown as Record<string, Record<number, Record<number, string>> | undefined>)[INSTANCES_GLOBAL];
}

/** The split index of a dot key `p<point>-s<split>`. */
function splitOfKey(key: string): number {
  return Number(/-s(\d+)$/.exec(key)?.[1] ?? 0);
}

/**
 * The error-instance table: instance id, image (when the dataset has one), metadata, region, h1 and h2
 * predictions and the ground truth by class name, ten rows per page, filtered by the Venn, the class bars or the
 * flip table. Every string is text.
 */
export function createInstanceSection(): { root: HTMLElement; render(context: AppContext): void } {
  const caption = h('p', { id: 'instance-filter', class: 'filter-caption', attrs: { 'aria-live': 'polite' } });
  const body = h('div', { class: 'table-wrap' });
  const pagerBox = h('div', { id: 'instance-pager', class: 'pager-box' });
  const root = h(
    'section',
    { id: 'instances', attrs: { 'aria-labelledby': 'instances-title' } },
    h('h2', { id: 'instances-title' }, 'Error instances'),
    caption,
    body,
    pagerBox,
  );
  return {
    root,
    render({ model, state, actions }: AppContext): void {
      const point = state.point;
      if (point === null) {
        replaceContent(caption, state.pointError ?? 'Loading…');
        replaceContent(body);
        replaceContent(pagerBox);
        return;
      }
      const rows = filterErrorRows(point, state.filter);
      const page = clampPage(state.tablePage, rows.length, TABLE_PAGE_SIZE);
      const className = (c: number): string => point.classes[c]?.name ?? model.classes[c] ?? `class ${c}`;
      const split = splitOfKey(point.key);
      replaceContent(
        caption,
        `${describeFilter(
          state.filter,
          point.classes.map((c) => c.name),
        )}: ${formatCount(rows.length)} instance(s). `,
        state.filter === null
          ? null
          : h(
              'button',
              { id: 'clear-filter', attrs: { type: 'button' }, on: { click: () => actions.setFilter(null) } },
              'Show all errors',
            ),
      );
      const header = [
        'Instance',
        ...(model.hasImages ? ['Image'] : []),
        'Metadata',
        'Region',
        'h1 prediction',
        'h2 prediction',
        'Ground truth',
      ];
      replaceContent(
        body,
        h(
          'table',
          { id: 'instance-table', class: 'data', data: { key: point.key, rows: String(rows.length) } },
          h('thead', {}, h('tr', {}, ...header.map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
          h(
            'tbody',
            {},
            ...pageItems(rows, page, TABLE_PAGE_SIZE).map((row) => {
              const [id, label, p1, p2, stored] = row;
              // The instance's text from the split's shared file (its feature values), else the row's own.
              const metadata = instanceTexts()?.[split]?.[id] ?? stored;
              const region = errorRegion(row);
              const image = model.hasImages
                ? h(
                    'td',
                    { class: 'image' },
                    h('img', {
                      attrs: { src: `images/s${split}/${id}.png`, alt: `instance ${id}`, width: '56', height: '56' },
                      on: {
                        error: (event) => {
                          const img = event.target as HTMLImageElement;
                          img.replaceWith(document.createTextNode('(no image)'));
                        },
                      },
                    }),
                  )
                : null;
              return h(
                'tr',
                { data: { id: String(id), region } },
                h('td', {}, String(id)),
                image,
                h('td', { class: 'metadata' }, metadata),
                h('td', {}, h('span', { class: `region region-${region}` }, VENN_REGION_NAMES[region])),
                h('td', { class: p1 === label ? 'right' : 'wrong' }, className(p1)),
                h('td', { class: p2 === label ? 'right' : 'wrong' }, className(p2)),
                h('td', {}, className(label)),
              );
            }),
          ),
        ),
      );
      replaceContent(
        pagerBox,
        pager({
          id: 'instance-pager-controls',
          label: `Rows ${pageLabel(page, rows.length, TABLE_PAGE_SIZE)}`,
          page,
          pages: pageCount(rows.length, TABLE_PAGE_SIZE),
          onPage: (p) => actions.setTablePage(p),
        }),
      );
    },
  };
}
