/// <reference lib="dom" />
import type { PerformanceRecord, ProportionRecord } from '@bcml/core';

import {
  formatCount,
  formatDeltaPercent,
  formatDuration,
  formatInterval,
  formatProportion,
  formatPValue,
  formatScore,
} from '../format.js';
import { type AppContext, visibleKeys } from './app-state.js';
import { h, replaceContent } from './dom.js';

/** A row of the details table: field key (for `data-field`), label, value, interval and help text. */
interface DetailRow {
  readonly field: string;
  readonly label: string;
  readonly value: string;
  readonly interval?: string;
  readonly help?: string;
}

/** A score row: the value with its counts (a proportion) and its interval (where it has one). */
function proportionRow(field: string, label: string, p: PerformanceRecord | null, help?: string): DetailRow {
  const counts = isProportion(p) ? ` (${formatCount(p.numerator)} / ${formatCount(p.denominator)})` : '';
  return {
    field,
    label,
    value: `${formatProportion(p)}${counts}`,
    interval: formatInterval(p),
    ...(help === undefined ? {} : { help }),
  };
}

/** Whether a score is a proportion with counts (accuracy), not a metric without them. */
function isProportion(p: PerformanceRecord | null): p is ProportionRecord {
  return p !== null && 'numerator' in p && 'denominator' in p;
}

/**
 * The selected point's table: λ, dissonance, split; h1's and h2's performance on the same split and Δ%; BTC,
 * both BECs, NFR, PFR, churn and McNemar (the last ones once the point's data is loaded), each with its Wilson
 * interval and counts; the model URI and MLflow run. Rows carry `data-field`.
 */
export function renderDetails(container: HTMLElement, context: AppContext): void {
  const { model, state } = context;
  const dot = model.dots.find((d) => d.key === state.selectedKey);
  if (dot === undefined) {
    replaceContent(
      container,
      h('h2', {}, 'Selected point'),
      h('p', {}, 'Select a point in a plot or with the picker.'),
    );
    return;
  }
  const point = model.points[dot.point];
  const split = model.splits[dot.split];
  const metric = model.performanceMetric;
  const h1 = split?.h1Performance ?? null;
  const h2 = dot.performance;
  const loaded = state.point !== null && state.point.key === dot.key ? state.point : null;
  const rows: DetailRow[] = [
    ...(model.mode === 'sweep'
      ? [
          { field: 'lambda', label: 'λ', value: model.lambdas[point?.lambda ?? -1]?.label ?? '' },
          { field: 'dissonance', label: 'Dissonance', value: model.dissonances[point?.dissonance ?? -1] ?? '' },
          { field: 'loss', label: 'Base loss', value: point?.loss ?? '' },
        ]
      : []),
    {
      field: 'split',
      label: 'Dataset split',
      value: `${split?.name ?? ''}${split?.size === null || split === undefined ? '' : ` (${formatCount(split.size)} instances)`}`,
    },
    proportionRow('h1-performance', `h1 ${metric}`, h1, 'the deployed model, on the same split'),
    proportionRow('h2-performance', `h2 ${metric}`, h2, 'the updated model'),
    {
      field: 'delta',
      label: `Δ${metric}`,
      value: formatDeltaPercent(h1?.value ?? null, h2?.value ?? null),
      help: '(h2 − h1) / h1, in percent',
    },
    proportionRow('btc', 'BTC', dot.btc, 'of the instances h1 gets right, the share h2 also gets right'),
    proportionRow(
      'bec',
      'BEC (over h1’s errors)',
      dot.bec,
      'of h1’s errors, the share h2 repeats (the reference’s code)',
    ),
    proportionRow(
      'bec-new',
      'BEC (over h2’s errors)',
      dot.becNew,
      'of h2’s errors, the share h1 made too (the KDD 2020 paper’s wording)',
    ),
    proportionRow('nfr', 'NFR', dot.nfr, 'negative flip rate: share of all instances h1 gets right and h2 gets wrong'),
    ...(loaded === null
      ? []
      : [
          proportionRow(
            'pfr',
            'PFR',
            loaded.scores.pfr,
            'positive flip rate: share of all instances h1 gets wrong and h2 right',
          ),
          proportionRow(
            'churn',
            'Churn',
            loaded.scores.churn,
            'share of instances where h1 and h2 predict differently',
          ),
          {
            field: 'mcnemar',
            label: 'McNemar p',
            value: formatPValue(loaded.scores.mcnemarPValue),
            help: 'exact test of negative vs positive flips',
          },
          {
            field: 'relative-nfr',
            label: 'Relative NFR',
            value: formatScore(loaded.scores.relativeNfr),
            help: 'NFR over the NFR of independent errors (1 = independent)',
          },
        ]),
    { field: 'model', label: 'h2 model', value: point?.modelUri ?? 'n/a' },
    ...(point?.mlflowRunId === null || point === undefined
      ? []
      : [{ field: 'run', label: 'MLflow run', value: point.mlflowRunId }]),
    ...(point === undefined || point.durationMs === null
      ? []
      : [{ field: 'duration', label: 'Duration', value: formatDuration(point.durationMs) }]),
  ];
  const hidden = model.mode === 'sweep' && !visibleKeys(model, state).has(dot.key);
  replaceContent(
    container,
    h('h2', {}, model.mode === 'sweep' ? 'Selected point' : 'h1 vs h2'),
    hidden ? h('p', { class: 'note', id: 'selection-hidden' }, 'This point is hidden by the current filters.') : null,
    h(
      'table',
      { id: 'details-table', class: 'details', data: { key: dot.key } },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, 'Score'), h('th', {}, 'Value'), h('th', {}, '95% interval'), h('th', {}, 'Meaning')),
      ),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            { data: { field: row.field } },
            h('th', { attrs: { scope: 'row' } }, row.label),
            h('td', {}, row.value),
            h('td', { class: 'interval' }, row.interval ?? ''),
            h('td', { class: 'help' }, row.help ?? ''),
          ),
        ),
      ),
    ),
  );
}
