import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { EXIT } from '@bcml/cli';

import { bcmlOffline as bcml } from './run-bcml-offline.js';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-cli-args-'));

describe('bcml argument parsing, help and exit codes (no server)', () => {
  it('prints the usage with --help (exit 0) and without a command (exit 2)', async () => {
    const help = await bcml('--help');
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain('usage: bcml <command>');
    expect((await bcml()).code).toBe(EXIT.usage);
  });

  it.each([
    ['stack'],
    ['worker'],
    ['sweep'],
    ['sweep', 'start'],
    ['sweep', 'status'],
    ['sweep', 'cancel'],
    ['sweep', 'result'],
    ['data'],
    ['report'],
    ['demo'],
  ])('bcml %s … --help prints its usage and exits 0', async (...words) => {
    const { code, out, err } = await bcml(...words, '--help');
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^usage: bcml/);
    expect(err).toBe('');
  });

  it.each([
    [['nope'], 'unknown command "nope"'],
    [['stack', 'sideways'], 'unknown stack command'],
    [['stack'], 'missing stack command'],
    [['worker'], 'invalid --pool'],
    [['worker', '--pool', 'tpu'], 'invalid --pool'],
    [['worker', '--pool', 'cpu', '--allow-cpu'], '--allow-cpu goes with --pool gpu'],
    [['worker', '--pool', 'cpu', '--threads', '0'], 'invalid --threads'],
    [['worker', '--pool', 'cpu', '--checkpoint-interval', 'ten'], 'invalid --checkpoint-interval'],
    [['stack', 'up', '--trainers', '2'], '--trainers goes with `stack up --workers`'],
    [['stack', 'up', '--workers', '--trainers', 'two'], 'invalid --trainers'],
    [['worker', '--pool', 'cpu', '--concurrency', '0'], 'invalid --concurrency'],
    [['worker', '--pool', 'cpu', '--bogus'], "Unknown option '--bogus'"],
    [['sweep', 'start'], 'missing <spec.json>'],
    [['sweep', 'launch'], 'unknown sweep command'],
    [['sweep', 'status'], 'missing <workflowId>'],
    [['data', 'import', 'parquet'], 'unknown import format'],
    [['data', 'import', 'csv', 'a.csv', 'b.arrow'], 'missing --label'],
    [['report', 'open'], 'missing <path>'],
  ])('bcml %j is a usage error (exit 2): %s', async (args, message) => {
    const { code, err } = await bcml(...args);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain(message);
    expect(err).toContain('usage: bcml');
  });

  it('rejects a bad sweep spec locally with exit 2, naming the field, before contacting Temporal', async () => {
    const spec = join(tmp, 'bad.json');
    writeFileSync(spec, JSON.stringify({ name: 'x', dataset: { uri: 'bcml:datasets/german-credit' } }));
    const { code, err } = await bcml('sweep', 'start', spec);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/^bcml: invalid h1/);
    expect(err).not.toContain('    at ');
  });

  it('rejects a missing spec file and bad JSON with exit 2', async () => {
    expect((await bcml('sweep', 'start', join(tmp, 'missing.json'))).code).toBe(EXIT.usage);
    const spec = join(tmp, 'broken.json');
    writeFileSync(spec, '{ nope');
    const { code, err } = await bcml('sweep', 'start', spec);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain('valid JSON');
  });

  it('refuses a spec file over 1 MiB before reading it, naming the spec file and its size', async () => {
    const spec = join(tmp, 'huge.json');
    writeFileSync(spec, `{"name":"huge","pad":"${'x'.repeat(1024 * 1024)}"}`);
    const { code, err } = await bcml('sweep', 'start', spec);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(
      /invalid spec file: expected a JSON file of at most 1048576 bytes .*, received \"1048600 bytes \(/,
    );
  });

  it('report open prints a file:// URL for a report folder and exits 2 for a missing one', async () => {
    const report = join(tmp, 'report');
    mkdirSync(report);
    writeFileSync(join(report, 'index.html'), '<html></html>');
    const ok = await bcml('report', 'open', report);
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.out.trim()).toBe(`file://${join(report, 'index.html')}`);
    expect((await bcml('report', 'open', join(tmp, 'nothing'))).code).toBe(EXIT.usage);
  });

  it('data import csv writes an Arrow dataset', async () => {
    const csv = join(tmp, 'small.csv');
    writeFileSync(csv, 'x,colour,y\n1,red,a\n2,blue,b\n3,red,a\n4,blue,b\n');
    const { code, out } = await bcml('data', 'import', 'csv', csv, join(tmp, 'small.arrow'), '--label', 'y');
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('4 rows, classes a, b');
  });
});
