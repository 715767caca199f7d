import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EXIT, importKeras, KERAS_LAYERS, runCli } from '@bcml/cli';
import { InvalidInputError } from '@bcml/core';
import { loadModel } from '@bcml/models';

import { tf, type Tensor } from '../support/tf.js';

// Golden: test/golden/keras/make_keras_models.py saved the models with Keras 3 and recorded Keras' own outputs.
const golden = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'keras');
interface Case {
  readonly x: number[];
  readonly y: number[][];
}
let expected: Record<'mlp' | 'cnn', Case>;
let work: string;

beforeAll(async () => {
  await tf.setBackend('tensorflow');
  expected = JSON.parse(await readFile(join(golden, 'expected.json'), 'utf8')) as typeof expected;
  work = await mkdtemp(join(tmpdir(), 'bcml-keras-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('bcml model import-keras (infra/python/keras_to_tfjs.py)', () => {
  it.each(['mlp', 'cnn'] as const)(
    'converts %s.keras into a tfjs model whose outputs equal Keras’ to 1e-5, and which trains',
    async (name) => {
      const out = join(work, name);
      await importKeras(join(golden, `${name}.keras`), out, process.env);
      const model = await loadModel(out);
      try {
        const x = tf.tensor(expected[name].x);
        const y = model.predict(x) as Tensor;
        const got = (await y.array()) as number[][];
        const want = expected[name].y;
        expect([got.length, got[0]!.length]).toEqual([want.length, want[0]!.length]);
        const diff = Math.max(...got.flatMap((row, i) => row.map((v, j) => Math.abs(v - want[i]![j]!))));
        expect(diff).toBeLessThan(1e-5);
        // Every converted weight was loaded (a misnamed one would keep its random initial value and fail above) and
        // the model trains: one SGD step changes the outputs.
        model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
        await model.fit(x, tf.zerosLike(y), { epochs: 1, verbose: 0 });
        const after = model.predict(x) as Tensor;
        expect(tf.max(tf.abs(tf.sub(after, y))).dataSync()[0]).toBeGreaterThan(1e-4);
        tf.dispose([x, y, after]);
      } finally {
        model.dispose();
      }
    },
  );

  it('runs as `bcml model import-keras <model.keras> <out-folder>`, printing the folder; usage errors exit 2', async () => {
    const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env: process.env });
      return { code, out, err };
    };
    const target = join(work, 'cli-mlp');
    const ok = await run(['model', 'import-keras', join(golden, 'mlp.keras'), target]);
    expect(ok).toMatchObject({ code: EXIT.ok, out: `${target}\n` });
    expect(JSON.parse(await readFile(join(target, 'model.json'), 'utf8'))).toMatchObject({
      format: 'layers-model',
      convertedBy: 'bcml keras_to_tfjs',
    });
    const missing = await run(['model', 'import-keras', join(golden, 'mlp.keras')]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('missing <out-folder>');
    const bad = await run(['model', 'import-keras', join(golden, 'unsupported.keras'), join(work, 'cli-bad')]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toContain('invalid <model.keras>');
  });

  it('lists the same layer classes as the converter', async () => {
    const script = await readFile(join(golden, '..', '..', '..', 'infra', 'python', 'keras_to_tfjs.py'), 'utf8');
    const names = (block: string): string[] => [...block.matchAll(/"([A-Za-z0-9]+)"/g)].map((m) => m[1]!);
    const weighted = /WEIGHTED = \{([\s\S]*?)\n\}/.exec(script)?.[1] ?? '';
    const unweighted = /UNWEIGHTED = \{([\s\S]*?)\n\}/.exec(script)?.[1] ?? '';
    const inScript = [...names(weighted).filter((n) => /^[A-Z]/.test(n)), ...names(unweighted)];
    expect(inScript.sort()).toEqual(KERAS_LAYERS.split(', ').sort());
  });

  it('refuses an unsupported layer by name and class before writing a model', async () => {
    const out = join(work, 'unsupported');
    const error = await importKeras(join(golden, 'unsupported.keras'), out, process.env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^invalid model\.keras: expected a Keras 3 \.keras file/);
    expect((error as Error).message).toMatch(/received "unsupported layer lstm of class LSTM"$/);
    await expect(readFile(join(out, 'model.json'))).rejects.toThrow();
  });

  it('refuses a file that is not a .keras archive, naming the field', async () => {
    const bogus = join(work, 'bogus.keras');
    await writeFile(bogus, 'not a zip');
    await expect(importKeras(bogus, join(work, 'bogus'), process.env, '<model.keras>')).rejects.toThrow(
      /^invalid <model\.keras>: .*not a \.keras file \(a zip archive\)/,
    );
  });
});
