// Benchmark (not a test): samples/s of one compatibility training epoch (new-error cross-entropy, λ = 1) for a
// logistic regression and an MLP on UCI Adult and the reference's LeNet on MNIST, with @bcml/training on the native
// TensorFlow backend (h1 outputs cached once, looked up per batch) against PyTorch training the same architectures
// with the same batch sizes and optimizer the way the reference does (h1 forward on every batch), in the same run.
// PyTorch runs from the bench venv (.tools/venv-bench, installed on first use by infra/scripts/bench-venv.sh) via
// test/bench/training_torch.py; without it the table has no ratio column and says why.
// Dense models are also timed packed: 5 models (λ from 0 to 1) in one `trainPacked` epoch, as a sweep's points train.
// Run: npx tsx test/bench/training.bench.ts   (prints figures; asserts nothing)
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type ModelSpec, type OptimizerSpec, type TrainingSpec } from '@bcml/core';
import { allExamples } from '@bcml/data';
import { loadDataset } from '@bcml/datasets';
import { buildModel } from '@bcml/models';
import {
  computeH1Outputs,
  labelledData,
  selectBackend,
  trainCompatibility,
  trainPacked,
  withRows,
  type LabelledData,
} from '@bcml/training';

import { benchPython } from './bench-python.js';

const here = dirname(fileURLToPath(import.meta.url));
const torchScript = join(here, 'training_torch.py');

/** The reference's optimizer for both datasets: SGD, learning rate 0.01, momentum 0.5. */
const SGD: OptimizerSpec = { kind: 'sgd', learningRate: 0.01, momentum: 0.5 };

interface Case {
  readonly name: string;
  readonly dataset: 'adult' | 'mnist';
  readonly h1: ModelSpec;
  readonly h2: ModelSpec;
  /** The reference's training batch sizes: 754 on Adult, 64 on MNIST. */
  readonly batchSize: number;
}

const cases: readonly Case[] = [
  {
    name: 'LR on Adult',
    dataset: 'adult',
    h1: { kind: 'logistic-regression' },
    h2: { kind: 'logistic-regression' },
    batchSize: 754,
  },
  {
    name: 'MLP on Adult',
    dataset: 'adult',
    h1: { kind: 'logistic-regression' },
    h2: { kind: 'mlp', hidden: [64] },
    batchSize: 754,
  },
  { name: 'LeNet on MNIST', dataset: 'mnist', h1: { kind: 'lenet' }, h2: { kind: 'lenet' }, batchSize: 64 },
];

interface Ours {
  readonly samples: number;
  readonly epochSeconds: number;
  readonly cacheSeconds: number;
  /** Dense models only: one epoch of `PACK` models trained packed (`trainPacked`), samples of all of them. */
  readonly packed?: { readonly samples: number; readonly epochSeconds: number };
}

/** Models per packed epoch (a 10-point sweep on 2 trainers packs 5 per activity). */
const PACK = 5;

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

/** One compatibility epoch with @bcml/training, after a short warm-up; h1 is a seeded (untrained) model. */
async function ours(c: Case, train: LabelledData): Promise<Ours> {
  const { examples, numClasses } = train;
  const h1 = buildModel(c.h1, { inputShape: examples.shape, numClasses, seed: 1 });
  const cacheStart = process.hrtime.bigint();
  const h1Outputs = await computeH1Outputs(h1, train, { batchSize: 8192 });
  const cacheSeconds = seconds(cacheStart);
  h1.dispose();
  const spec: TrainingSpec = {
    model: c.h2,
    optimizer: SGD,
    epochs: 1,
    batchSize: c.batchSize,
    loss: 'new-error/cross-entropy',
    lambda: 1,
    seed: 2,
  };
  const warmUp = Uint32Array.from({ length: 5 * c.batchSize }, (_, i) => i);
  (await trainCompatibility(spec, { data: withRows(train, warmUp), h1Outputs })).model.dispose();
  const result = await trainCompatibility(spec, { data: train, h1Outputs });
  result.model.dispose();
  const report = result.history[0]!;
  if (c.h2.kind === 'lenet') return { samples: report.samples, epochSeconds: report.seconds, cacheSeconds };
  // The same epoch for PACK models at once, as the points of a sweep (λ from 0 to 1) train in one trainer activity.
  const specs = Array.from({ length: PACK }, (_, k) => ({ ...spec, lambda: k / (PACK - 1) }));
  for (const r of await trainPacked(specs, { data: withRows(train, warmUp), h1Outputs })) r.model.dispose();
  const packed = await trainPacked(specs, { data: train, h1Outputs });
  for (const r of packed) r.model.dispose();
  const first = packed[0]!.history[0]!;
  return {
    samples: report.samples,
    epochSeconds: report.seconds,
    cacheSeconds,
    packed: { samples: PACK * first.samples, epochSeconds: first.seconds },
  };
}

interface TorchFigure {
  readonly name: string;
  readonly samplesPerSecond: number;
  readonly torch: string;
  readonly threads: number;
}

/** Runs the PyTorch script; the figures per case, or why there are none. */
async function torch(trains: Map<string, LabelledData>): Promise<{ figures: TorchFigure[] } | { reason: string }> {
  const peer = benchPython();
  if ('reason' in peer) return peer;
  const { python } = peer;
  const probe = spawnSync(python, [torchScript, '--probe'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error !== undefined) return { reason: `no bench Python at ${python} (${probe.error.message})` };
  const info = JSON.parse(probe.stdout.trim().split('\n').at(-1) ?? '{}') as { torch?: string | null; reason?: string };
  if (typeof info.torch !== 'string')
    return { reason: info.reason ?? `training_torch.py --probe: ${probe.stderr.trim()}` };
  const dir = await mkdtemp(join(tmpdir(), 'bcml-bench-training-'));
  try {
    const list = [];
    for (const c of cases) {
      const data = trains.get(c.dataset)!;
      const all = allExamples(data.examples);
      const caseDir = join(dir, c.name.replace(/\W+/g, '-'));
      await mkdir(caseDir);
      await writeFile(join(caseDir, 'x.f32'), all.x);
      await writeFile(join(caseDir, 'y.i32'), all.y);
      list.push({
        name: c.name,
        dir: caseDir,
        rows: data.examples.size,
        shape: data.examples.shape,
        numClasses: data.numClasses,
        h1: c.h1.kind,
        h2: c.h2.kind,
        batchSize: c.batchSize,
        optimizer: SGD,
        lambda: 1,
        seed: 2,
      });
    }
    await writeFile(join(dir, 'cases.json'), JSON.stringify(list));
    const run = spawnSync(python, [torchScript, '--cases', join(dir, 'cases.json')], {
      encoding: 'utf8',
      timeout: 150_000,
    });
    if (run.status !== 0)
      return { reason: `training_torch.py failed (${run.status ?? run.signal}): ${run.stderr.trim()}` };
    const figures = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TorchFigure);
    return { figures };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const started = process.hrtime.bigint();
const backend = await selectBackend('tensorflow');
const trains = new Map<string, LabelledData>();
for (const name of ['adult', 'mnist'] as const) {
  const loaded = await loadDataset(name);
  trains.set(name, labelledData(loaded.train, loaded.encoding));
}
const mine = new Map<string, Ours>();
for (const c of cases) mine.set(c.name, await ours(c, trains.get(c.dataset)!));
const theirs = await torch(trains);

const rate = (samples: number, s: number): string => Math.round(samples / s).toString();
const header = ['case', 'batch', 'ours samples/s', 'h1 cache s', 'ours incl. cache'];
const rows = cases.map((c) => {
  const o = mine.get(c.name)!;
  const row = [
    c.name,
    String(c.batchSize),
    rate(o.samples, o.epochSeconds),
    o.cacheSeconds.toFixed(2),
    rate(o.samples, o.epochSeconds + o.cacheSeconds),
  ];
  if ('figures' in theirs) {
    const t = theirs.figures.find((f) => f.name === c.name);
    row.push(t === undefined ? 'n/a' : Math.round(t.samplesPerSecond).toString());
    row.push(t === undefined ? 'n/a' : (o.samples / o.epochSeconds / t.samplesPerSecond).toFixed(2));
  }
  const p = o.packed;
  row.push(p === undefined ? '-' : rate(p.samples, p.epochSeconds));
  row.push(p === undefined ? '-' : (p.samples / p.epochSeconds / (o.samples / o.epochSeconds)).toFixed(2));
  if ('figures' in theirs) {
    const t = theirs.figures.find((f) => f.name === c.name);
    row.push(p === undefined || t === undefined ? '-' : (p.samples / p.epochSeconds / t.samplesPerSecond).toFixed(2));
  }
  return row;
});
if ('figures' in theirs) header.push('PyTorch samples/s', 'ours/PyTorch');
header.push(`packed ×${PACK} samples/s`, 'packed/alone');
if ('figures' in theirs) header.push('packed/PyTorch');
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: readonly string[]): string =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
const torchNote =
  'figures' in theirs
    ? `PyTorch ${theirs.figures[0]?.torch ?? '?'} (${theirs.figures[0]?.threads ?? '?'} threads), h1 forward on every batch as the reference; ` +
      'ratio = ours (epoch, h1 cached) / PyTorch (epoch); packed: samples of all ' +
      `${PACK} models (λ 0 to 1) per second of their shared epoch (trainPacked)`
    : `no PyTorch column: ${theirs.reason}`;
process.stdout.write(
  [
    `One compatibility epoch (new-error cross-entropy, λ = 1, SGD lr 0.01 momentum 0.5, the reference's batch sizes), ` +
      `h1 a seeded model of the same kind; tfjs ${backend.tfjs} on ${backend.name} (TensorFlow ${backend.tensorflow ?? '-'}, ${backend.device})`,
    line(header),
    ...rows.map(line),
    torchNote,
    `(h1 cache: one inference pass over the training split, batches of 8192, paid once per dataset and reused by every ` +
      `epoch and sweep point; total bench time ${seconds(started).toFixed(1)} s)`,
    '',
  ].join('\n'),
);
