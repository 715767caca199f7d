// Figure functions rendered server-side (linkedom) from fixture data and compared with committed snapshots.
import { afterAll, describe, expect, it } from 'vitest';

import {
  CLASS_PAGE_SIZE,
  classAccuracyChart,
  compatibilityScatter,
  createServerDocument,
  incompatibleChart,
  incompatibleYMax,
  pageItems,
  scatterRows,
  vennDiagram,
  type VennCounts,
} from '@bcml/reports';

import { fixtureData } from './support/fixture-data.js';
import { compareSvgSnapshot, removeStaleChangedFiles } from './support/svg-snapshot.js';

const failed = new Set<string>();

async function expectSnapshot(name: string, figure: Element): Promise<void> {
  const problem = await compareSvgSnapshot(name, figure);
  if (problem !== null) failed.add(name);
  expect(problem).toBeNull();
}

afterAll(async () => {
  await removeStaleChangedFiles(failed);
});

const document = createServerDocument();
const { model, point } = fixtureData();
const counts = (c: VennCounts): VennCounts => c;

describe('compatibilityScatter', () => {
  it('BTC vs performance: every dot, h1 lines, Pareto front and knees, the selection', async () => {
    const figure = compatibilityScatter(model, { score: 'btc', selectedKey: model.defaultKey, document });
    expect(figure.querySelectorAll('a').length).toBe(model.dots.length + 1); // + the selected dot's overlay
    expect(figure.textContent).toContain('h1 test: 0.979');
    expect(figure.textContent).toContain('knee');
    await expectSnapshot('btc-scatter', figure);
  });

  it('BEC vs performance: only the test split (filtered), its own x domain', async () => {
    const visibleKeys = new Set(model.dots.filter((d) => d.split === 0).map((d) => d.key));
    const figure = compatibilityScatter(model, { score: 'bec', visibleKeys, selectedKey: model.defaultKey, document });
    expect(figure.querySelectorAll('a').length).toBe(visibleKeys.size + 1);
    expect(figure.textContent).not.toContain('h1 train');
    expect(figure.textContent).not.toContain('knee');
    await expectSnapshot('bec-scatter-test-split', figure);
  });

  it('draws no vertical error bar for a metric without an interval (balanced accuracy, macro-F1, ROC AUC)', () => {
    const balanced = {
      ...model,
      performanceMetric: 'balanced-accuracy',
      dots: model.dots.map((d) => ({ ...d, performance: d.performance && { value: d.performance.value, ci95: null } })),
    };
    const rows = scatterRows(balanced, 'btc');
    expect(rows).toHaveLength(scatterRows(model, 'btc').length);
    for (const row of rows) expect([row.yLo, row.yHi]).toEqual([row.y, row.y]);
    const figure = compatibilityScatter(balanced, { score: 'btc', document });
    expect(figure.textContent).toContain('balanced-accuracy of h2');
  });

  it('hides a selected dot that the filters hide', () => {
    const visibleKeys = new Set(model.dots.filter((d) => d.key !== model.defaultKey).map((d) => d.key));
    const figure = compatibilityScatter(model, { score: 'btc', visibleKeys, selectedKey: model.defaultKey, document });
    expect(figure.querySelectorAll('a').length).toBe(model.dots.length - 1);
  });
});

describe('vennDiagram', () => {
  const n = point.n;
  it('the default point, Regress selected', async () => {
    const c = {
      h1Only: point.overlap.h1Only.length,
      common: point.overlap.common.length,
      h2Only: point.overlap.h2Only.length,
    };
    const figure = vennDiagram(c, { n, selected: 'regress', document });
    expect(Array.from(figure.querySelectorAll('[data-region]'), (e) => e.getAttribute('data-region'))).toEqual([
      'progress',
      'common',
      'regress',
    ]);
    await expectSnapshot('venn-default-point', figure);
  });

  it.each([
    ['identical', counts({ h1Only: 0, common: 50, h2Only: 0 }), ['common']],
    ['h1-contains-h2', counts({ h1Only: 30, common: 20, h2Only: 0 }), ['progress', 'common']],
    ['h2-contains-h1', counts({ h1Only: 0, common: 20, h2Only: 30 }), ['common', 'regress']],
    ['disjoint', counts({ h1Only: 40, common: 0, h2Only: 25 }), ['progress', 'regress']],
    ['only-h2', counts({ h1Only: 0, common: 0, h2Only: 12 }), ['regress']],
    ['empty', counts({ h1Only: 0, common: 0, h2Only: 0 }), []],
  ])('%s error sets', async (name, c, regions) => {
    const figure = vennDiagram(c, { n: 1000, document });
    expect(Array.from(figure.querySelectorAll('[data-region]'), (e) => e.getAttribute('data-region'))).toEqual(regions);
    if (name === 'empty') expect(figure.textContent).toContain('Neither model makes an error');
    await expectSnapshot(`venn-${name}`, figure);
  });
});

describe('per-class charts', () => {
  it('accuracy of h1 and h2, first page, h2 of class 3 selected', async () => {
    const figure = classAccuracyChart(pageItems(point.classes, 0, CLASS_PAGE_SIZE), {
      selected: { classIndex: 3, model: 'h2' },
      document,
    });
    expect(figure.querySelectorAll('a').length).toBe(2 * CLASS_PAGE_SIZE);
    expect(figure.textContent).toContain('three');
    await expectSnapshot('class-accuracy-page-1', figure);
  });

  it('incompatible points, second page: shares of all classes, class name with markup as text', async () => {
    const page = pageItems(point.classes, 1, CLASS_PAGE_SIZE);
    const figure = incompatibleChart(page, {
      total: point.counts.negativeFlips,
      yMax: incompatibleYMax(point.classes),
      selected: 9,
      document,
    });
    expect(figure.textContent).toContain('nine <b>9</b>');
    expect(figure.querySelector('b')).toBeNull();
    await expectSnapshot('incompatible-points-page-2', figure);
  });
});
