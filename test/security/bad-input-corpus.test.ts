import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '@bcml/cli';
import { CONTROL_TASK_QUEUE, mulberry32, NON_RETRYABLE_ERROR_TYPES, type SweepResult } from '@bcml/core';
import { repoRoot } from '@bcml/infra';
import { buildModel, saveModel } from '@bcml/models';
import { type Run } from '@bcml/tracking';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { RecordBatch, Schema, Table, tableFromArrays, tableToIPC } from 'apache-arrow';

import { experimentRuns } from '../support/experiment-runs.js';
import { chaosSeed, chaosSize, recordFigure } from '../support/reliability.js';
import { startSweepHarness, type SweepHarness } from '../support/sweep-harness.js';

/**
 * The bad input corpus (issue 15): specs, datasets, models and registry references that a sweep must refuse with an
 * error naming the field, without retrying, before any training, and without touching what is already stored (a good
 * sweep's runs and a registered model made first in the same experiment and registry).
 */

/** The column arrays the corpus' splits are built from. */
type TypedArray = Int32Array | Float64Array;

const SUITE = 'bad input';
/** Features of the corpus' small dataset. */
const FEATURES = 4;
/** A case still running after this long is reported as hanging (or retrying), with its pending activity. */
const CASE_TIMEOUT_MS = 20_000;
/** Cases run at once. */
const CASE_LANES = 6;

type Category = 'spec' | 'dataset' | 'model' | 'registry' | 'cli';

/** One bad input: the spec a sweep is started with, and the field its error must name. */
interface WorkflowCase {
  readonly category: Exclude<Category, 'cli'>;
  readonly label: string;
  readonly spec: (name: string) => unknown;
  readonly field: RegExp;
}

/** What one case did, as the figures count it. */
interface Outcome {
  readonly category: Category;
  readonly label: string;
  readonly message: string;
  /** The error names the field and says what was expected. */
  readonly named: boolean;
  /** Failed with a non-retryable type, every activity at its first attempt. */
  readonly nonRetryable: boolean;
  /** `trainPoint` or `trainPack` activities scheduled. */
  readonly trainings: number;
  /** MLflow runs the case created (in the corpus' experiment or one of its own). */
  readonly newRuns: number;
  readonly problem?: string;
}

let h: SweepHarness;
const stamp = Date.now().toString(36);
const experiment = `bad-input-${stamp}`;
const registered = `bad-input-h1-${stamp}`;
let goodDir: string;
let h1Dir: string;
let storedBefore: StoredRun[];
let goodResult: SweepResult;
const outcomes: Outcome[] = [];

/** A run as the corpus compares it before and after: id, status, metrics. */
interface StoredRun {
  readonly runId: string;
  readonly status: string;
  readonly metrics: string;
}

const storedRuns = async (): Promise<StoredRun[]> =>
  (await experimentRuns(h.tracking, experiment))
    .map((run: Run) => ({
      runId: run.info.runId,
      status: run.info.status,
      metrics: JSON.stringify(Object.entries(run.data.metrics).sort(([a], [b]) => a.localeCompare(b))),
    }))
    .sort((a, b) => a.runId.localeCompare(b.runId));

/** A small binary dataset split: ids, `FEATURES` float columns, labels 0/1. */
function split(rows: number, seed: number, patch: (columns: Record<string, TypedArray>) => void = () => undefined) {
  const random = mulberry32(seed);
  const columns: Record<string, TypedArray> = { id: Int32Array.from({ length: rows }, (_, i) => i) };
  const labels = Int32Array.from({ length: rows }, (_, i) => i % 2);
  for (let f = 0; f < FEATURES; f += 1) {
    columns[`f${f}`] = Float64Array.from({ length: rows }, (_, i) => random() + (labels[i] ?? 0) * (f + 1) * 0.5);
  }
  columns['label'] = labels;
  patch(columns);
  return tableFromArrays(columns);
}

/** A dataset folder `<tmp>/data/<name>` holding the given split files (bytes), `train.arrow` and `test.arrow` by default. */
function datasetDir(name: string, files: Record<string, Uint8Array>): string {
  const dir = join(h.tmp, 'data', name);
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

const ipc = (table: Table): Uint8Array => tableToIPC(table, 'file');
const trainBytes = (): Uint8Array => ipc(split(64, chaosSeed()));
const testBytes = (): Uint8Array => ipc(split(32, chaosSeed() + 1));

/** A table with schema metadata added (`bcml.classes`). */
function withMetadata(table: Table, metadata: Record<string, string>): Table {
  const schema = new Schema(table.schema.fields, new Map([...table.schema.metadata, ...Object.entries(metadata)]));
  return new Table(
    schema,
    table.batches.map((batch) => new RecordBatch(schema, batch.data)),
  );
}

/** The corpus' good sweep spec: 2 points, 1 epoch of a logistic regression on the small dataset. */
function goodSpec(name: string): Record<string, unknown> {
  return {
    name,
    dataset: { uri: goodDir },
    h1: { uri: h1Dir },
    h2: {
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'adam', learningRate: 0.05 },
      epochs: 1,
      batchSize: 16,
    },
    sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution: { pool: 'cpu', parallelism: 1, maxAttempts: 3, heartbeatTimeoutSeconds: 60, pointTimeoutSeconds: 600 },
    seed: 1,
    tracking: { experiment },
  };
}

/** `goodSpec(name)` with the value at `path` (`h2.optimizer.learningRate`) set (`undefined` deletes it). */
function patched(path: string, value: unknown): (name: string) => Record<string, unknown> {
  return (name) => {
    const spec = structuredClone(goodSpec(name));
    const keys = path.split('.');
    let at: Record<string, unknown> = spec;
    for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
    const last = keys[keys.length - 1] as string;
    if (value === undefined) delete at[last];
    else at[last] = value;
    return spec;
  };
}

/** `depth` arrays nested in each other around 0. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

/** The JSON text of `depth` arrays nested in each other (`JSON.stringify` would overflow the stack). */
function deepArrayText(depth: number): string {
  return `${'['.repeat(depth)}0${']'.repeat(depth)}`;
}

/** The JSON text of `depth` objects `{"a": …}` nested in each other. */
function deepObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
}

/** The JSON text of `spec` with `key` set to the raw JSON text `raw`. */
function withRaw(spec: Record<string, unknown>, key: string, raw: string): string {
  const text = JSON.stringify({ ...spec, [key]: '@RAW@' });
  return text.replace('"@RAW@"', raw);
}

/** `depth` objects `{ kind: … }` nested in each other. */
function nestedObjects(depth: number): unknown {
  let value: unknown = 'mlp';
  for (let i = 0; i < depth; i += 1) value = { kind: value };
  return value;
}

const spec = (label: string, build: (name: string) => unknown, field: RegExp): WorkflowCase => ({
  category: 'spec',
  label,
  spec: build,
  field,
});

/** Spec cases: refused at the workflow edge, before any activity. */
function specCases(): WorkflowCase[] {
  const lambdas = (value: unknown) => patched('sweep.lambdas', value);
  return [
    spec('spec-string', () => 'run my sweep please', /invalid spec: expected a sweep spec object/),
    spec('spec-null', () => null, /invalid spec:/),
    spec('spec-number', () => 42, /invalid spec:/),
    spec('name-number', patched('name', 42), /invalid name:/),
    spec('dataset-string', patched('dataset', 'bcml:datasets/german-credit'), /invalid dataset:/),
    spec('dataset-uri-number', patched('dataset.uri', 123), /invalid dataset\.uri:/),
    spec('dataset-label-number', patched('dataset.label', 7), /invalid dataset\.label:/),
    spec('dataset-imageShape-string', patched('dataset.imageShape', '28x28'), /invalid dataset\.imageShape:/),
    spec('dataset-unknown-key', patched('dataset.split', 'train'), /invalid dataset\.split:/),
    spec('h1-array', patched('h1', [h1Dir]), /invalid h1:/),
    spec('h1-uri-object', patched('h1.uri', { path: h1Dir }), /invalid h1\.uri:/),
    spec('h1-unknown-key', patched('h1.url', h1Dir), /invalid h1\.url:/),
    spec('h2-number', patched('h2', 5), /invalid h2:/),
    spec('h2-model-string', patched('h2.model', 'mlp'), /invalid h2\.model:/),
    spec('h2-model-hidden-string', patched('h2.model', { kind: 'mlp', hidden: '16' }), /invalid h2\.model\.hidden:/),
    spec('h2-model-unknown-key', patched('h2.model', { kind: 'mlp', hidden: [8], widht: 3 }), /h2\.model\.widht/),
    spec('h2-optimizer-array', patched('h2.optimizer', ['adam']), /invalid h2\.optimizer:/),
    spec('h2-learningRate-string', patched('h2.optimizer.learningRate', '0.01'), /h2\.optimizer\.learningRate/),
    spec('h2-optimizer-unknown-key', patched('h2.optimizer.lr', 0.1), /invalid h2\.optimizer\.lr:/),
    spec('h2-epochs-fraction', patched('h2.epochs', 2.5), /invalid h2\.epochs:/),
    spec('h2-batchSize-string', patched('h2.batchSize', '64'), /invalid h2\.batchSize:/),
    spec('sweep-string', patched('sweep', '0..1'), /invalid sweep:/),
    spec('sweep-unknown-key', patched('sweep.lambda', [0]), /invalid sweep\.lambda:/),
    spec('lambdas-strings', lambdas(['0', '0.5']), /invalid sweep\.lambdas\[0\]: expected a number/),
    spec('lambdas-one-string', lambdas('0,0.5,1'), /invalid sweep\.lambdas:/),
    // JSON has no NaN or Infinity: a client sends them as null, a JSON file may say 1e400 (CLI cases below).
    spec('lambdas-NaN-value', lambdas([0, Number.NaN]), /invalid sweep\.lambdas\[1\]: expected a number/),
    spec('lambdas-NaN-string', lambdas([0, 'NaN']), /invalid sweep\.lambdas\[1\]: expected a number/),
    spec('lambdas-Infinity-value', lambdas([Number.POSITIVE_INFINITY]), /invalid sweep\.lambdas\[0\]/),
    spec('lambdas-Infinity-string', lambdas([0, '-Infinity']), /invalid sweep\.lambdas\[1\]/),
    spec('lambdas-range-Infinity', lambdas({ start: 0, stop: 'Infinity', step: 0.1 }), /sweep\.lambdas\.stop/),
    spec(
      'lambdas-range-1e12-values',
      lambdas({ start: 0, stop: 1e6, step: 1e-6 }),
      /sweep\.lambdas\.step:.* at most 1000 values/,
    ),
    spec('lambdas-1001-values', lambdas(Array.from({ length: 1001 }, (_, i) => i)), /invalid sweep\.lambdas:/),
    spec(
      'grid-4000-points',
      (name) => ({
        ...goodSpec(name),
        sweep: {
          lambdas: Array.from({ length: 1000 }, (_, i) => i / 10),
          dissonances: ['new-error', 'strict-imitation'],
          losses: ['cross-entropy', 'kl-divergence'],
        },
      }),
      /invalid sweep: expected a grid of at most 1000 points .*this one has 4000/,
    ),
    spec('dissonances-string', patched('sweep.dissonances', 'new-error'), /invalid sweep\.dissonances:/),
    spec('losses-nested', patched('sweep.losses', [['cross-entropy']]), /invalid sweep\.losses\[0\]:/),
    spec('execution-string', patched('execution', 'fast'), /invalid execution:/),
    spec('maxAttempts-string', patched('execution.maxAttempts', '3'), /invalid execution\.maxAttempts:/),
    spec(
      'heartbeat-NaN',
      patched('execution.heartbeatTimeoutSeconds', Number.NaN),
      /execution\.heartbeatTimeoutSeconds/,
    ),
    spec('pack-string', patched('execution.pack', 'all'), /invalid execution\.pack:/),
    spec('tracking-string', patched('tracking', 'mlflow'), /invalid tracking:/),
    spec('tracking-experiment-number', patched('tracking.experiment', 5), /invalid tracking\.experiment:/),
    spec('tracking-unknown-key', patched('tracking.password', 'hunter2'), /invalid tracking\.password:/),
    spec('performanceMetric-array', patched('performanceMetric', ['accuracy']), /invalid performanceMetric:/),
    spec('seed-string', patched('seed', '7'), /invalid seed:/),
    spec('unknown-top-level-key', patched('report', { title: 'x' }), /invalid report:/),
    // The Temporal client cannot serialize 10,000 levels (its JSON.stringify overflows): those go through the CLI below.
    spec('deep-arrays-1000-unknown-key', patched('junk', nestedArrays(1000)), /invalid junk:/),
    spec('deep-arrays-1000-lambdas', lambdas(nestedArrays(1000)), /invalid sweep\.lambdas\[0\]:/),
    spec('deep-objects-1000-h2-model', patched('h2.model', nestedObjects(1000)), /invalid h2\.model\.kind:/),
  ];
}

/** Dataset cases: refused by `prepareSweep` while reading the data, before any MLflow run. */
function datasetCases(): WorkflowCase[] {
  const uriOf = (dir: () => string) => (name: string) => ({ ...goodSpec(name), dataset: { uri: dir() } });
  const data = (label: string, dir: () => string, field: RegExp): WorkflowCase => ({
    category: 'dataset',
    label,
    spec: uriOf(dir),
    field,
  });
  const seed = chaosSeed();
  const bad = (label: string, files: () => Record<string, Uint8Array>) => () => datasetDir(label, files());
  const lz4 = readFileSync(join(repoRoot, 'libs', 'data', 'test', 'pyarrow', 'default.feather'));
  const zstd = readFileSync(join(repoRoot, 'libs', 'data', 'test', 'pyarrow', 'zstd.feather'));
  return [
    data(
      'nan-feature',
      bad('nan-feature', () => ({
        'train.arrow': ipc(split(64, seed, (c) => void ((c['f2'] as Float64Array)[17] = Number.NaN))),
        'test.arrow': testBytes(),
      })),
      /invalid dataset\.uri: .*column "f2", row 17: expected a finite number, received NaN/,
    ),
    data(
      'inf-feature',
      bad('inf-feature', () => ({
        'train.arrow': trainBytes(),
        'test.arrow': ipc(split(32, seed, (c) => void ((c['f0'] as Float64Array)[3] = Number.NEGATIVE_INFINITY))),
      })),
      /invalid dataset\.uri: .*test\.arrow: column "f0", row 3: expected a finite number, received -Infinity/,
    ),
    data(
      'label-out-of-range',
      bad('label-out-of-range', () => ({
        'train.arrow': ipc(
          withMetadata(
            split(64, seed, (c) => void ((c['label'] as Int32Array)[5] = 2)),
            {
              'bcml.classes': '["good","bad"]',
            },
          ),
        ),
        'test.arrow': testBytes(),
      })),
      /invalid dataset\.uri: .*column "label", row 5: expected an integer in \[0, 2\), received 2/,
    ),
    data(
      'label-negative',
      bad('label-negative', () => ({
        'train.arrow': ipc(split(64, seed, (c) => void ((c['label'] as Int32Array)[9] = -1))),
        'test.arrow': testBytes(),
      })),
      /invalid dataset\.uri: .*column "label", row 9: expected a non-negative integer .*, received -1/,
    ),
    data(
      'label-fraction',
      bad('label-fraction', () => ({
        'train.arrow': ipc(
          split(
            64,
            seed,
            (c) => void (c['label'] = Float64Array.from(c['label'] as Int32Array, (v, i) => (i === 4 ? 0.5 : v))),
          ),
        ),
        'test.arrow': testBytes(),
      })),
      /invalid dataset\.uri: .*column "label", row 4: expected a non-negative integer .*, received 0\.5/,
    ),
    data(
      'duplicate-ids',
      bad('duplicate-ids', () => ({
        'train.arrow': ipc(split(64, seed, (c) => void ((c['id'] as Int32Array)[30] = 12))),
        'test.arrow': testBytes(),
      })),
      /invalid dataset\.uri: .*column "id", row 30: expected a unique id \(12 is already at row 12\)/,
    ),
    data(
      'classes-differ',
      bad('classes-differ', () => ({
        'train.arrow': trainBytes(),
        'test.arrow': ipc(split(32, seed, (c) => void ((c['label'] as Int32Array)[0] = 2))),
      })),
      /invalid dataset\.uri: expected splits with the same classes/,
    ),
    data(
      'empty-test-split',
      bad('empty-test-split', () => ({ 'train.arrow': trainBytes(), 'test.arrow': ipc(split(0, seed)) })),
      /invalid dataset\.(uri|testSplit): .*(at least 2 classes|no rows|empty)/,
    ),
    data(
      'empty-split-declared-classes',
      bad('empty-split-declared-classes', () => ({
        'train.arrow': trainBytes(),
        'test.arrow': ipc(withMetadata(split(0, seed), { 'bcml.classes': '["0","1"]' })),
      })),
      /invalid dataset\.testSplit: expected a split with at least one row \(this one has none\), received "test"/,
    ),
    data(
      'classes-metadata-not-json',
      bad('classes-metadata-not-json', () => ({
        'train.arrow': ipc(withMetadata(split(64, seed), { 'bcml.classes': '{good,bad' })),
        'test.arrow': testBytes(),
      })),
      /invalid dataset\.uri: .*metadata "bcml\.classes" to be a JSON array of strings/,
    ),
    data(
      'garbage-bytes',
      bad('garbage-bytes', () => ({
        'train.arrow': Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256),
        'test.arrow': testBytes(),
      })),
      /invalid dataset\.uri: .*train\.arrow: is not a readable Arrow IPC file/,
    ),
    data(
      'truncated-arrow',
      bad('truncated-arrow', () => {
        const bytes = trainBytes();
        return { 'train.arrow': bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'test.arrow': testBytes() };
      }),
      /invalid dataset\.uri: .*train\.arrow: is not a readable Arrow IPC file/,
    ),
    data(
      'truncated-stream',
      bad('truncated-stream', () => {
        const bytes = tableToIPC(split(64, seed), 'stream');
        return { 'train.arrows': bytes.subarray(0, bytes.length - 40), 'test.arrow': testBytes() };
      }),
      /invalid dataset\.uri: .*train\.arrows: is not a readable Arrow IPC file/,
    ),
    data(
      'gzipped-arrow',
      bad('gzipped-arrow', () => ({ 'train.arrow': gzipSync(trainBytes()), 'test.arrow': testBytes() })),
      /invalid dataset\.uri: .*train\.arrow: is not a readable Arrow IPC file/,
    ),
    data(
      'lz4-body-corrupted',
      bad('lz4-body-corrupted', () => ({ 'train.feather': corruptMiddle(lz4), 'test.arrow': testBytes() })),
      /invalid dataset\.uri: .*train\.feather: is not a readable Arrow IPC file/,
    ),
    data(
      'zstd-body-corrupted',
      bad('zstd-body-corrupted', () => ({ 'train.feather': corruptMiddle(zstd), 'test.arrow': testBytes() })),
      /invalid dataset\.uri: .*train\.feather: is not a readable Arrow IPC file/,
    ),
    data(
      'header-claims-2GB',
      bad('header-claims-2GB', () => ({ 'train.arrows': forgedMetadataLength(), 'test.arrow': testBytes() })),
      /invalid dataset\.uri: .*train\.arrows: is not a readable Arrow IPC file \(Expected to read 2147483640 metadata bytes/,
    ),
    data(
      'missing-test-split',
      bad('missing-test-split', () => ({ 'train.arrow': trainBytes() })),
      /invalid dataset\.testSplit: expected a split of the dataset \(train\), received "test"/,
    ),
  ];
}

/** `bytes` with every third byte of its middle sixth flipped: a compressed body that no longer decodes. */
function corruptMiddle(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  for (let i = Math.floor(copy.length / 3); i < Math.floor(copy.length / 2); i += 3) copy[i] = (copy[i] ?? 0) ^ 0x5a;
  return copy;
}

/** An Arrow stream whose record batch message claims 2 GB of metadata. */
function forgedMetadataLength(): Uint8Array {
  const bytes = Uint8Array.from(tableToIPC(split(64, chaosSeed()), 'stream'));
  const view = new DataView(bytes.buffer);
  // Message 1 (the schema): 0xFFFFFFFF, its metadata length, its metadata; message 2 (the batch) follows.
  const second = 8 + view.getInt32(4, true);
  expect(view.getUint32(second, true)).toBe(0xffffffff);
  view.setInt32(second + 4, 0x7ffffff8, true);
  return bytes;
}

/** A saved model folder `<tmp>/models/<name>`, optionally damaged. */
async function modelDir(
  name: string,
  shape: { inputs: number; classes: number },
  damage?: (dir: string) => void,
): Promise<string> {
  const dir = join(h.tmp, 'models', name);
  const model = buildModel(
    { kind: 'logistic-regression' },
    { inputShape: [shape.inputs], numClasses: shape.classes, seed: 0 },
  );
  await saveModel(model, dir);
  model.dispose();
  damage?.(dir);
  return dir;
}

/** Model cases: refused by `prepareSweep` while loading h1 or h2, before any MLflow run. */
async function modelCases(): Promise<WorkflowCase[]> {
  const binary = { inputs: FEATURES, classes: 2 };
  const weights = (dir: string) => join(dir, 'weights.bin');
  const truncated = await modelDir('h1-truncated', binary, (dir) =>
    writeFileSync(weights(dir), readFileSync(weights(dir)).subarray(0, 10)),
  );
  const overlong = await modelDir('h1-overlong', binary, (dir) =>
    writeFileSync(weights(dir), Buffer.concat([readFileSync(weights(dir)), Buffer.alloc(64)])),
  );
  const notJson = await modelDir('h1-not-json', binary, (dir) =>
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": ['),
  );
  const foreign = await modelDir('h1-unknown-class', binary, (dir) => {
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...json, modelTopology: { class_name: 'Transformer' } }));
  });
  const narrow = await modelDir('h2-narrow', { inputs: FEATURES - 1, classes: 2 }, undefined);
  const threeHeads = await modelDir('h2-three-outputs', { inputs: FEATURES, classes: 3 }, undefined);
  const h2Truncated = await modelDir('h2-truncated', binary, (dir) =>
    writeFileSync(weights(dir), readFileSync(weights(dir)).subarray(0, 12)),
  );
  const model = (label: string, build: (name: string) => unknown, field: RegExp): WorkflowCase => ({
    category: 'model',
    label,
    spec: build,
    field,
  });
  const h2 = (uri: string) => patched('h2.model', { kind: 'tfjs', uri });
  return [
    model('h1-truncated-weights', patched('h1.uri', truncated), /invalid h1\.uri: expected weight files of 40 bytes/),
    model('h1-overlong-weights', patched('h1.uri', overlong), /invalid h1\.uri: expected weight files of 40 bytes/),
    model('h1-model-json-garbage', patched('h1.uri', notJson), /invalid h1\.uri: expected a JSON file/),
    model('h1-unknown-model-class', patched('h1.uri', foreign), /invalid h1\.uri: expected a tfjs layers model/),
    model('h2-input-width', h2(narrow), /invalid h2\.model\.inputShape: /),
    model('h2-three-outputs-binary', h2(threeHeads), /invalid h2\.model\.outputWidth: /),
    model('h2-truncated-weights', h2(h2Truncated), /invalid h2\.model\.uri: expected weight files/),
  ];
}

/** Registry cases: `models:/` references the registry does not hold, refused while loading h1. */
function registryCases(): WorkflowCase[] {
  const registry = (label: string, uri: string, field: RegExp): WorkflowCase => ({
    category: 'registry',
    label,
    spec: patched('h1.uri', uri),
    field,
  });
  return [
    registry(
      'missing-alias',
      `models:/${registered}@production`,
      /invalid h1\.uri: expected .*, received "models:\/.*@production"/,
    ),
    registry('deleted-version', `models:/${registered}/2`, /invalid h1\.uri: expected .*, received "models:\/.*\/2"/),
    registry('version-never-made', `models:/${registered}/99`, /invalid h1\.uri: .*\/99"/),
    registry('missing-model', `models:/no-such-model-${stamp}@champion`, /invalid h1\.uri: /),
  ];
}

/** Runs one case as a sweep and checks what the corpus asks of it. */
async function runCase(c: WorkflowCase): Promise<Outcome> {
  const name = `bad-${c.label}-${stamp}`.slice(0, 100);
  const workflowId = `${name}-wf`;
  const base = { category: c.category, label: c.label };
  const handle = await h.client.workflow
    .start('compatibilitySweep', { taskQueue: CONTROL_TASK_QUEUE, workflowId, args: [c.spec(name)] })
    .catch((error: unknown) => error as Error);
  if (handle instanceof Error) {
    const problem = `the client could not start it: ${handle.message}`;
    return { ...base, message: '', named: false, nonRetryable: false, trainings: 0, newRuns: 0, problem };
  }
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([
    handle.result().then(
      () => ({ kind: 'completed' as const }),
      (error: unknown) => ({ kind: 'failed' as const, error }),
    ),
    new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), CASE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  const attempts = events.flatMap((e) => e.activityTaskStartedEventAttributes?.attempt ?? []);
  const trainings = scheduled.filter((n) => n === 'trainPoint' || n === 'trainPack').length;
  const newRuns =
    (await experimentRuns(h.tracking, experiment)).length -
    storedBefore.length +
    (await experimentRuns(h.tracking, name)).length;
  if (ended.kind !== 'failed') {
    const described = await handle.describe();
    const pending = described.raw.pendingActivities?.map(
      (a) => `${a.activityType?.name ?? '?'} attempt ${a.attempt ?? '?'}: ${a.lastFailure?.message ?? ''}`,
    );
    if (ended.kind === 'timeout') await handle.terminate('bad input corpus: case timed out');
    const problem =
      ended.kind === 'timeout'
        ? `still running after ${CASE_TIMEOUT_MS} ms (${pending?.join('; ') ?? ''})`
        : 'completed';
    return { ...base, message: '', named: false, nonRetryable: false, trainings, newRuns, problem };
  }
  const { error } = ended;
  const cause =
    error instanceof WorkflowFailedError ? (error.cause as { type?: string; message?: string } | undefined) : undefined;
  const message = cause?.message ?? String(error);
  const type = cause?.type ?? '';
  const named = c.field.test(message) && /expected /.test(message);
  const nonRetryable = NON_RETRYABLE_ERROR_TYPES.includes(type) && attempts.every((a) => a === 1);
  const problems = [
    named ? '' : `message does not match ${String(c.field)}`,
    nonRetryable ? '' : `type ${type}, attempts ${attempts.join(',')}`,
    trainings === 0 ? '' : `${trainings} trainings scheduled`,
    c.category !== 'spec' || scheduled.length === 0 ? '' : `activities scheduled: ${scheduled.join(', ')}`,
    newRuns === 0 ? '' : `${newRuns} MLflow runs created`,
  ].filter((p) => p !== '');
  return {
    ...base,
    message,
    named,
    nonRetryable,
    trainings,
    newRuns,
    ...(problems.length ? { problem: problems.join('; ') } : {}),
  };
}

/** Runs `bcml <args>` in this process against the harness' stack. */
async function bcml(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env: h.env });
  return { code, out, err };
}

beforeAll(async () => {
  const started = Date.now();
  h = await startSweepHarness({ prefix: 'bcml-bad-input-' });
  const stackUp = Date.now();
  goodDir = datasetDir('good', { 'train.arrow': trainBytes(), 'test.arrow': testBytes() });
  h1Dir = await modelDir('h1', { inputs: FEATURES, classes: 2 });

  // What must survive: a good sweep's runs, and a registered h1 (version 1 with alias champion; version 2 deleted).
  goodResult = await h.client.workflow.execute('compatibilitySweep', {
    taskQueue: CONTROL_TASK_QUEUE,
    workflowId: `bad-input-good-${stamp}`,
    args: [goodSpec(`bad-input-good-${stamp}`)],
  });
  const experimentId = (await h.tracking.getOrCreateExperiment(experiment)).experimentId;
  const run = await h.tracking.createRun(experimentId, { runName: 'registered-h1' });
  await h.tracking.logTfjsModel(run.info, h1Dir);
  await h.tracking.endRun(run.info.runId, 'FINISHED');
  await h.tracking.createRegisteredModel(registered);
  for (const expected of ['1', '2']) {
    const version = await h.tracking.createModelVersion(registered, run.info, 'model');
    expect(version.version).toBe(expected);
    await h.tracking.waitForModelVersion(registered, version.version, { pollIntervalMs: 100 });
  }
  await h.tracking.setModelAlias(registered, 'champion', '1');
  const deleted = await fetch(new URL('/api/2.0/mlflow/model-versions/delete', h.config.mlflow.trackingUri), {
    method: 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: registered, version: '2' }),
  });
  expect(deleted.status).toBe(200);
  storedBefore = await storedRuns();
  console.log(`bad input: stack up in ${stackUp - started} ms, good sweep and registry in ${Date.now() - stackUp} ms`);
}, 300_000);

afterAll(async () => {
  await h?.down();
});

describe('bad input corpus (issue 15)', () => {
  it('has a good sweep and a registered model stored first', () => {
    expect(goodResult.status).toBe('completed');
    expect(goodResult.counts).toMatchObject({ total: 2, completed: 2 });
    // 1 parent + 2 points + the registered model's run, all finished.
    expect(storedBefore.map((r) => r.status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED', 'FINISHED']);
  });

  it('refuses every bad spec, dataset, model and registry reference naming the field, at once, before training', async () => {
    const cases = [...specCases(), ...datasetCases(), ...(await modelCases()), ...registryCases()];
    // A few at a time: the spec cases fail at the workflow edge, the others in one short prepare each.
    const started = Date.now();
    const queue = [...cases];
    const lane = async (): Promise<void> => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) outcomes.push(await runCase(c));
    };
    await Promise.all(Array.from({ length: CASE_LANES }, lane));
    console.log(`bad input: ${cases.length} workflow cases in ${Date.now() - started} ms`);
    expect(outcomes.length).toBe(cases.length);
    const failures = outcomes.filter((o) => o.problem !== undefined);
    for (const o of outcomes)
      console.log(`bad input ${o.category}/${o.label}: ${o.problem ?? 'ok'} · ${o.message.slice(0, 220)}`);
    expect(failures.map((o) => `${o.category}/${o.label}: ${o.problem ?? ''} · ${o.message.slice(0, 300)}`)).toEqual(
      [],
    );
  }, 600_000);

  it('refuses a 10 MB spec: the CLI before submitting, naming the spec file; Temporal refuses it sent directly', async () => {
    const big = { ...goodSpec(`bad-10mb-${stamp}`), padding: 'x'.repeat(10 * 1024 * 1024) };
    // 3 MB is over Temporal's 2 MB blob limit, which the server refuses at once; 10 MB is over gRPC's 4 MB message
    // limit, which the client retries for about 40 s before giving up (long mode only).
    const directMb = chaosSize(3, 10);
    const direct = { ...goodSpec(`bad-${directMb}mb-${stamp}`), padding: 'x'.repeat(directMb * 1024 * 1024) };
    const file = join(h.tmp, 'spec-10mb.json');
    writeFileSync(file, JSON.stringify(big));
    const cli = await bcml('sweep', 'start', file, '--id', `bad-10mb-cli-${stamp}`);
    expect(cli.code).toBe(2);
    expect(cli.err).toMatch(/invalid spec file: expected a JSON file of at most 1048576 bytes/);
    await expect(h.client.workflow.getHandle(`bad-10mb-cli-${stamp}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    const started = Date.now();
    const refused = await h.client.workflow
      .start('compatibilitySweep', { taskQueue: CONTROL_TASK_QUEUE, workflowId: `bad-big-${stamp}`, args: [direct] })
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    const why =
      refused === undefined
        ? 'accepted'
        : `${refused.message}: ${String((refused.cause as Error | undefined)?.message)}`;
    console.log(
      `bad input: a ${directMb} MB spec sent straight to Temporal (${Date.now() - started} ms): ${why.slice(0, 300)}`,
    );
    expect(refused).toBeInstanceOf(Error);
    await expect(h.client.workflow.getHandle(`bad-big-${stamp}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    outcomes.push({
      category: 'cli',
      label: '10mb-spec-file',
      message: cli.err,
      named: true,
      nonRetryable: true,
      trainings: 0,
      newRuns: 0,
    });
  }, 120_000);

  it('refuses spec files the CLI reads: Infinity as 1e400, 10,000-deep nesting, λ as strings', async () => {
    const files: [string, string, RegExp][] = [
      [
        'lambda-1e400',
        JSON.stringify(goodSpec(`bad-cli-inf-${stamp}`)).replace('"lambdas":[0,1]', '"lambdas":[0,1e400]'),
        /invalid sweep\.lambdas\[1\]: expected a number .*, received Infinity/,
      ],
      ['deep-arrays-10000', withRaw(goodSpec(`bad-cli-deep-${stamp}`), 'h1', deepArrayText(10_000)), /invalid h1: /],
      [
        'deep-objects-100000',
        withRaw(goodSpec(`bad-cli-deeper-${stamp}`), 'junk', deepObjectText(100_000)),
        /invalid junk: expected no such key/,
      ],
      [
        'deep-arrays-100000-in-lambdas',
        withRaw(goodSpec(`bad-cli-deepest-${stamp}`), 'sweep', `{"lambdas":${deepArrayText(100_000)}}`),
        /invalid sweep\.lambdas\[0\]: expected a number/,
      ],
      [
        'lambda-strings',
        JSON.stringify(goodSpec(`bad-cli-str-${stamp}`)).replace('"lambdas":[0,1]', '"lambdas":["0","1"]'),
        /invalid sweep\.lambdas\[0\]: expected a number/,
      ],
    ];
    for (const [label, text, field] of files) {
      const file = join(h.tmp, `spec-${label}.json`);
      writeFileSync(file, text);
      const id = `bad-cli-${label}-${stamp}`;
      const cli = await bcml('sweep', 'start', file, '--id', id);
      expect(cli.code, label).toBe(2);
      expect(cli.err, label).toMatch(field);
      await expect(h.client.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      outcomes.push({
        category: 'cli',
        label,
        message: cli.err,
        named: true,
        nonRetryable: true,
        trainings: 0,
        newRuns: 0,
      });
    }
  }, 120_000);

  it('loses nothing already stored: the good sweep runs and the registered model are intact', async () => {
    const after = await storedRuns();
    const lost = storedBefore.filter((run) => !after.some((a) => JSON.stringify(a) === JSON.stringify(run))).length;
    expect(after).toEqual(storedBefore);
    expect(lost).toBe(0);
    const model = await h.tracking.getRegisteredModel(registered);
    expect(model.aliases).toEqual({ champion: '1' });
    expect((await h.tracking.getModelVersion(registered, '1')).status).toBe('READY');

    const count = (f: (o: Outcome) => boolean) => `${outcomes.filter(f).length}/${outcomes.length}`;
    const tried = outcomes.length;
    expect(tried).toBeGreaterThanOrEqual(40);
    expect(new Set(outcomes.map((o) => o.category))).toEqual(new Set(['spec', 'dataset', 'model', 'registry', 'cli']));
    expect(outcomes.every((o) => o.problem === undefined)).toBe(true);
    const byCategory = new Map<string, number>();
    for (const o of outcomes) byCategory.set(o.category, (byCategory.get(o.category) ?? 0) + 1);
    console.log(`bad input per category: ${[...byCategory].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    recordFigure({ suite: SUITE, figure: 'inputs tried', value: tried, target: '≥ 40' });
    recordFigure({ suite: SUITE, figure: 'refused naming the field', value: count((o) => o.named), target: 'all' });
    recordFigure({ suite: SUITE, figure: 'non-retryable', value: count((o) => o.nonRetryable), target: 'all' });
    recordFigure({
      suite: SUITE,
      figure: 'trainings started',
      value: outcomes.reduce((s, o) => s + o.trainings, 0),
      target: '0',
    });
    recordFigure({ suite: SUITE, figure: 'stored runs lost', value: lost, target: '0' });
  });
});
