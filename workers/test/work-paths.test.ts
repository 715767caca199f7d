import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { fileUri, localPath, pointDir, runKeyDir, splitOf, type SweepData } from '@bcml/workers';

describe('runKeyDir', () => {
  it('puts a run key below <storage>/sweeps, one folder per segment, encoded so that it cannot leave it', () => {
    expect(runKeyDir('/data', 'adult/sweep-1')).toBe(join('/data', 'sweeps', 'adult', 'sweep-1'));
    expect(runKeyDir('/data', 'a b/../x')).toBe(join('/data', 'sweeps', 'a%20b', '%2E', 'x'));
    expect(runKeyDir('/data', 'name/wf:1?')).toBe(join('/data', 'sweeps', 'name', 'wf%3A1%3F'));
  });

  it('round-trips file URIs and places points below the working folder', () => {
    const uri = fileUri('/data/sweeps/a b');
    expect(uri).toBe('file:///data/sweeps/a%20b');
    expect(localPath(uri)).toBe('/data/sweeps/a b');
    expect(localPath('/plain/path')).toBe('/plain/path');
    expect(pointDir(uri, 'new-error/cross-entropy/0.25')).toBe(
      join('/data/sweeps/a b', 'points', 'new-error', 'cross-entropy', '0.25'),
    );
  });
});

describe('splitOf', () => {
  it('names the spec field when the dataset lacks the split', () => {
    const data: SweepData = { classes: ['a', 'b'], sha256: '0'.repeat(64), splits: {} };
    expect(() => splitOf(data, 'validation', 'dataset.testSplit')).toThrow(InvalidInputError);
    expect(() => splitOf(data, 'validation', 'dataset.testSplit')).toThrow(/invalid dataset\.testSplit/);
  });
});
