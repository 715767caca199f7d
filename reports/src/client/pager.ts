/// <reference lib="dom" />
import { h } from './dom.js';

/** Options of a pager: `< 2 of 7 >` with previous and next buttons. */
export interface PagerOptions {
  readonly id: string;
  readonly label: string;
  /** 0-based current page. */
  readonly page: number;
  readonly pages: number;
  readonly onPage: (page: number) => void;
}

/** A pager `‹ label ›`; the buttons are disabled at the ends and keep focus across re-renders. */
export function pager({ id, label, page, pages, onPage }: PagerOptions): HTMLElement {
  const button = (text: string, name: string, target: number, enabled: boolean): HTMLButtonElement =>
    h(
      'button',
      {
        class: name,
        attrs: {
          type: 'button',
          'aria-label': name === 'prev' ? 'Previous page' : 'Next page',
          ...(enabled ? {} : { disabled: '' }),
        },
        data: { focusKey: `${id}-${name}` },
        on: { click: () => onPage(target) },
      },
      text,
    );
  return h(
    'div',
    { id, class: 'pager', attrs: { role: 'navigation', 'aria-label': label } },
    button('‹', 'prev', page - 1, page > 0),
    h('span', { class: 'page-label', attrs: { 'aria-live': 'polite' } }, label),
    button('›', 'next', page + 1, page < pages - 1),
  );
}
