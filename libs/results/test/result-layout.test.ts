import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { evaluationPath, pointEvaluationPath, pointSegments, RESULT_FILES, splitArrowFile } from '@bcml/results';

describe('the result layout', () => {
  it('names evaluations/<point>/<split>.json and the per-split files', () => {
    expect(evaluationPath('new-error/cross-entropy/0.3', 'test')).toBe(
      'evaluations/new-error/cross-entropy/0.3/test.json',
    );
    expect(pointEvaluationPath('train')).toBe('evaluations/train.json');
    expect(splitArrowFile('test')).toBe('test.arrow');
    expect(pointSegments('strict-imitation/kl/1')).toEqual(['strict-imitation', 'kl', '1']);
  });

  it('spells the names other tools and people look for', () => {
    const { summary, report, reportIndex, h1Outputs, initialModel } = RESULT_FILES;
    expect([summary, report, reportIndex, h1Outputs, initialModel]).toEqual([
      'sweep-summary.json',
      'report',
      'index.html',
      'h1-outputs',
      'initial-model',
    ]);
  });

  it('refuses path tricks, naming the point id or the split', () => {
    expect(() => evaluationPath('../x', 'test')).toThrow(InvalidInputError);
    expect(() => evaluationPath('../x', 'test')).toThrow(/invalid pointId/);
    expect(() => evaluationPath('a b', 'test')).toThrow(/invalid pointId/);
    expect(() => evaluationPath('a//b', 'test')).toThrow(/invalid pointId/);
    expect(() => evaluationPath('a', '..')).toThrow(/invalid split/);
    expect(() => evaluationPath('a', 'x/y')).toThrow(/invalid split/);
    expect(() => pointEvaluationPath('.')).toThrow(/invalid split/);
    expect(() => splitArrowFile('../train')).toThrow(/invalid split/);
    expect(() => pointSegments('a/../b')).toThrow(/invalid pointId/);
  });
});
