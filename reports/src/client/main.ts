/// <reference lib="dom" />
// The report page's entry point (bundled by esbuild into an IIFE and inlined in index.html; Plot and d3 come from
// the inlined UMD scripts as globals).
import { isDotKey } from '../dot-key.js';
import { type InstanceFilter, sameFilter } from '../instance-filter.js';
import { MODEL_SCRIPT_ID, POINTS_SCRIPT_ID } from '../page-ids.js';
import type { PointData } from '../point-data.js';
import { REPORT_MODEL_SCHEMA, type ReportModel } from '../report-model.js';
import { type AppActions, type AppContext, type AppState, initialState } from './app-state.js';
import { createClassSection } from './class-section.js';
import { createDefinitionsSection } from './definitions-section.js';
import { renderDetails } from './details-section.js';
import { h, replaceContent } from './dom.js';
import { createFlipTableSection } from './flip-table-section.js';
import { createInstanceSection } from './instance-section.js';
import { PointLoader } from './point-loader.js';
import { createSweepSection } from './sweep-section.js';
import { Tooltip } from './tooltip.js';
import { createVennSection } from './venn-section.js';

function readJson(id: string): unknown {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`missing #${id}`);
  return JSON.parse(element.textContent ?? 'null') as unknown;
}

/** Reads the embedded model and starts the page. */
function start(): void {
  const model = readJson(MODEL_SCRIPT_ID) as ReportModel;
  if (model.schema !== REPORT_MODEL_SCHEMA) throw new Error(`unsupported report model ${String(model.schema)}`);
  const embedded = readJson(POINTS_SCRIPT_ID) as PointData[];
  const loader = new PointLoader(embedded);
  const tooltip = new Tooltip();
  const app = document.getElementById('app');
  if (app === null) throw new Error('missing #app');
  document.title = `${model.title} · bcml report`;

  const state: AppState = initialState(model);
  const actions: AppActions = {
    selectDot(key) {
      if (!isDotKey(key) || !model.dots.some((d) => d.key === key)) return;
      if (key === state.selectedKey && state.point !== null) return;
      state.selectedKey = key;
      state.filter = null;
      state.tablePage = 0;
      load(key);
      renderSelection();
      renderPointSections();
    },
    setFilter(filter: InstanceFilter | null) {
      if (sameFilter(filter, state.filter)) return;
      state.filter = filter;
      state.tablePage = 0;
      renderPointSections();
    },
    toggleSplit(split, visible) {
      state.visibleSplits[split] = visible;
      renderSelection();
    },
    toggleDissonance(dissonance, visible) {
      state.visibleDissonances[dissonance] = visible;
      renderSelection();
    },
    setLambdaRange(lo, hi) {
      state.lambdaLo = Math.max(0, Math.min(lo, hi));
      state.lambdaHi = Math.min(model.lambdas.length - 1, Math.max(lo, hi));
      renderSelection();
    },
    setClassView(view) {
      state.classView = view;
      renderPointSections();
    },
    setClassPage(page) {
      state.classPage = page;
      renderPointSections();
    },
    setTablePage(page) {
      state.tablePage = page;
      renderPointSections();
    },
  };

  const sweep = model.mode === 'sweep' ? createSweepSection(context(), tooltip) : null;
  const splitPicker = model.mode === 'comparison' ? h('div', { id: 'comparison-splits', class: 'picker' }) : null;
  const details = h('section', { id: 'details', attrs: { 'aria-live': 'polite' } });
  const venn = createVennSection(tooltip);
  const classes = createClassSection();
  const flips = createFlipTableSection();
  const instances = createInstanceSection();
  const pointStatus = h('p', { id: 'point-status', class: 'note', attrs: { role: 'status' } });
  replaceContent(
    app,
    sweep?.root,
    splitPicker,
    details,
    pointStatus,
    h('div', { class: 'columns' }, venn.root, classes.root),
    instances.root,
    flips.root,
    createDefinitionsSection(),
  );

  function context(): AppContext {
    return { model, state, actions };
  }

  function renderSplitPicker(): void {
    if (splitPicker === null) return;
    replaceContent(
      splitPicker,
      h('span', { class: 'pick-title' }, 'Dataset split: '),
      ...model.dots.map((dot) =>
        h(
          'button',
          {
            attrs: { type: 'button', 'aria-pressed': String(dot.key === state.selectedKey) },
            data: { key: dot.key, focusKey: `split-${dot.key}` },
            on: { click: () => actions.selectDot(dot.key) },
          },
          model.splits[dot.split]?.name ?? dot.key,
        ),
      ),
    );
  }

  function renderPointSections(): void {
    const ctx = context();
    const key = state.point?.key ?? '';
    for (const section of [venn, classes, flips, instances]) {
      section.render(ctx);
      section.root.dataset.pointKey = key;
    }
    replaceContent(
      pointStatus,
      state.pointError ?? (state.point === null && state.selectedKey !== null ? 'Loading the point’s data…' : ''),
    );
    app?.setAttribute('data-point-key', key);
  }

  function renderSelection(): void {
    sweep?.render(context());
    renderSplitPicker();
    renderDetails(details, context());
  }

  function load(key: string): void {
    const hit = loader.cached(key);
    if (hit !== null) {
      state.point = hit;
      state.pointError = null;
      return;
    }
    state.point = null;
    state.pointError = null;
    loader.load(key).then(
      (data) => {
        if (state.selectedKey !== key) return;
        state.point = data;
        renderSelection();
        renderPointSections();
      },
      (error: unknown) => {
        if (state.selectedKey !== key) return;
        state.pointError = error instanceof Error ? error.message : String(error);
        renderPointSections();
      },
    );
  }

  if (state.selectedKey !== null) load(state.selectedKey);
  renderSelection();
  renderPointSections();
  document.body.dataset.ready = 'true';
}

try {
  start();
} catch (error) {
  const app = document.getElementById('app');
  const message = error instanceof Error ? error.message : String(error);
  if (app !== null)
    replaceContent(app, h('p', { class: 'error', attrs: { role: 'alert' } }, `The report could not start: ${message}`));
  throw error;
}
