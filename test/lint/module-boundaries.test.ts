import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ESLint } from 'eslint';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const placed: string[] = [];

beforeAll(() => {
  // @nx/enforce-module-boundaries reads the cached project graph and skips itself (with a warning) without one.
  execFileSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
});

afterEach(() => {
  for (const file of placed.splice(0)) rmSync(file, { force: true });
});

/** Copies a fixture into a project's source folder (so Nx attributes it to that project), lints it, removes it. */
async function lintAs(fixture: string, projectSrc: string): Promise<{ ruleId: string | null; message: string }[]> {
  const target = join(root, projectSrc, `__lint-fixture-${process.pid}-${fixture}`);
  copyFileSync(join(import.meta.dirname, 'fixtures', fixture), target);
  placed.push(target);
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintFiles([target]);
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

describe('lint enforces the architecture', () => {
  it('fails a workflow file that imports @tensorflow/tfjs-node', async () => {
    const messages = await lintAs('workflow-imports-tfjs.ts', 'workflows/src');
    const rules = messages.map((m) => m.ruleId);
    expect(rules).toContain('@nx/enforce-module-boundaries');
    expect(rules).toContain('no-restricted-imports');
    expect(messages.find((m) => m.ruleId === 'no-restricted-imports')?.message).toContain(
      'Workflow code imports only @temporalio/workflow and @bcml/core',
    );
  });

  it('fails worker code that builds a file:// URI or spells a result file name outside @bcml/results', async () => {
    const messages = await lintAs('worker-local-uri.ts', 'workers/src');
    const restricted = messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
    expect(restricted).toContain(
      'Activities exchange location-independent URIs (the artifact store), never file:// URIs.',
    );
    expect(restricted).toContain("Spell result file names through @bcml/results' RESULT_FILES.");
  });

  it('fails a workflow file that imports a Node builtin', async () => {
    const messages = await lintAs('workflow-imports-fs.ts', 'workflows/src');
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    expect(messages.find((m) => m.ruleId === 'no-restricted-imports')?.message).toContain('no Node builtins');
  });

  it("fails a test file that imports its package's src/ by a relative path", async () => {
    const messages = await lintAs('test-imports-src.ts', 'libs/core/test');
    const restricted = messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
    expect(restricted).toHaveLength(2);
    expect(restricted[0]).toContain("Tests import the package by name (e.g. '@bcml/core')");
  });

  it('fails the metrics library importing TensorFlow', async () => {
    const messages = await lintAs('metrics-imports-tfjs.ts', 'libs/metrics/src');
    expect(messages.map((m) => m.ruleId)).toContain('@nx/enforce-module-boundaries');
  });

  it('fails a floating promise (type-checked rules are on)', async () => {
    const messages = await lintAs('workflow-floating-promise.ts', 'workflows/src');
    expect(messages.map((m) => m.ruleId)).toContain('@typescript-eslint/no-floating-promises');
  });

  it('passes the real workflow code', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles([join(root, 'workflows/src')]);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
  });
});
