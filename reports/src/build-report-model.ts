import { InvalidInputError, SWEEP_SUMMARY_SCHEMA, type SweepSummary } from '@bcml/core';
import { sweepPareto } from '@bcml/results';

import { dotKey } from './dot-key.js';
import {
  DISSONANCE_SYMBOLS,
  OTHER_SPLIT_COLORS,
  OTHER_SYMBOLS,
  TEST_SPLIT_COLOR,
  TRAIN_SPLIT_COLOR,
} from './palette.js';
import {
  REPORT_MODEL_SCHEMA,
  type ReportDot,
  type ReportMode,
  type ReportModel,
  type ReportPoint,
  type ReportSplit,
} from './report-model.js';

function splitRole(summary: SweepSummary, name: string): ReportSplit['role'] {
  if (name === summary.dataset.testSplit) return 'test';
  if (name === summary.dataset.trainSplit) return 'train';
  return 'other';
}

/** Split names in display order: the test split, the training split, then the rest as the summary lists them. */
function orderedSplits(summary: SweepSummary): string[] {
  const names = new Set<string>(Object.keys(summary.dataset.splits));
  for (const point of summary.points) for (const name of Object.keys(point.splits)) names.add(name);
  const rank = (name: string): number => ['test', 'train', 'other'].indexOf(splitRole(summary, name));
  return [...names].sort((p, q) => rank(p) - rank(q));
}

/**
 * The page model of a sweep summary: completed points with their dots per split, the Pareto front and knee per
 * split (from `@bcml/metrics`), distinct λ and dissonances, failed points apart. In `comparison` mode only the
 * first completed point is kept (it is the h2 compared with h1).
 */
export function buildReportModel(
  summary: SweepSummary,
  options: { mode: ReportMode; hasImages: boolean },
): ReportModel {
  const schema: unknown = summary.schema; // checked at run time: the summary may come from any file
  if (schema !== SWEEP_SUMMARY_SCHEMA)
    throw new InvalidInputError('summary.schema', `"${SWEEP_SUMMARY_SCHEMA}"`, schema);
  const splitNames = orderedSplits(summary);
  let otherColor = 0;
  const splits: ReportSplit[] = splitNames.map((name) => {
    const role = splitRole(summary, name);
    const color =
      role === 'test'
        ? TEST_SPLIT_COLOR
        : role === 'train'
          ? TRAIN_SPLIT_COLOR
          : (OTHER_SPLIT_COLORS[otherColor++ % OTHER_SPLIT_COLORS.length] ?? '#888888');
    return {
      name,
      size: summary.dataset.splits[name] ?? null,
      role,
      color,
      h1Performance: summary.h1.performance[name] ?? null,
    };
  });

  const completed = summary.points.filter((p) => p.status === 'completed');
  const kept = options.mode === 'comparison' ? completed.slice(0, 1) : completed;
  if (options.mode === 'comparison' && kept.length === 0) {
    throw new InvalidInputError(
      'summary.points',
      'a completed point (the h2 to compare) in comparison mode',
      summary.points,
    );
  }
  const dissonances = [...new Set(kept.map((p) => p.dissonance))];
  let otherSymbol = 0;
  const dissonanceSymbols = dissonances.map(
    (d) => DISSONANCE_SYMBOLS[d] ?? OTHER_SYMBOLS[otherSymbol++ % OTHER_SYMBOLS.length] ?? 'square',
  );
  const lambdaByLabel = new Map<string, number>();
  for (const p of kept) {
    if (!Number.isFinite(p.lambda)) throw new InvalidInputError(`points[${p.id}].lambda`, 'a finite number', p.lambda);
    lambdaByLabel.set(p.lambdaLabel, p.lambda);
  }
  const lambdas = [...lambdaByLabel].map(([label, value]) => ({ label, value })).sort((p, q) => p.value - q.value);
  const lambdaIndex = new Map(lambdas.map((l, i) => [l.label, i]));

  const points: ReportPoint[] = kept.map((p) => ({
    id: p.id,
    dissonance: dissonances.indexOf(p.dissonance),
    loss: p.loss,
    lambda: lambdaIndex.get(p.lambdaLabel) ?? 0,
    modelUri: p.modelUri,
    mlflowRunId: p.mlflowRunId,
    durationMs: p.durationMs,
  }));

  const plain: Omit<ReportDot, 'front' | 'knee'>[] = [];
  kept.forEach((p, point) => {
    splitNames.forEach((name, split) => {
      const scores = p.splits[name];
      if (scores === undefined) return;
      const { performance, btc, bec, becNew, nfr } = scores;
      plain.push({ key: dotKey(point, split), point, split, performance, btc, bec, becNew, nfr });
    });
  });
  const onFront = new Set<string>();
  const knees = new Set<string>();
  splitNames.forEach((_, split) => {
    const { front, knee } = sweepPareto(plain.filter((d) => d.split === split));
    for (const d of front) onFront.add(d.key);
    if (knee !== null) knees.add(knee.key);
  });
  const dots: ReportDot[] = plain.map((d) => ({ ...d, front: onFront.has(d.key), knee: knees.has(d.key) }));
  const testSplit = splits.findIndex((s) => s.role === 'test');
  const defaultDot =
    dots.find((d) => d.knee && d.split === testSplit) ?? dots.find((d) => d.split === testSplit) ?? dots[0] ?? null;

  return {
    schema: REPORT_MODEL_SCHEMA,
    mode: options.mode,
    title: summary.name,
    createdAt: summary.createdAt,
    performanceMetric: summary.performanceMetric,
    datasetUri: summary.dataset.uri,
    h1Uri: summary.h1.uri,
    classes: summary.dataset.classes,
    splits,
    dissonances,
    dissonanceSymbols,
    lambdas,
    points,
    dots,
    unfinished: summary.points
      .filter((p) => p.status !== 'completed')
      .map((p) => ({ id: p.id, status: p.status === 'cancelled' ? 'cancelled' : 'failed', error: p.error ?? null })),
    defaultKey: defaultDot?.key ?? null,
    hasImages: options.hasImages,
  };
}
