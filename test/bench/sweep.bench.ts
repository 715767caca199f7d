// Benchmark (not a test): a whole compatibility sweep, end to end, against a reference-style PyTorch sweep on the same
// work, measured in the same run. bcml: `bcml sweep start <spec> --wait` through the real local stack (Temporal dev
// server + MLflow), with the bench's own control worker and N cpu trainer processes, from submission to the rendered
// report. Reference: test/bench/reference_sweep.py (the reference's `compatibility_sweep` loop, written from
// shared/design/reference-study.md) in the bench venv (infra/scripts/bench-venv.sh). Both get the same data, the same
// h1 architecture trained on the same rows (outside the timing), the same h2 architecture, optimizer, batch size,
// epochs and λ grid, new-error and strict-imitation cross-entropy.
//
// Run: npm run bench:sweep [-- --cases lr,mlp,lenet] [-- --trainers 1,2]
//   (prints one table; asserts nothing). Needs the stack's ports free of other bcml workers: it refuses to run while
//   the stack's own worker services are up, since they would take points from the bench's trainers.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { parseTrainingSpec, type ModelSpec, type OptimizerSpec } from '@bcml/core';
import { allExamples, permutation } from '@bcml/data';
import { loadDataset } from '@bcml/datasets';
import { localClientEnv, resolveStackConfig } from '@bcml/infra';
import { saveModel } from '@bcml/models';
import { dataSize, labelledData, selectBackend, trainCompatibility, withRows, type LabelledData } from '@bcml/training';

import { benchPython } from './bench-python.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const bcml = join(repo, 'libs', 'cli', 'bin', 'bcml.mjs');

/** The reference's optimizer on both datasets: SGD, learning rate 0.01, momentum 0.5. */
const SGD: OptimizerSpec = { kind: 'sgd', learningRate: 0.01, momentum: 0.5 };

interface Case {
  readonly key: string;
  readonly name: string;
  readonly dataset: 'adult' | 'mnist';
  readonly h1: ModelSpec;
  /** h1's training rows: this fraction of the training split, seeded. */
  readonly h1Fraction: number;
  readonly h1Epochs: number;
  readonly h2: ModelSpec;
  readonly lambdas: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
}

const cases: readonly Case[] = [
  {
    key: 'lr',
    name: 'Adult, logistic regression',
    dataset: 'adult',
    h1: { kind: 'logistic-regression' },
    h1Fraction: 0.1,
    h1Epochs: 5,
    h2: { kind: 'logistic-regression' },
    lambdas: [0, 0.25, 0.5, 0.75, 1],
    epochs: 20,
    batchSize: 754,
  },
  {
    key: 'mlp',
    name: 'Adult, MLP 104→64→2',
    dataset: 'adult',
    h1: { kind: 'logistic-regression' },
    h1Fraction: 0.1,
    h1Epochs: 5,
    h2: { kind: 'mlp', hidden: [64] },
    lambdas: [0, 0.25, 0.5, 0.75, 1],
    epochs: 20,
    batchSize: 754,
  },
  {
    key: 'lenet',
    name: 'MNIST, LeNet',
    dataset: 'mnist',
    h1: { kind: 'lenet' },
    h1Fraction: 0.5,
    h1Epochs: 1,
    h2: { kind: 'lenet' },
    lambdas: [0, 1],
    epochs: 1,
    batchSize: 64,
  },
];

const { values: flags } = parseArgs({
  options: { cases: { type: 'string', default: 'lr,mlp,lenet' }, trainers: { type: 'string' } },
});
const selected = cases.filter((c) => flags.cases.split(',').includes(c.key));
const cores = availableParallelism();
const trainerCounts = (flags.trainers ?? String(cores)).split(',').map(Number);

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

function run(args: readonly string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [bcml, ...args], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (r.status !== 0 && args[0] === 'stack' && args[1] === 'up') process.stderr.write(r.stdout + r.stderr);
  return { status: r.status, stdout: r.stdout };
}

/** Writes the case's data for the Python side and trains bcml's h1 (tfjs) on the same rows; not timed. */
async function prepare(c: Case, dir: string): Promise<{ h1Dir: string }> {
  const loaded = await loadDataset(c.dataset);
  const train: LabelledData = labelledData(loaded.train, loaded.encoding);
  const test: LabelledData = labelledData(loaded.test, loaded.encoding);
  for (const [name, data] of [
    ['train', train],
    ['test', test],
  ] as const) {
    const all = allExamples(data.examples);
    await writeFile(join(dir, `${name}-x.f32`), all.x);
    await writeFile(join(dir, `${name}-y.i32`), all.y);
  }
  const size = dataSize(train);
  const rows = permutation(size, 7).subarray(0, Math.round(size * c.h1Fraction));
  await writeFile(join(dir, 'h1-rows.i32'), Int32Array.from(rows));
  await writeFile(
    join(dir, 'case.json'),
    JSON.stringify({
      dir,
      shape: train.examples.shape,
      numClasses: train.numClasses,
      h1: c.h1.kind,
      h2: c.h2.kind,
      h1Epochs: c.h1Epochs,
      optimizer: SGD,
      lambdas: c.lambdas,
      epochs: c.epochs,
      batchSize: c.batchSize,
      seed: 5,
    }),
  );
  const spec = parseTrainingSpec({
    model: c.h1,
    optimizer: SGD,
    epochs: c.h1Epochs,
    batchSize: c.batchSize,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed: 5,
  });
  const h1 = await trainCompatibility(spec, { data: withRows(train, rows) });
  const h1Dir = join(dir, 'h1');
  await saveModel(h1.model, h1Dir);
  h1.model.dispose();
  return { h1Dir };
}

/** Starts the bench's workers: one control worker and `trainers` cpu trainers; resolves once all poll. */
async function startWorkers(trainers: number, env: NodeJS.ProcessEnv): Promise<() => Promise<void>> {
  // Each trainer gets its share of the cores as TensorFlow threads, as `bcml stack up --workers` gives them.
  const threads = String(Math.max(1, Math.floor(cores / trainers)));
  const children = [
    ['--pool', 'control', '--concurrency', '4'],
    ...Array.from({ length: trainers }, () => ['--pool', 'cpu', '--concurrency', '1', '--threads', threads]),
  ].map((args) => spawn(process.execPath, [bcml, 'worker', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolveReady, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('bcml worker: pool ')) resolveReady();
          });
          child.stderr.on('data', () => undefined);
          child.once('exit', (code) => reject(new Error(`a bench worker exited (${code}) before polling: ${out}`)));
        }),
    ),
  );
  return async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
}

interface Row {
  readonly name: string;
  readonly trainings: number;
  readonly reference: number;
  readonly torch: string;
  readonly bcml: Map<number, number>;
}

const started = process.hrtime.bigint();
const backend = await selectBackend('tensorflow');
const peer = benchPython();
if ('reason' in peer) throw new Error(`no PyTorch peer: ${peer.reason}`);
const { python } = peer;
const config = resolveStackConfig(process.env);
const env = { ...process.env, ...localClientEnv(config), BCML_DATA_DIR: config.dataDir };
const status = run(['stack', 'status'], env);
if (/worker-(cpu|gpu|control): running/.test(status.stdout)) {
  throw new Error('the stack runs worker services, which would take points from the bench: npm run stack:down first');
}
if (run(['stack', 'up'], env).status !== 0) throw new Error('bcml stack up failed');

const rows: Row[] = [];
const root = await mkdtemp(join(tmpdir(), 'bcml-bench-sweep-'));
try {
  for (const c of selected) {
    const dir = join(root, c.key);
    await mkdir(dir, { recursive: true });
    const { h1Dir } = await prepare(c, dir);

    process.stderr.write(`${c.name}: reference-style PyTorch sweep…\n`);
    const ref = spawnSync(python, [join(here, 'reference_sweep.py'), '--case', join(dir, 'case.json')], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    if (ref.status !== 0) throw new Error(`reference_sweep.py failed: ${ref.stderr}`);

    const last = ref.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1);
    const reference = JSON.parse(last ?? '{}') as {
      seconds: number;
      trainings: number;
      torch: string;
      threads: number;
      reason?: string;
    };
    if (typeof reference.seconds !== 'number') throw new Error(`reference_sweep.py: ${reference.reason ?? last}`);
    process.stderr.write(`  reference: ${reference.seconds.toFixed(1)} s\n`);

    const bcmlWalls = new Map<number, number>();
    for (const trainers of trainerCounts) {
      const specOf = (name: string, epochs: number, lambdas: readonly number[], dissonances: readonly string[]) => ({
        name,
        dataset: { uri: `bcml:datasets/${c.dataset}` },
        h1: { uri: h1Dir },
        h2: { model: c.h2, optimizer: SGD, epochs, batchSize: c.batchSize },
        sweep: { lambdas, dissonances, losses: ['cross-entropy'] },
        execution: { pool: 'cpu', parallelism: Math.max(trainers, 2) },
        seed: 5,
        tracking: { experiment: 'bcml-bench-sweep' },
      });
      const specPath = join(dir, `sweep-${trainers}.json`);
      const warmUpPath = join(dir, `warm-up-${trainers}.json`);
      await writeFile(
        specPath,
        JSON.stringify(specOf(`bench-${c.key}-${trainers}`, c.epochs, c.lambdas, ['new-error', 'strict-imitation'])),
      );
      // A running worker pool has its dataset loaded and TensorFlow warm, as the reference has its data in memory
      // and torch imported before its clock starts: one 1-epoch point per trainer first, not timed.
      const warmUpLambdas = Array.from({ length: trainers }, (_, i) => i / trainers);
      await writeFile(warmUpPath, JSON.stringify(specOf(`bench-warm-up-${c.key}`, 1, warmUpLambdas, ['new-error'])));
      const stop = await startWorkers(trainers, env);
      try {
        const warmUp = run(['sweep', 'start', warmUpPath, '--wait'], env);
        if (warmUp.status !== 0) throw new Error(`the warm-up sweep failed (${warmUp.status}): ${warmUp.stdout}`);
        process.stderr.write(`${c.name}: bcml sweep with ${trainers} trainer process(es)…\n`);
        const from = process.hrtime.bigint();
        const sweep = run(['sweep', 'start', specPath, '--wait'], env);
        const wall = seconds(from);
        if (sweep.status !== 0) throw new Error(`bcml sweep failed (${sweep.status}): ${sweep.stdout}`);
        bcmlWalls.set(trainers, wall);
        process.stderr.write(`  bcml, ${trainers} trainer(s): ${wall.toFixed(1)} s\n`);
      } finally {
        await stop();
      }
    }
    rows.push({
      name: c.name,
      trainings: reference.trainings,
      reference: reference.seconds,
      torch: `PyTorch ${reference.torch}, ${reference.threads} threads`,
      bcml: bcmlWalls,
    });
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

const header = ['sweep', 'trainings', 'reference s', ...trainerCounts.flatMap((n) => [`bcml ${n}× s`, `ratio ${n}×`])];
const table = rows.map((r) => [
  r.name,
  String(r.trainings),
  r.reference.toFixed(1),
  ...trainerCounts.flatMap((n) => {
    const wall = r.bcml.get(n)!;
    return [wall.toFixed(1), (wall / r.reference).toFixed(2)];
  }),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: readonly string[]): string =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
const speedUp =
  trainerCounts.includes(1) && trainerCounts.length > 1
    ? rows.map((r) => {
        const n = Math.max(...trainerCounts);
        return `  ${r.name}: ${n} trainers / 1 trainer = ${(r.bcml.get(1)! / r.bcml.get(n)!).toFixed(2)}× faster`;
      })
    : [];
process.stdout.write(
  [
    `Whole sweep wall, same work (new-error + strict-imitation cross-entropy, SGD lr 0.01 momentum 0.5), ${cores} cores; ` +
      `bcml: tfjs ${backend.tfjs} on ${backend.name} (TensorFlow ${backend.tensorflow ?? '-'}), submission to report ` +
      `through Temporal + MLflow with N trainer processes; reference: ${rows[0]?.torch ?? 'PyTorch'}, its sweep loop ` +
      `(h1 trained and data loaded before the clock starts on both sides; bcml's workers warmed by a 1-epoch point each, ` +
      `as a running pool is); ratio = bcml / reference (< 1: bcml faster)`,
    line(header),
    ...table.map(line),
    ...speedUp,
    `(total bench time ${seconds(started).toFixed(1)} s)`,
    '',
  ].join('\n'),
);
