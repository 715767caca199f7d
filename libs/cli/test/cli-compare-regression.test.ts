import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { BCML_USAGE, comparisonResultText, EXIT, regressionExitCode, regressionVerdictText } from '@bcml/cli';
import type { ComparisonResult, RegressionVerdict } from '@bcml/core';

import { bcmlOffline as bcml } from './run-bcml-offline.js';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-cli-compare-'));

function specFile(name: string, spec: unknown): string {
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

describe('bcml compare, regression and model register: arguments (no server)', () => {
  it('lists the commands and the regression exit code in the top-level usage', () => {
    expect(BCML_USAGE).toMatch(/^ {2}compare <spec\.json>/m);
    expect(BCML_USAGE).toMatch(/^ {2}regression <spec\.json>/m);
    expect(BCML_USAGE).toMatch(/^ {2}model register /m);
    expect(BCML_USAGE).toContain('4 regression check whose verdict is fail');
  });

  it.each([['compare'], ['regression'], ['model'], ['model', 'register']])(
    'bcml %s … --help prints its usage and exits 0',
    async (...words) => {
      const { code, out, err } = await bcml(...words, '--help');
      expect(code).toBe(EXIT.ok);
      expect(out).toMatch(new RegExp(`^usage: bcml ${words.join(' ')} `));
      expect(err).toBe('');
    },
  );

  it.each([
    [['compare'], 'missing <spec.json>'],
    [['regression', 'a.json', 'b.json'], 'unexpected argument "b.json"'],
    [['regression', 'a.json', '--bogus'], "Unknown option '--bogus'"],
    [['model'], 'usage: bcml model'],
    [['model', 'publish'], 'unknown model command "publish"'],
    [['model', 'register'], 'missing <model-uri-or-folder>'],
    [['model', 'register', 'some/folder'], 'missing --name'],
  ])('bcml %j is a usage error (exit 2): %s', async (args, message) => {
    const { code, err, out } = await bcml(...args);
    expect(code).toBe(EXIT.usage);
    expect(`${err}${out}`).toContain(message);
  });

  it('rejects bad specs locally with exit 2, naming the field, before contacting Temporal', async () => {
    const comparison = specFile('bad-comparison', {
      name: 'cmp',
      dataset: { uri: 'bcml:datasets/german-credit', splits: ['test', 'test'] },
      h1: { uri: '/models/h1' },
      h2: { uri: '/models/h2' },
    });
    const compared = await bcml('compare', comparison, '--wait');
    expect(compared.code).toBe(EXIT.usage);
    expect(compared.err).toMatch(/^bcml: invalid dataset\.splits\[1\]: expected a split not listed before/);
    expect(compared.err).not.toContain('    at ');

    const regression = specFile('bad-regression', {
      name: 'nightly',
      dataset: { uri: 'bcml:datasets/german-credit' },
      registeredModel: 'credit',
      challengerAlias: 'champion',
    });
    const checked = await bcml('regression', regression);
    expect(checked.code).toBe(EXIT.usage);
    expect(checked.err).toMatch(/^bcml: invalid challengerAlias: expected an alias other than championAlias/);
    expect((await bcml('regression', join(tmp, 'missing.json'))).code).toBe(EXIT.usage);
  });

  it('model register refuses a bad alias, a bad name or a folder without model.json before contacting MLflow', async () => {
    const folder = join(tmp, 'not-a-model');
    mkdirSync(folder);
    const alias = await bcml('model', 'register', folder, '--name', 'credit', '--alias', 'champion', '--alias', 'x y');
    expect(alias.code).toBe(EXIT.usage);
    expect(alias.err).toMatch(/^bcml: invalid --alias: expected a registry alias/);
    const name = await bcml('model', 'register', folder, '--name', 'credit@champion');
    expect(name.code).toBe(EXIT.usage);
    expect(name.err).toMatch(/^bcml: invalid --name/);
    const empty = await bcml('model', 'register', folder, '--name', 'credit', '--alias', 'champion');
    expect(empty.code).toBe(EXIT.usage);
    expect(empty.err).toMatch(/^bcml: invalid model: expected a saved tfjs model folder/);
  });

  it('schedule create checks its arguments and the spec before contacting Temporal', async () => {
    expect(BCML_USAGE).toMatch(/^ {2}schedule create <spec\.json> --cron/m);
    expect((await bcml('schedule', '--help')).out).toContain('overlap policy skip');
    const good = specFile('nightly', {
      name: 'nightly',
      dataset: { uri: 'bcml:datasets/adult' },
      registeredModel: 'adult',
    });
    const noCron = await bcml('schedule', 'create', good);
    expect(noCron.code).toBe(EXIT.usage);
    expect(noCron.err).toContain('missing --cron');
    const kind = await bcml('schedule', 'create', good, '--cron', '0 3 * * *', '--workflow', 'nightly');
    expect(kind.code).toBe(EXIT.usage);
    expect(kind.err).toContain('invalid --workflow: expected regression or sweep');
    const bad = specFile('nightly-bad', { name: 'nightly', dataset: { uri: 'bcml:datasets/adult' } });
    const refused = await bcml('schedule', 'create', bad, '--cron', '0 3 * * *');
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.err).toMatch(/^bcml: invalid registeredModel: expected/);
    // A regression spec is not a sweep spec: --workflow picks the parser.
    const asSweep = await bcml('schedule', 'create', good, '--cron', '0 3 * * *', '--workflow', 'sweep');
    expect(asSweep.code).toBe(EXIT.usage);
    expect(asSweep.err).toMatch(/^bcml: invalid /);
    expect((await bcml('schedule', 'trigger')).err).toContain('missing <id>');
    expect((await bcml('schedule', 'pause', 'x')).code).toBe(EXIT.usage);
  });
});

describe('comparison and regression output', () => {
  it('prints the headline per split, the report path and the MLflow run of a comparison', () => {
    const result: ComparisonResult = {
      name: 'cmp',
      workflowId: 'cmp-wf',
      runKey: 'cmp/cmp-wf',
      runId: 'abc',
      summaryUri: `mlflow-artifacts:/1/abc/artifacts/results#folder-sha256=${'a'.repeat(64)}`,
      reportUri: `mlflow-artifacts:/1/abc/artifacts/report#folder-sha256=${'b'.repeat(64)}`,
      splits: { test: { performance: 0.8125, btc: 0.95, nfr: null } },
    };
    const local = { report: '/tmp/c/report/index.html', summary: '/tmp/c/sweep-summary.json' };
    expect(comparisonResultText(result, 'accuracy', 'http://127.0.0.1:5000/', local)).toBe(
      'comparison cmp (cmp-wf): h2 against h1\n' +
        '  test: accuracy 0.8125, BTC 0.9500, NFR n/a\n' +
        'report:     /tmp/c/report/index.html\n' +
        'summary:    /tmp/c/sweep-summary.json\n' +
        'MLflow run: http://127.0.0.1:5000/#/runs/abc\n',
    );
  });

  it('prints PASS or FAIL with every check, and exits 0 on pass and 4 on fail', () => {
    const verdict: RegressionVerdict = {
      name: 'nightly',
      workflowId: 'n-wf',
      runKey: 'nightly/n-wf',
      status: 'fail',
      passed: false,
      reasons: ['BTC (lower 95% bound) 0.9 < 0.97'],
      checks: [
        { rule: 'maxNfr', threshold: 0.02, bound: 'upper', observed: 0.01, passed: true, reason: 'NFR ok' },
        {
          rule: 'minBtc',
          threshold: 0.97,
          bound: 'lower',
          observed: 0.9,
          passed: false,
          reason: 'BTC (lower 95% bound) 0.9 < 0.97',
        },
      ],
      runId: null,
      reportUri: `mlflow-artifacts:/1/r/artifacts/report#folder-sha256=${'b'.repeat(64)}`,
      summaryUri: `mlflow-artifacts:/1/r/artifacts/results#folder-sha256=${'a'.repeat(64)}`,
      championUri: 'models:/credit/1',
      challengerUri: 'models:/credit/2',
      split: 'test',
    };
    const local = { report: '/tmp/r/report/index.html', summary: '/tmp/r/sweep-summary.json' };
    const text = regressionVerdictText(verdict, 'http://127.0.0.1:5000', local);
    expect(text).toBe(
      'regression nightly (n-wf): FAIL\n' +
        '  champion:   models:/credit/1\n' +
        '  challenger: models:/credit/2 (on test)\n' +
        '  pass  maxNfr: NFR ok\n' +
        '  FAIL  minBtc: BTC (lower 95% bound) 0.9 < 0.97\n' +
        'report:     /tmp/r/report/index.html\n' +
        'summary:    /tmp/r/sweep-summary.json\n',
    );
    expect(regressionExitCode(verdict)).toBe(EXIT.regressionFailed);
    expect(EXIT.regressionFailed).toBe(4);
    expect(regressionExitCode({ ...verdict, status: 'pass', passed: true, reasons: [] })).toBe(EXIT.ok);
  });
});
