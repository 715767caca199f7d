// The page model, the per-point data and the table's filters, from the MNIST sweep fixture.
import { describe, expect, it } from 'vitest';

import { type Evaluation, InvalidInputError, type SweepSummary } from '@bcml/core';
import { kneePoint, paretoFront } from '@bcml/metrics';
import {
  buildPointData,
  buildReportModel,
  describeFilter,
  errorRegion,
  filterErrorRows,
  sameFilter,
} from '@bcml/reports';
import { PARETO_OBJECTIVES } from '@bcml/results';

import { DISSONANCES, LAMBDAS, MNIST_CLASSES } from './fixtures/mnist-sweep.js';
import { evaluationOf, fixtureData } from './support/fixture-data.js';

const { fixture, model, point } = fixtureData();

describe('the fixture (built through @bcml/metrics)', () => {
  it('is a 2-dissonance × 5-λ sweep on 10,000 test and 60,000 train instances with realistic accuracy', () => {
    const { summary } = fixture;
    expect(summary.points).toHaveLength(DISSONANCES.length * LAMBDAS.length);
    expect(summary.dataset.splits).toEqual({ train: 60_000, test: 10_000 });
    for (const p of summary.points) {
      for (const split of ['test', 'train']) {
        const accuracy = p.splits[split]?.performance?.value ?? 0;
        expect(accuracy).toBeGreaterThan(0.95);
        expect(accuracy).toBeLessThan(0.995);
      }
    }
    expect(fixture.evaluations.size).toBe(20);
  });

  it('writes the Pareto front and knee with paretoFront and kneePoint', () => {
    const rows = fixture.summary.points.map((p) => ({
      id: p.id,
      performance: p.splits['test']?.performance?.value ?? 0,
      btc: p.splits['test']?.btc?.value ?? 0,
    }));
    const front = paretoFront(rows, PARETO_OBJECTIVES);
    expect(fixture.summary.pareto['test']?.front).toEqual(front.map((r) => r.id));
    expect(fixture.summary.pareto['test']?.knee).toBe(kneePoint(front, PARETO_OBJECTIVES)?.id);
  });
});

describe('buildReportModel', () => {
  it('has one dot per (point, split), test split first, λ by exact label', () => {
    expect(model.dots).toHaveLength(20);
    expect(model.splits.map((s) => s.name)).toEqual(['test', 'train']);
    expect(model.lambdas.map((l) => l.label)).toEqual(['0', '0.1', '0.3', '0.6', '1']);
    expect(model.dissonances).toEqual(['new-error', 'strict-imitation']);
    expect(model.dissonanceSymbols).toEqual(['circle', 'triangle']);
    expect(model.classes).toEqual(MNIST_CLASSES);
  });

  it('marks the summary’s front and knee per split, and selects the test split’s knee first', () => {
    for (const [s, split] of model.splits.entries()) {
      const pareto = fixture.summary.pareto[split.name];
      const ids = (dots: typeof model.dots) => dots.map((d) => model.points[d.point]?.id).sort();
      expect(ids(model.dots.filter((d) => d.split === s && d.front))).toEqual([...(pareto?.front ?? [])].sort());
      expect(ids(model.dots.filter((d) => d.split === s && d.knee))).toEqual([pareto?.knee]);
    }
    const knee = model.dots.find((d) => d.key === model.defaultKey);
    expect(knee?.knee).toBe(true);
    expect(model.splits[knee?.split ?? -1]?.name).toBe('test');
  });

  it('keeps failed points out of the plots and lists them with their error', () => {
    const summary: SweepSummary = {
      ...fixture.summary,
      points: [
        ...fixture.summary.points,
        {
          ...fixture.summary.points[0]!,
          id: 'focal/cross-entropy/2',
          dissonance: 'focal',
          status: 'failed',
          error: 'out of memory <b>',
          splits: {},
        },
      ],
    };
    const withFailure = buildReportModel(summary, { mode: 'sweep', hasImages: false });
    expect(withFailure.dots).toHaveLength(20);
    expect(withFailure.dissonances).not.toContain('focal');
    expect(withFailure.unfinished).toEqual([
      { id: 'focal/cross-entropy/2', status: 'failed', error: 'out of memory <b>' },
    ]);
  });

  it('keeps one h2 in comparison mode and refuses a summary without a completed point', () => {
    const comparison = buildReportModel(fixture.summary, { mode: 'comparison', hasImages: false });
    expect(comparison.points).toHaveLength(1);
    expect(comparison.dots.map((d) => d.key)).toEqual(['p0-s0', 'p0-s1']);
    const none = { ...fixture.summary, points: [] };
    expect(() => buildReportModel(none, { mode: 'comparison', hasImages: false })).toThrow(InvalidInputError);
  });

  it('refuses another schema', () => {
    const wrong = { ...fixture.summary, schema: 'bcml.sweep-summary/2' } as unknown as SweepSummary;
    expect(() => buildReportModel(wrong, { mode: 'sweep', hasImages: false })).toThrow(/summary.schema/);
  });
});

describe('buildPointData', () => {
  it('counts flips per class consistently with the evaluation', () => {
    const evaluation = evaluationOf(fixture, model, point.key);
    expect(point.classes.reduce((s, c) => s + c.negativeFlips, 0)).toBe(evaluation.counts.negativeFlips);
    expect(point.classes.reduce((s, c) => s + c.positiveFlips, 0)).toBe(evaluation.counts.positiveFlips);
    expect(point.classes.reduce((s, c) => s + c.h1Errors, 0)).toBe(evaluation.counts.h1Errors);
    expect(point.classes.reduce((s, c) => s + c.h2Errors, 0)).toBe(evaluation.counts.h2Errors);
    expect(point.errors).toHaveLength(evaluation.counts.n - evaluation.counts.bothCorrect);
  });

  it('refuses a class index out of range or another schema', () => {
    const evaluation = evaluationOf(fixture, model, point.key);
    const bad: Evaluation = { ...evaluation, errors: [{ id: 1, label: 10, h1: 0, h2: 0, metadata: '' }] };
    expect(() => buildPointData('p0-s0', bad, MNIST_CLASSES)).toThrow(/errors\[0\]\.label/);
    const other = { ...evaluation, schema: 'x' } as unknown as Evaluation;
    expect(() => buildPointData('p0-s0', other, MNIST_CLASSES)).toThrow(/schema/);
  });
});

describe('instance filters', () => {
  it('split the error rows into the three Venn regions', () => {
    const sizes = (['progress', 'common', 'regress'] as const).map(
      (region) => filterErrorRows(point, { kind: 'region', region }).length,
    );
    expect(sizes).toEqual([point.overlap.h1Only.length, point.overlap.common.length, point.overlap.h2Only.length]);
    for (const region of ['progress', 'common', 'regress'] as const) {
      expect(filterErrorRows(point, { kind: 'region', region }).every((row) => errorRegion(row) === region)).toBe(true);
    }
  });

  it('select a class’s incompatible points, positive flips and each model’s errors', () => {
    for (const c of point.classes) {
      const incompatible = filterErrorRows(point, { kind: 'incompatible', classIndex: c.index });
      expect(incompatible.map((r) => r[0])).toEqual(c.incompatibleIds);
      expect(incompatible.every(([, y, h1, h2]) => y === c.index && h1 === y && h2 !== y)).toBe(true);
      expect(filterErrorRows(point, { kind: 'positive-flips', classIndex: c.index })).toHaveLength(c.positiveFlips);
      expect(filterErrorRows(point, { kind: 'class-errors', classIndex: c.index, model: 'h1' })).toHaveLength(
        c.h1Errors,
      );
      expect(filterErrorRows(point, { kind: 'class-errors', classIndex: c.index, model: 'h2' })).toHaveLength(
        c.h2Errors,
      );
    }
  });

  it('compare and describe', () => {
    expect(sameFilter({ kind: 'incompatible', classIndex: 3 }, { kind: 'incompatible', classIndex: 3 })).toBe(true);
    expect(sameFilter({ kind: 'incompatible', classIndex: 3 }, null)).toBe(false);
    expect(sameFilter(null, null)).toBe(true);
    expect(describeFilter({ kind: 'incompatible', classIndex: 9 }, MNIST_CLASSES)).toContain('“nine <b>9</b>”');
    expect(describeFilter(null, MNIST_CLASSES)).toContain('All instances');
  });
});
