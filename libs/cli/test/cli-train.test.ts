import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { BCML_USAGE, EXIT } from '@bcml/cli';

import { bcmlOffline as bcml } from './run-bcml-offline.js';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-cli-train-'));

/** A German credit baseline spec, as a user writes it. */
const baseline = {
  name: 'credit-baseline',
  dataset: { uri: 'bcml:datasets/german-credit' },
  model: { kind: 'logistic-regression' },
  optimizer: { kind: 'adam', learningRate: 0.01 },
  epochs: 1,
  batchSize: 64,
};

/** Writes `spec` to a fresh file and returns its path. */
function specFile(spec: unknown): string {
  const path = join(tmp, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

describe('bcml train: arguments and input checked before any MLflow run (no server)', () => {
  it('prints its usage with --help and is listed in bcml --help', async () => {
    const { code, out, err } = await bcml('train', '--help');
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^usage: bcml train <spec\.json>/);
    expect(out).toContain('runs:/<run>/model');
    expect(err).toBe('');
    expect(BCML_USAGE).toMatch(/^ {2}train <spec\.json>/m);
  });

  it.each([
    [['train'], 'missing <spec.json>'],
    [['train', 'a.json', 'b.json'], 'unexpected argument "b.json"'],
    [['train', 'a.json', '--backend', 'tpu'], 'invalid --backend: expected one of tensorflow, tensorflow-gpu, cpu-js'],
    [['train', 'a.json', '--epochs', '3'], "Unknown option '--epochs'"],
  ])('bcml %j is a usage error (exit 2): %s', async (args, message) => {
    const { code, err } = await bcml(...args);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain(message);
    expect(err).toContain('usage: bcml train');
  });

  it.each([
    [{ ...baseline, epochs: 0 }, /^bcml: invalid epochs: expected a positive integer/],
    [{ ...baseline, lambda: 0.5 }, /^bcml: invalid lambda: expected 0 without "h1"/],
    [{ ...baseline, h2: baseline }, /^bcml: invalid h2: expected no such key/],
    [{ ...baseline, h1: { uri: 'models:/credit' } }, /^bcml: invalid h1\.uri/],
  ])('rejects a bad spec with exit 2 naming the field: %j', async (spec, message) => {
    const { code, out, err } = await bcml('train', specFile(spec));
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });

  it('rejects a missing spec file with exit 2', async () => {
    const { code, err } = await bcml('train', join(tmp, 'missing.json'));
    expect(code).toBe(EXIT.usage);
    expect(err).toContain('invalid spec file');
  });

  it.each([
    [
      { ...baseline, dataset: { uri: 'bcml:datasets/nope' } },
      /^bcml: invalid dataset\.uri: expected a bundled dataset/m,
    ],
    [{ ...baseline, dataset: { ...baseline.dataset, testSplit: 'holdout' } }, /^bcml: invalid dataset\.testSplit/m],
    [
      { ...baseline, h1: { uri: join(tmp, 'no-such-h1') } },
      /^bcml: invalid h1\.uri: expected a model folder holding model\.json/m,
    ],
    [{ ...baseline, model: { kind: 'lenet' } }, /^bcml: invalid inputShape: .*"lenet" model/m],
  ])('rejects data, h1 or architecture that do not fit before any run exists: %j', async (spec, message) => {
    // MLFLOW_TRACKING_URI points at a closed port: reaching MLflow would fail with exit 1, not 2.
    const { code, out, err } = await bcml('train', specFile(spec));
    expect(err).toMatch(message);
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
  });
});
