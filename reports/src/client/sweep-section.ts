/// <reference lib="dom" />
import { isDotKey } from '../dot-key.js';
import { compatibilityScatter, dotCaption, type ScatterScore } from '../figures/compatibility-scatter.js';
import { type AppContext, visibleKeys } from './app-state.js';
import { h, linkTarget, replaceContent } from './dom.js';
import type { Tooltip } from './tooltip.js';

const SYMBOL_GLYPHS: Readonly<Record<string, string>> = {
  circle: '●',
  triangle: '▲',
  square: '■',
  diamond: '◆',
  star: '★',
  cross: '✚',
  wye: 'Y',
  times: '✖',
};

/** The containers of the sweep section, created once. */
export interface SweepSection {
  readonly root: HTMLElement;
  render(context: AppContext): void;
}

/** The dot of (split, dissonance, λ index), if it completed. */
function findDot(context: AppContext, split: number, dissonance: number, lambda: number): string | null {
  const { model } = context;
  const dot = model.dots.find((d) => {
    const point = model.points[d.point];
    return d.split === split && point?.dissonance === dissonance && point.lambda === lambda;
  });
  return dot?.key ?? null;
}

function plotBox(context: AppContext, score: ScatterScore, tooltip: Tooltip): HTMLElement {
  const box = h('div', { id: `plot-${score}`, class: 'plot-box', attrs: { 'aria-live': 'off' } });
  const keyOf = (event: Event): string | null => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    const target = link === null ? null : linkTarget(link);
    const key = target?.startsWith('#') === true ? target.slice(1) : null;
    return key !== null && isDotKey(key) ? key : null;
  };
  box.addEventListener('click', (event) => {
    const key = keyOf(event);
    if (key === null) return;
    event.preventDefault();
    context.actions.selectDot(key);
  });
  const show = (event: Event): void => {
    const key = keyOf(event);
    const dot = key === null ? undefined : context.model.dots.find((d) => d.key === key);
    if (dot === undefined || !(event.target instanceof Element)) return;
    tooltip.show(dotCaption(context.model, dot), event.target);
  };
  box.addEventListener('pointerover', show);
  box.addEventListener('focusin', show);
  box.addEventListener('pointerout', () => tooltip.hide());
  box.addEventListener('focusout', () => tooltip.hide());
  return box;
}

/**
 * The sweep section: dataset and dissonance filters, the λ range, the legend, the keyboard point picker
 * (split, dissonance, λ) and the two scatter plots (BTC and BEC against performance), plus the list of points
 * that did not complete.
 */
export function createSweepSection(initial: AppContext, tooltip: Tooltip): SweepSection {
  const { model } = initial;
  let context = initial;
  const filters = h('div', { class: 'filters' });
  const picker = h('div', { class: 'picker', attrs: { role: 'group', 'aria-label': 'Select a point' } });
  const plots = h('div', { class: 'plots' }, plotBox(initial, 'btc', tooltip), plotBox(initial, 'bec', tooltip));
  const unfinished = h('div', { class: 'unfinished' });
  const root = h(
    'section',
    { id: 'sweep', attrs: { 'aria-labelledby': 'sweep-title' } },
    h('h2', { id: 'sweep-title' }, 'Compatibility of the updated model h2 across the sweep'),
    h(
      'p',
      { class: 'lead' },
      'One point per (λ, dissonance, split). Bars are Wilson 95% intervals; the dashed line is h1; on the BTC plot ' +
        'the line joins the Pareto front of (performance, BTC) and the ringed point is its knee. Click a point (or ' +
        'pick it below, or focus it with Tab and press Enter) to see its details.',
    ),
    filters,
    picker,
    plots,
    unfinished,
  );

  const renderFilters = (): void => {
    const { state, actions } = context;
    const splitBoxes = model.splits.map((split, j) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          attrs: { type: 'checkbox', ...(state.visibleSplits[j] === true ? { checked: '' } : {}) },
          data: { split: String(j), focusKey: `split-${j}` },
          on: { change: (e) => actions.toggleSplit(j, (e.target as HTMLInputElement).checked) },
        }),
        h('span', { class: 'swatch', attrs: { style: `background:${split.color}` } }),
        split.name,
      ),
    );
    const dissonanceBoxes = model.dissonances.map((name, d) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          attrs: { type: 'checkbox', ...(state.visibleDissonances[d] === true ? { checked: '' } : {}) },
          data: { dissonance: String(d), focusKey: `dissonance-${d}` },
          on: { change: (e) => actions.toggleDissonance(d, (e.target as HTMLInputElement).checked) },
        }),
        h(
          'span',
          { class: 'glyph', attrs: { 'aria-hidden': 'true' } },
          SYMBOL_GLYPHS[model.dissonanceSymbols[d] ?? ''] ?? '●',
        ),
        name,
      ),
    );
    const last = Math.max(0, model.lambdas.length - 1);
    const range = (id: string, value: number, onInput: (v: number) => void): HTMLInputElement =>
      h('input', {
        id,
        attrs: {
          type: 'range',
          min: '0',
          max: String(last),
          step: '1',
          value: String(value),
          'aria-valuetext': model.lambdas[value]?.label ?? '',
        },
        on: { input: (e) => onInput(Number((e.target as HTMLInputElement).value)) },
      });
    replaceContent(
      filters,
      h('fieldset', {}, h('legend', {}, 'Dataset'), ...splitBoxes),
      h('fieldset', {}, h('legend', {}, 'Dissonance'), ...dissonanceBoxes),
      h(
        'fieldset',
        { class: 'lambda-range' },
        h('legend', {}, 'λ range'),
        h('label', { attrs: { for: 'lambda-lo' } }, 'from '),
        range('lambda-lo', state.lambdaLo, (v) => actions.setLambdaRange(v, Math.max(v, context.state.lambdaHi))),
        h('output', { id: 'lambda-lo-label' }, model.lambdas[state.lambdaLo]?.label ?? ''),
        h('label', { attrs: { for: 'lambda-hi' } }, ' to '),
        range('lambda-hi', state.lambdaHi, (v) => actions.setLambdaRange(Math.min(v, context.state.lambdaLo), v)),
        h('output', { id: 'lambda-hi-label' }, model.lambdas[state.lambdaHi]?.label ?? ''),
      ),
    );
  };

  const renderPicker = (): void => {
    const { state, actions } = context;
    const selected = model.dots.find((d) => d.key === state.selectedKey);
    const point = selected === undefined ? undefined : model.points[selected.point];
    const current = {
      split: selected?.split ?? 0,
      dissonance: point?.dissonance ?? 0,
      lambda: point?.lambda ?? state.lambdaLo,
    };
    const choose = (next: Partial<typeof current>): void => {
      const want = { ...current, ...next };
      const key = findDot(context, want.split, want.dissonance, want.lambda);
      if (key !== null) actions.selectDot(key);
      else status.textContent = 'No completed point for this combination.';
    };
    const select = (
      id: string,
      label: string,
      options: { value: number; text: string }[],
      value: number,
      on: (v: number) => void,
    ) =>
      h(
        'label',
        { class: 'pick' },
        `${label} `,
        h(
          'select',
          { id, on: { change: (e) => on(Number((e.target as HTMLSelectElement).value)) } },
          ...options.map((o) => {
            const option = h('option', { attrs: { value: String(o.value) } }, o.text);
            option.selected = o.value === value;
            return option;
          }),
        ),
      );
    const lambdaText = (i: number): string => {
      const key = findDot(context, current.split, current.dissonance, i);
      const knee = model.dots.some((d) => d.key === key && d.knee);
      const label = model.lambdas[i]?.label ?? '';
      return knee ? `${label} (knee)` : label;
    };
    const lambdaOptions = model.lambdas.flatMap((_, i) =>
      i >= state.lambdaLo && i <= state.lambdaHi ? [{ value: i, text: lambdaText(i) }] : [],
    );
    if (!lambdaOptions.some((o) => o.value === current.lambda)) {
      lambdaOptions.unshift({ value: current.lambda, text: lambdaText(current.lambda) });
    }
    const status = h('span', { class: 'pick-status', attrs: { role: 'status' } });
    replaceContent(
      picker,
      h('span', { class: 'pick-title' }, 'Select a point: '),
      select(
        'pick-split',
        'Dataset',
        model.splits.map((s, i) => ({ value: i, text: s.name })),
        current.split,
        (v) => choose({ split: v }),
      ),
      select(
        'pick-dissonance',
        'Dissonance',
        model.dissonances.map((d, i) => ({ value: i, text: d })),
        current.dissonance,
        (v) => choose({ dissonance: v }),
      ),
      select('pick-lambda', 'λ', lambdaOptions, current.lambda, (v) => choose({ lambda: v })),
      status,
    );
  };

  const renderPlots = (): void => {
    const { state } = context;
    const keys = visibleKeys(model, state);
    for (const score of ['btc', 'bec'] as const) {
      const box = plots.querySelector(`#plot-${score}`);
      if (box === null) continue;
      const heading = h(
        'h3',
        {},
        score === 'btc' ? 'Performance vs BTC' : 'Performance vs BEC',
        h(
          'span',
          { class: 'help' },
          score === 'btc'
            ? ' BTC: the share of h1’s correct answers that h2 keeps.'
            : ' BEC: the share of h1’s errors that h2 repeats.',
        ),
      );
      replaceContent(
        box,
        heading,
        compatibilityScatter(model, { score, visibleKeys: keys, selectedKey: state.selectedKey }),
      );
    }
    const selected = state.selectedKey;
    const hidden = selected !== null && !keys.has(selected);
    plots.dataset.selectedHidden = hidden ? 'true' : 'false';
  };

  const renderUnfinished = (): void => {
    if (model.unfinished.length === 0) return replaceContent(unfinished);
    replaceContent(
      unfinished,
      h('h3', {}, `${model.unfinished.length} point(s) did not complete`),
      h(
        'ul',
        {},
        ...model.unfinished.map((p) => h('li', {}, `${p.id}: ${p.status}${p.error === null ? '' : ` (${p.error})`}`)),
      ),
    );
  };

  return {
    root,
    render(next: AppContext): void {
      context = next;
      renderFilters();
      renderPicker();
      renderPlots();
      renderUnfinished();
    },
  };
}
