import type { InstanceFilter } from '../instance-filter.js';
import type { PointData } from '../point-data.js';
import type { ReportModel } from '../report-model.js';

/** Which per-class chart shows: accuracy of h1 and h2, or the distribution of incompatible points. */
export type ClassView = 'accuracy' | 'incompatible';

/** The page's view state: filters, selection, loaded point data, table and chart pages. */
export interface AppState {
  /** Whether each split's dots are shown (by split index). */
  visibleSplits: boolean[];
  /** Whether each dissonance's dots are shown (by dissonance index). */
  visibleDissonances: boolean[];
  /** The λ range as indices into `model.lambdas`, inclusive. */
  lambdaLo: number;
  lambdaHi: number;
  /** The selected dot's key. */
  selectedKey: string | null;
  /** The selected dot's data, once loaded. */
  point: PointData | null;
  /** Why the selected dot's data could not be loaded. */
  pointError: string | null;
  /** The filter of the error-instance table. */
  filter: InstanceFilter | null;
  classView: ClassView;
  /** 0-based page of the per-class charts (kept across points: the classes are the same). */
  classPage: number;
  /** 0-based page of the error-instance table (reset when the point or the filter changes). */
  tablePage: number;
}

/** What sections may ask the app to do. */
export interface AppActions {
  selectDot(key: string): void;
  setFilter(filter: InstanceFilter | null): void;
  toggleSplit(split: number, visible: boolean): void;
  toggleDissonance(dissonance: number, visible: boolean): void;
  setLambdaRange(lo: number, hi: number): void;
  setClassView(view: ClassView): void;
  setClassPage(page: number): void;
  setTablePage(page: number): void;
}

/** What every section renders from. */
export interface AppContext {
  readonly model: ReportModel;
  readonly state: AppState;
  readonly actions: AppActions;
}

/** The initial state: everything visible, the model's default dot selected. */
export function initialState(model: ReportModel): AppState {
  return {
    visibleSplits: model.splits.map(() => true),
    visibleDissonances: model.dissonances.map(() => true),
    lambdaLo: 0,
    lambdaHi: Math.max(0, model.lambdas.length - 1),
    selectedKey: model.defaultKey,
    point: null,
    pointError: null,
    filter: null,
    classView: 'accuracy',
    classPage: 0,
    tablePage: 0,
  };
}

/** The keys of the dots that pass the filters (split, dissonance, λ range). */
export function visibleKeys(model: ReportModel, state: AppState): Set<string> {
  const keys = new Set<string>();
  for (const dot of model.dots) {
    const point = model.points[dot.point];
    if (point === undefined) continue;
    if (state.visibleSplits[dot.split] !== true || state.visibleDissonances[point.dissonance] !== true) continue;
    if (point.lambda < state.lambdaLo || point.lambda > state.lambdaHi) continue;
    keys.add(dot.key);
  }
  return keys;
}
