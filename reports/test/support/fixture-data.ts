// The MNIST sweep fixture as the figure and model tests use it: built once per test file.
import type { Evaluation } from '@bcml/core';
import { buildPointData, buildReportModel, type PointData, type ReportModel } from '@bcml/reports';

import { mnistSweepFixture, type SweepFixture } from '../fixtures/mnist-sweep.js';

/** The fixture with its page model and the default point's data. */
export interface FixtureData {
  readonly fixture: SweepFixture;
  readonly model: ReportModel;
  /** The data of the model's default dot (the knee of the test split). */
  readonly point: PointData;
}

let cached: FixtureData | null = null;

/** The evaluation of a dot of the model. */
export function evaluationOf(fixture: SweepFixture, model: ReportModel, key: string): Evaluation {
  const dot = model.dots.find((d) => d.key === key);
  const point =
    dot === undefined ? undefined : fixture.summary.points.filter((p) => p.status === 'completed')[dot.point];
  const split = dot === undefined ? undefined : model.splits[dot.split]?.name;
  const path = split === undefined ? undefined : point?.splits[split]?.evaluation;
  const evaluation = path === undefined ? undefined : fixture.evaluations.get(path);
  if (evaluation === undefined) throw new Error(`no evaluation for ${key}`);
  return evaluation;
}

/** Builds (once) the MNIST fixture, its model and its default point's data. */
export function fixtureData(): FixtureData {
  if (cached !== null) return cached;
  const fixture = mnistSweepFixture();
  const model = buildReportModel(fixture.summary, { mode: 'sweep', hasImages: true });
  const key = model.defaultKey;
  if (key === null) throw new Error('the fixture has no default dot');
  cached = { fixture, model, point: buildPointData(key, evaluationOf(fixture, model, key), model.classes) };
  return cached;
}
