import { InvalidInputError, parseTrainingSpec, type TrainingSpec } from '@bcml/core';
import { writeFileAtomic } from '@bcml/data';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

import { CheckpointWriteError } from './checkpoint-write-error.js';
import { type EpochReport } from './epoch-report.js';
import { type WeightValues } from './model-weights.js';
import { type OptimizerState } from './training-optimizer.js';

/** The schema tag of a checkpoint (`checkpoint.json` and `latest.json`). */
export const CHECKPOINT_SCHEMA = 'bcml.checkpoint/1';

/** Everything needed to continue training exactly where an epoch ended. */
export interface Checkpoint {
  /** Completed epochs. */
  readonly epoch: number;
  /** The training spec (validated); a resume must use the same spec, `epochs` aside. */
  readonly spec: TrainingSpec;
  /** The number of training examples (a resume on other data is refused). */
  readonly trainingSize: number;
  /** The model's seeded dropout streams (training forward passes so far), `null` without dropout. */
  readonly dropoutStep: number | null;
  /** All model weights, in `model.weights` order. */
  readonly weights: readonly WeightValues[];
  readonly optimizer: OptimizerState;
  /** The epoch reports so far. */
  readonly history: readonly EpochReport[];
}

/** Where a tensor's values sit in a `.bin` file. */
interface Entry {
  readonly name: string;
  readonly shape: readonly number[];
  /** Offset and length in float32 values. */
  readonly offset: number;
  readonly length: number;
}

/** The JSON part of a checkpoint folder. */
interface CheckpointJson {
  readonly schema: string;
  readonly epoch: number;
  readonly spec: unknown;
  readonly trainingSize: number;
  readonly dropoutStep: number | null;
  readonly weights: readonly Entry[];
  readonly optimizer: { readonly kind: string; readonly step: number; readonly slots: readonly Entry[] };
  readonly history: readonly EpochReport[];
}

const LATEST = 'latest.json';
const CHECKPOINT_JSON = 'checkpoint.json';
const WEIGHTS_BIN = 'weights.bin';
const OPTIMIZER_BIN = 'optimizer.bin';

/**
 * Writes a checkpoint into `dir`, atomically: the files go into a fresh `epoch-NNNNNN-<random>` folder (written
 * under a temporary name, fsynced, renamed), then `latest.json` is replaced by a temporary file + rename to point
 * at it, then older epoch folders are removed. A crash at any point leaves `latest.json` naming a complete
 * checkpoint; a failed write (a full disk) removes what it wrote and throws a retryable `CheckpointWriteError`
 * naming `dir`, the epoch and the system error (`ENOSPC`), the previous checkpoint staying the latest. Returns the
 * absolute path of the new epoch folder.
 */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<string> {
  const root = resolve(dir);
  try {
    return await writeCheckpointFolder(root, checkpoint);
  } catch (error) {
    throw new CheckpointWriteError(root, checkpoint.epoch, error);
  }
}

/** `writeCheckpoint`'s steps, its errors unwrapped. */
async function writeCheckpointFolder(root: string, checkpoint: Checkpoint): Promise<string> {
  await mkdir(root, { recursive: true });
  const name = `epoch-${String(checkpoint.epoch).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  const temporary = await mkdtemp(join(root, `.${name}.tmp-`));
  try {
    const weights = pack(checkpoint.weights);
    const slots = pack(checkpoint.optimizer.slots);
    const json: CheckpointJson = {
      schema: CHECKPOINT_SCHEMA,
      epoch: checkpoint.epoch,
      spec: checkpoint.spec,
      trainingSize: checkpoint.trainingSize,
      dropoutStep: checkpoint.dropoutStep,
      weights: weights.entries,
      optimizer: { kind: checkpoint.optimizer.kind, step: checkpoint.optimizer.step, slots: slots.entries },
      history: checkpoint.history,
    };
    await writeSynced(join(temporary, WEIGHTS_BIN), weights.bytes);
    await writeSynced(join(temporary, OPTIMIZER_BIN), slots.bytes);
    await writeSynced(join(temporary, CHECKPOINT_JSON), `${JSON.stringify(json, null, 1)}\n`);
    await rename(temporary, join(root, name));
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  const latest = { schema: CHECKPOINT_SCHEMA, epoch: checkpoint.epoch, folder: name };
  try {
    await writeFileAtomic(join(root, LATEST), new TextEncoder().encode(`${JSON.stringify(latest)}\n`));
  } catch (error) {
    // `latest.json` still names the previous checkpoint: the new folder is garbage, and takes space a retry needs.
    await rm(join(root, name), { recursive: true, force: true });
    throw error;
  }
  for (const entry of await readdir(root)) {
    if (entry !== name && (entry.startsWith('epoch-') || (entry.startsWith('.epoch-') && entry.includes('.tmp-')))) {
      await rm(join(root, entry), { recursive: true, force: true });
    }
  }
  return join(root, name);
}

/**
 * Makes the epoch folder `source` (one that `writeCheckpoint` wrote, e.g. fetched from the artifact store by another
 * worker) the latest checkpoint of `dir`: copies it in under its own name and points `latest.json` at it, so that
 * `readCheckpoint(dir)` and a resumed training find it, under `name` (default: the source folder's own name, as
 * `writeCheckpoint` gave it). Resolves the epoch it holds. A failed copy (a full disk) is a retryable
 * `CheckpointWriteError`.
 */
export async function adoptCheckpoint(dir: string, source: string, name = basename(resolve(source))): Promise<number> {
  if (!/^epoch-[\w-]+$/.test(name)) throw new InvalidInputError('checkpoint', 'an epoch-<n>-<id> folder', name);
  const json = parseJson(await readFile(join(source, CHECKPOINT_JSON), 'utf8'), join(source, CHECKPOINT_JSON)) as {
    schema?: unknown;
    epoch?: unknown;
  };
  if (json.schema !== CHECKPOINT_SCHEMA || typeof json.epoch !== 'number' || !Number.isInteger(json.epoch)) {
    throw new InvalidInputError('checkpoint', `a ${CHECKPOINT_SCHEMA} checkpoint.json`, json.schema);
  }
  const root = resolve(dir);
  try {
    await mkdir(root, { recursive: true });
    const temporary = await mkdtemp(join(root, `.${name}.tmp-`));
    try {
      await cp(source, temporary, { recursive: true });
      await rm(join(root, name), { recursive: true, force: true });
      await rename(temporary, join(root, name));
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
    const latest = { schema: CHECKPOINT_SCHEMA, epoch: json.epoch, folder: name };
    await writeFileAtomic(join(root, LATEST), new TextEncoder().encode(`${JSON.stringify(latest)}\n`));
  } catch (error) {
    throw new CheckpointWriteError(root, json.epoch, error);
  }
  return json.epoch;
}

/**
 * Reads the checkpoint `latest.json` in `dir` points at, or `undefined` when `dir` has none (missing or empty
 * folder). A damaged checkpoint is an `InvalidInputError` naming `checkpoint`.
 */
export async function readCheckpoint(dir: string): Promise<(Checkpoint & { readonly path: string }) | undefined> {
  const root = resolve(dir);
  const latestText = await readFile(join(root, LATEST), 'utf8').catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  if (latestText === undefined) return undefined;
  const latest = parseJson(latestText, join(root, LATEST)) as { schema?: unknown; folder?: unknown };
  if (
    latest.schema !== CHECKPOINT_SCHEMA ||
    typeof latest.folder !== 'string' ||
    !/^epoch-[\w-]+$/.test(latest.folder)
  ) {
    throw new InvalidInputError('checkpoint', `a ${CHECKPOINT_SCHEMA} latest.json`, join(root, LATEST));
  }
  const folder = join(root, latest.folder);
  const json = parseJson(await readFile(join(folder, CHECKPOINT_JSON), 'utf8'), folder) as CheckpointJson;
  if (json.schema !== CHECKPOINT_SCHEMA) {
    throw new InvalidInputError('checkpoint', `a ${CHECKPOINT_SCHEMA} checkpoint.json`, json.schema);
  }
  const weightValues = await readFloats(join(folder, WEIGHTS_BIN));
  const slotValues = await readFloats(join(folder, OPTIMIZER_BIN));
  const kind = json.optimizer.kind;
  if (kind !== 'sgd' && kind !== 'adam')
    throw new InvalidInputError('checkpoint.optimizer.kind', '"sgd" or "adam"', kind);
  return {
    path: folder,
    epoch: json.epoch,
    spec: parseTrainingSpec(json.spec, 'checkpoint.spec'),
    trainingSize: json.trainingSize,
    dropoutStep: json.dropoutStep,
    weights: unpack(json.weights, weightValues, `${folder}/${WEIGHTS_BIN}`),
    optimizer: {
      kind,
      step: json.optimizer.step,
      slots: unpack(json.optimizer.slots, slotValues, `${folder}/${OPTIMIZER_BIN}`),
    },
    history: json.history,
  };
}

/** Named arrays as one little-endian float32 buffer plus their entries. */
function pack(arrays: readonly { name: string; shape: readonly number[]; values: Float32Array }[]): {
  entries: Entry[];
  bytes: Uint8Array;
} {
  const total = arrays.reduce((sum, a) => sum + a.values.length, 0);
  const all = new Float32Array(total);
  const entries: Entry[] = [];
  let offset = 0;
  for (const a of arrays) {
    all.set(a.values, offset);
    entries.push({ name: a.name, shape: [...a.shape], offset, length: a.values.length });
    offset += a.values.length;
  }
  return { entries, bytes: new Uint8Array(all.buffer) };
}

function unpack(entries: readonly Entry[], values: Float32Array, file: string): WeightValues[] {
  return entries.map((e, i) => {
    if (e.offset + e.length > values.length || e.shape.reduce((a, b) => a * b, 1) !== e.length) {
      throw new InvalidInputError('checkpoint', `entry ${i} (${e.name}) inside ${file}`, 'out of range');
    }
    return { name: e.name, shape: e.shape, values: values.slice(e.offset, e.offset + e.length) };
  });
}

async function readFloats(path: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  if (bytes.byteLength % 4 !== 0)
    throw new InvalidInputError('checkpoint', 'float32 values', `${bytes.byteLength} bytes in ${path}`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

async function writeSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      'checkpoint',
      'valid JSON',
      `${where}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
