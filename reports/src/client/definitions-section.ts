/// <reference lib="dom" />
import { h } from './dom.js';

/** The scores the report shows, each with a one-line explanation. */
export const DEFINITIONS: readonly { readonly term: string; readonly text: string }[] = [
  {
    term: 'BTC (Backward Trust Compatibility)',
    text: 'Of the instances h1 gets right, the share h2 also gets right: #(h1 right ∧ h2 right) / #(h1 right).',
  },
  {
    term: 'BEC over h1’s errors',
    text: 'Of h1’s errors, the share h2 repeats: #(both wrong) / #(h1 wrong) — the reference implementation’s definition.',
  },
  {
    term: 'BEC over h2’s errors',
    text: 'Of h2’s errors, the share h1 made too: #(both wrong) / #(h2 wrong) — the KDD 2020 paper’s wording; 1 − it is the share of h2’s errors that are new.',
  },
  {
    term: 'NFR (negative flip rate)',
    text: 'The share of all instances that h1 gets right and h2 gets wrong: the new errors an update introduces.',
  },
  { term: 'PFR (positive flip rate)', text: 'The share of all instances that h1 gets wrong and h2 gets right.' },
  {
    term: 'Intervals',
    text: 'Every proportion carries a Wilson 95% score interval (error bars and [lo, hi]); n/a marks an empty denominator.',
  },
  {
    term: 'Pareto front and knee',
    text: 'Points no other point beats in both performance and BTC; the knee is the front point farthest beyond the line between its two ends.',
  },
];

/** The definitions section: every score in one line. */
export function createDefinitionsSection(): HTMLElement {
  return h(
    'section',
    { id: 'definitions', attrs: { 'aria-labelledby': 'definitions-title' } },
    h('h2', { id: 'definitions-title' }, 'What the scores mean'),
    h('dl', {}, ...DEFINITIONS.flatMap((d) => [h('dt', {}, d.term), h('dd', {}, d.text)])),
  );
}
