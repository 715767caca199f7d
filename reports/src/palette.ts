// Colours of the report: the reference widgets' palette (reference-study.md §3.3), in one place.

/** Fill of points of the test split (the reference's "Testing" pink). */
export const TEST_SPLIT_COLOR = '#f551b3';
/** Fill of points of the training split (the reference's "Training" blue). */
export const TRAIN_SPLIT_COLOR = '#5ebbff';
/** Fills of any further splits, in order. */
export const OTHER_SPLIT_COLORS: readonly string[] = ['#f59e0b', '#10b981', '#64748b'];
/** The dashed h1 performance line. */
export const H1_LINE_COLOR = '#6f27db';
/** Bars of h1 in the per-class accuracy chart. */
export const H1_BAR_COLOR = 'rgba(111, 39, 219, 0.8)';
/** Bars of h2 in the per-class accuracy chart. */
export const H2_BAR_COLOR = 'rgba(106, 159, 243, 0.8)';
/** Bars of the incompatible-points chart. */
export const INCOMPATIBLE_BAR_COLOR = 'rgb(236, 106, 97)';

/** Venn region fills, normal and selected: Progress (fixed), Common, Regress (new errors). */
export const VENN_COLORS = {
  progress: { fill: 'rgba(175, 227, 141, 0.8)', selected: 'rgba(75, 127, 41, 0.8)' },
  common: { fill: 'rgba(241, 241, 127, 0.8)', selected: 'rgba(141, 141, 27, 0.8)' },
  regress: { fill: 'rgba(206, 160, 205, 0.8)', selected: 'rgba(106, 60, 105, 0.8)' },
} as const;

/** Plot symbol of each known dissonance; others take `square`, `diamond`, … in order of appearance. */
export const DISSONANCE_SYMBOLS: Readonly<Record<string, string>> = {
  'new-error': 'circle',
  'strict-imitation': 'triangle',
};

/** Symbols for dissonances without a fixed one. */
export const OTHER_SYMBOLS: readonly string[] = ['square', 'diamond', 'star', 'cross', 'wye', 'times'];
