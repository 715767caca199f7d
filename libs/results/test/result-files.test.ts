import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import {
  buildEvaluation,
  evaluationPath,
  pointSplitScores,
  readEvaluationFile,
  readResultFiles,
  sweepSummary,
  writeJsonFile,
  writeResultFiles,
} from '@bcml/results';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-results-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const pointId = 'strict-imitation/kl/1';
const evaluation = buildEvaluation({
  pointId,
  split: 'test',
  input: {
    labels: Int32Array.from([0, 1, 2]),
    h1: Int32Array.from([0, 1, 1]),
    h2: Int32Array.from([0, 2, 2]),
    numClasses: 3,
  },
});
const path = evaluationPath(pointId, 'test');
const summary = sweepSummary({
  name: 'files',
  spec: { name: 'files' },
  dataset: {
    uri: 'd',
    sha256: 's',
    classes: ['a', 'b', 'c'],
    splits: { test: 3 },
    trainSplit: 'train',
    testSplit: 'test',
  },
  h1: { uri: 'runs:/h/model', performance: { test: evaluation.scores.accuracyH1 } },
  performanceMetric: 'accuracy',
  points: [
    {
      id: pointId,
      dissonance: 'strict-imitation',
      loss: 'kl',
      lambda: 1,
      lambdaLabel: '1',
      status: 'completed',
      mlflowRunId: null,
      modelUri: 'runs:/p/model',
      durationMs: 1,
      splits: { test: pointSplitScores(evaluation, path) },
    },
  ],
  splits: ['test'],
});

describe('writeJsonFile', () => {
  it('writes 2-space indented JSON with a trailing newline, creating its folder', async () => {
    const file = join(dir, 'deep', 'er', 'value.json');
    await writeJsonFile(file, { a: [1, 2] });
    expect(await readFile(file, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
  });
});

describe('writeResultFiles and readResultFiles', () => {
  it('write the summary and each evaluation where the summary names it, and read them back', async () => {
    const results = join(dir, 'results');
    const written = await writeResultFiles(results, summary, new Map([[path, evaluation]]));
    expect(written).toBe(join(results, 'sweep-summary.json'));
    expect(JSON.parse(await readFile(join(results, 'evaluations', pointId, 'test.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(evaluation)),
    );
    const read = await readResultFiles(results);
    expect(read.summary).toEqual(summary);
    expect(await read.evaluations(path)).toEqual(JSON.parse(JSON.stringify(evaluation)));
  });

  it('refuses evaluation paths that leave the folder, and files of another schema', async () => {
    const results = join(dir, 'results');
    await writeFile(join(dir, 'outside.json'), JSON.stringify(evaluation));
    await expect((await readResultFiles(results)).evaluations('../outside.json')).rejects.toThrow(InvalidInputError);
    await expect((await readResultFiles(results)).evaluations(join(dir, 'outside.json'))).rejects.toThrow(
      /invalid evaluation path/,
    );
    await writeFile(join(results, 'other.json'), JSON.stringify({ schema: 'bcml.other/1' }));
    await expect((await readResultFiles(results)).evaluations('other.json')).rejects.toThrow(
      /invalid other\.json schema/,
    );
    await expect(readEvaluationFile(join(results, 'other.json'), 'point evaluation')).rejects.toThrow(
      /invalid point evaluation schema/,
    );
  });

  it('refuses a summary of another schema, naming the file', async () => {
    const other = join(dir, 'other-summary');
    await mkdir(other, { recursive: true });
    await writeJsonFile(join(other, 'sweep-summary.json'), { schema: 'bcml.sweep-summary/0' });
    await expect(readResultFiles(other)).rejects.toThrow(/invalid sweep-summary\.json schema/);
  });
});
