import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError, type SweepPoint } from '@bcml/core';
import {
  buildEvaluation,
  evaluationPath,
  pointEvaluationPath,
  pointHeadline,
  pointSegments,
  pointSplitScores,
  readEvaluationFile,
  readResultFiles,
  RESULT_FILES,
  splitArrowFile,
  sweepSummary,
  writeResultFiles,
} from '@bcml/results';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-results-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('the result layout', () => {
  it('names evaluations/<point>/<split>.json and the per-split files, and refuses path tricks', () => {
    expect(evaluationPath('new-error/cross-entropy/0.3', 'test')).toBe(
      'evaluations/new-error/cross-entropy/0.3/test.json',
    );
    expect(pointEvaluationPath('train')).toBe('evaluations/train.json');
    expect(splitArrowFile('test')).toBe('test.arrow');
    expect(pointSegments('strict-imitation/kl/1')).toEqual(['strict-imitation', 'kl', '1']);
    expect(() => evaluationPath('../x', 'test')).toThrow(InvalidInputError);
    expect(() => evaluationPath('a b', 'test')).toThrow(InvalidInputError);
    expect(() => evaluationPath('a', '..')).toThrow(/invalid split/);
    expect(() => splitArrowFile('../train')).toThrow(/invalid split/);
    expect(() => pointSegments('a/../b')).toThrow(/invalid pointId/);
    expect(RESULT_FILES.summary).toBe('sweep-summary.json');
  });
});

// Labels, h1 and h2 on 6 instances (ids 10..15): h1 wrong on 13, 14; h2 wrong on 12, 14 → one negative flip (12),
// one positive flip (13), one common error (14). BTC = h2 right among h1 right = 3/4; NFR = 1/6.
const input = {
  labels: Int32Array.from([0, 1, 0, 1, 0, 1]),
  h1: Int32Array.from([0, 1, 0, 0, 1, 1]),
  h2: Int32Array.from([0, 1, 1, 1, 1, 1]),
  numClasses: 2,
  ids: Uint32Array.from([10, 11, 12, 13, 14, 15]),
};

describe('buildEvaluation and the summary', () => {
  const evaluation = buildEvaluation({
    pointId: 'new-error/cross-entropy/0.5',
    split: 'test',
    input,
    classNames: ['no', 'yes'],
  });

  it('scores a (point, split) by hand-derived counts and lists the error instances', () => {
    expect(evaluation.n).toBe(6);
    expect(evaluation.scores.btc?.value).toBeCloseTo(3 / 4, 12);
    expect(evaluation.scores.nfr?.value).toBeCloseTo(1 / 6, 12);
    expect(evaluation.scores.accuracyH1?.value).toBeCloseTo(4 / 6, 12);
    expect(evaluation.scores.accuracyH2?.value).toBeCloseTo(4 / 6, 12);
    expect(evaluation.errorOverlap).toEqual({ h1Only: [13], common: [14], h2Only: [12] });
    expect(evaluation.errors.map((e) => e.id)).toEqual([12, 13, 14]);
    expect(evaluation.perClass.map((c) => c.name)).toEqual(['no', 'yes']);
    expect(pointHeadline(evaluation)).toEqual({ performance: 4 / 6, btc: 3 / 4, nfr: 1 / 6 });
  });

  it('assembles one summary shape for sweeps and compared pairs, with each split’s Pareto record', async () => {
    const path = evaluationPath('new-error/cross-entropy/0.5', 'test');
    const point: SweepPoint = {
      id: 'new-error/cross-entropy/0.5',
      dissonance: 'new-error',
      loss: 'cross-entropy',
      lambda: 0.5,
      lambdaLabel: '0.5',
      status: 'completed',
      mlflowRunId: 'r1',
      modelUri: 'runs:/r1/model',
      durationMs: 12,
      splits: { test: pointSplitScores(evaluation, path) },
    };
    const failed: SweepPoint = { ...point, id: 'new-error/cross-entropy/1', status: 'failed', splits: {} };
    const summary = sweepSummary({
      name: 'credit',
      spec: { name: 'credit', nested: { keep: undefined, n: 1 } },
      dataset: {
        uri: 'bcml:datasets/german-credit',
        sha256: 'x',
        classes: ['no', 'yes'],
        splits: { test: 6 },
        trainSplit: 'train',
        testSplit: 'test',
      },
      h1: { uri: 'runs:/h/model', performance: { test: evaluation.scores.accuracyH1 } },
      performanceMetric: 'accuracy',
      points: [point, failed],
      splits: ['test'],
      createdAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(summary.schema).toBe('bcml.sweep-summary/1');
    expect(summary.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(summary.spec).toEqual({ name: 'credit', nested: { n: 1 } });
    expect(summary.pareto).toEqual({ test: { front: [point.id], knee: point.id } });

    const results = join(dir, 'results');
    const written = await writeResultFiles(results, summary, new Map([[path, evaluation]]));
    expect(written).toBe(join(results, 'sweep-summary.json'));
    const read = await readResultFiles(results);
    expect(read.summary).toEqual(summary);
    expect(await read.evaluations(path)).toEqual(JSON.parse(JSON.stringify(evaluation)));
    await writeFile(join(dir, 'other.json'), JSON.stringify({ schema: 'bcml.other/1' }));
    await expect(readEvaluationFile(join(dir, 'other.json'), 'point evaluation')).rejects.toThrow(
      /invalid point evaluation schema/,
    );
  });
});
