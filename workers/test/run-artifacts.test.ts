import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { type LabelledData } from '@bcml/training';
import { artifactChild, runArtifactRoot, splitOf, withScratch, type SweepData } from '@bcml/workers';

describe('runArtifactRoot', () => {
  it('uses the run’s artifact root, else a folder per run key below the untracked root, else names tracking', () => {
    const run = { info: { artifactUri: 'mlflow-artifacts:/1/abc/artifacts/' } };
    expect(runArtifactRoot(run, 'adult/wf-1', undefined)).toBe('mlflow-artifacts:/1/abc/artifacts');
    expect(runArtifactRoot(null, 'adult/wf:1/..', 's3://bucket/bcml/')).toBe('s3://bucket/bcml/adult/wf%3A1/%2E%2E');
    expect(() => runArtifactRoot(null, 'adult/wf-1', undefined)).toThrow(/invalid tracking: expected an MLflow/);
    expect(artifactChild('runs:/r/', 'report', 'index.html')).toBe('runs:/r/report/index.html');
  });
});

describe('withScratch', () => {
  it('gives the body a fresh private folder and removes it afterwards, also when the body throws', async () => {
    const storage = await mkdtemp(join(tmpdir(), 'bcml-scratch-'));
    let seen = '';
    await withScratch(storage, async (dir) => {
      seen = dir;
      await writeFile(join(dir, 'x'), 'x');
    });
    expect(seen.startsWith(join(storage, 'scratch'))).toBe(true);
    expect(existsSync(seen)).toBe(false);
    await expect(
      withScratch(storage, (dir) => {
        seen = dir;
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(seen)).toBe(false);
    await rm(storage, { recursive: true, force: true });
  });
});

describe('splitOf', () => {
  it('names the spec field when the dataset lacks the split', () => {
    const data: SweepData = { classes: ['a', 'b'], sha256: '0'.repeat(64), splits: {} };
    expect(() => splitOf(data, 'validation', 'dataset.testSplit')).toThrow(InvalidInputError);
    expect(() => splitOf(data, 'validation', 'dataset.testSplit')).toThrow(/invalid dataset\.testSplit/);
  });

  it('names the spec field when the split has no rows', () => {
    const empty = { rows: new Uint32Array(0) } as unknown as LabelledData;
    const data: SweepData = { classes: ['a', 'b'], sha256: '0'.repeat(64), splits: { test: empty } };
    expect(() => splitOf(data, 'test', 'dataset.testSplit')).toThrow(
      'invalid dataset.testSplit: expected a split with at least one row (this one has none), received "test"',
    );
  });
});
