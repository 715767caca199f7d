import { describe, expect, it } from 'vitest';

import {
  parseComparisonSpec,
  isProgressSignalEpoch,
  parsePointProgress,
  parsePointProgressList,
  parsePointResult,
  parseTrainedPoint,
  pointRunKey,
  workflowRunKey,
} from '@bcml/core';

describe('parseComparisonSpec', () => {
  const spec = {
    name: 'lr-vs-mlp',
    dataset: { uri: 'bcml:datasets/adult' },
    h1: { uri: './h1' },
    h2: { uri: 'runs:/abc/model' },
  };

  it('applies defaults', () => {
    expect(parseComparisonSpec(spec)).toEqual({
      ...spec,
      dataset: { uri: 'bcml:datasets/adult', splits: ['test'] },
      performanceMetric: 'accuracy',
      tracking: { experiment: 'lr-vs-mlp' },
    });
  });

  it('rejects bad fields by name', () => {
    expect(() => parseComparisonSpec({ ...spec, h2: { uri: 'runs:/abc' } })).toThrow('invalid h2.uri');
    expect(() => parseComparisonSpec({ ...spec, dataset: { uri: 'a', splits: ['test', 'test'] } })).toThrow(
      'invalid dataset.splits[1]',
    );
    expect(() => parseComparisonSpec({ ...spec, h3: {} })).toThrow('invalid h3');
  });
});

describe('point results', () => {
  const trained = {
    mlflowRunId: 'run-1',
    modelUri: 'runs:/run-1/model',
    predictionsUri: `mlflow-artifacts:/1/run-1/artifacts/predictions#folder-sha256=${'a'.repeat(64)}`,
    evaluations: { test: `mlflow-artifacts:/1/run-1/artifacts/evaluations/test.json#file-sha256=${'b'.repeat(64)}` },
    durationMs: 1234,
    splits: { test: { performance: 0.9, btc: 0.98, nfr: 0.01 }, train: { performance: 0.91, btc: null, nfr: 0 } },
  };

  it('validates what a trainer returns', () => {
    expect(parseTrainedPoint(trained)).toEqual(trained);
    expect(() => parseTrainedPoint({ ...trained, predictions: [1, 2] })).toThrow('invalid trainedPoint.predictions');
    // Nothing local crosses an activity boundary: a trainer's file:// URI or path is refused, naming the field.
    expect(() => parseTrainedPoint({ ...trained, modelUri: 'file:///tmp/sweep/points/0/model' })).toThrow(
      /invalid trainedPoint\.modelUri: expected a location-independent URI/,
    );
    expect(() => parseTrainedPoint({ ...trained, evaluations: { test: '/tmp/e.json' } })).toThrow(
      'invalid trainedPoint.evaluations.test',
    );
    expect(() => parseTrainedPoint({ ...trained, evaluations: undefined })).toThrow('invalid trainedPoint');
    expect(() => parseTrainedPoint({ ...trained, splits: { test: { performance: 2, btc: 1, nfr: 0 } } })).toThrow(
      'invalid trainedPoint.splits.test.performance',
    );
  });

  it('validates point results and requires the error of a failed point', () => {
    const failed = { pointId: 'new-error/nll/0.5', status: 'failed', error: 'boom', ...trained };
    expect(parsePointResult(failed)).toEqual(failed);
    expect(() => parsePointResult({ ...failed, error: undefined })).toThrow('invalid pointResult.error');
    expect(() => parsePointResult({ ...failed, error: '' })).toThrow('invalid pointResult.error');
    const completed = { pointId: 'new-error/nll/0.5', status: 'completed', ...trained, evaluations: null };
    expect(parsePointResult(completed)).toEqual(completed);
    expect(parsePointResult({ ...completed, error: undefined, evaluations: undefined })).toEqual(completed);
  });

  it('validates progress signals', () => {
    expect(parsePointProgress({ pointId: 'a/b/0', epoch: 2, epochs: 3 })).toEqual({
      pointId: 'a/b/0',
      epoch: 2,
      epochs: 3,
    });
    expect(() => parsePointProgress({ pointId: 'a/b/0', epoch: 4, epochs: 3 })).toThrow('invalid pointProgress.epoch');
  });

  it('spreads a budget of progress signals evenly over the epochs, the last epoch always included', () => {
    const signalled = (epochs: number, budget: number): number[] => {
      const out: number[] = [];
      for (let epoch = 1, last = 0; epoch <= epochs; epoch += 1) {
        if (isProgressSignalEpoch(epoch, epochs, last, budget)) out.push((last = epoch));
      }
      return out;
    };
    expect(signalled(20, 1)).toEqual([20]);
    expect(signalled(20, 4)).toEqual([5, 10, 15, 20]);
    expect(signalled(3, 1000)).toEqual([1, 2, 3]);
    expect(signalled(7, 3)).toHaveLength(3);
    // A mark the trainer skipped (its 1 s throttle) is taken at the next epoch, never twice.
    expect(isProgressSignalEpoch(6, 20, 0, 4)).toBe(true);
    expect(isProgressSignalEpoch(6, 20, 5, 4)).toBe(false);
  });

  it("validates a pack's progress signal: one object or an array of 1 to MAX_PACK", () => {
    const one = { pointId: 'a/b/0', epoch: 1, epochs: 3 };
    const two = { pointId: 'a/b/1', epoch: 1, epochs: 3 };
    expect(parsePointProgressList(one)).toEqual([one]);
    expect(parsePointProgressList([one, two])).toEqual([one, two]);
    expect(() => parsePointProgressList([])).toThrow('invalid pointProgress: expected 1 to 64');
    expect(() => parsePointProgressList(Array.from({ length: 65 }, () => one))).toThrow('invalid pointProgress');
    expect(() => parsePointProgressList([one, { ...two, epoch: 4 }])).toThrow('invalid pointProgress.epoch');
  });

  it('builds business keys from the spec name and workflow id', () => {
    const sweep = workflowRunKey('adult', 'sweep-42');
    expect(sweep).toBe('adult/sweep-42');
    expect(pointRunKey(sweep, 'new-error/cross-entropy/0.25')).toBe('adult/sweep-42/new-error/cross-entropy/0.25');
  });
});
