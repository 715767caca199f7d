import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type TrainingSpec } from '@bcml/core';
import {
  adoptCheckpoint,
  CHECKPOINT_SCHEMA,
  CheckpointWriteError,
  readCheckpoint,
  trainCompatibility,
  writeCheckpoint,
  type Checkpoint,
} from '@bcml/training';

import { blobs, rejection, temporaryFolder, useNativeBackend } from './support.js';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  await useNativeBackend();
  folder = await temporaryFolder();
});
afterAll(async () => folder.remove());

const spec: TrainingSpec = {
  model: { kind: 'mlp', hidden: [4], dropout: 0.5 },
  optimizer: { kind: 'adam', learningRate: 0.01 },
  epochs: 3,
  batchSize: 16,
  loss: 'new-error/cross-entropy',
  lambda: 0,
  seed: 3,
};

describe('checkpoints', () => {
  it('are folders of JSON and float32 files behind an atomically replaced latest.json', async () => {
    const dir = join(folder.dir, 'run');
    const heartbeats: (string | null)[] = [];
    const result = await trainCompatibility(spec, {
      data: blobs(100, 3, 2, 1),
      checkpoint: { dir },
      onEpoch: (r) => void heartbeats.push(r.checkpoint),
    });
    result.model.dispose();
    // One epoch folder survives: the newest; every epoch reported the folder it had just written.
    const entries = (await readdir(dir)).sort();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/^epoch-000003-[0-9a-f]{8}$/);
    expect(entries[1]).toBe('latest.json');
    expect(heartbeats).toHaveLength(3);
    expect(heartbeats[2]).toBe(join(dir, entries[0]!));
    expect(new Set(heartbeats).size).toBe(3);

    const latest = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as unknown;
    expect(latest).toEqual({ schema: CHECKPOINT_SCHEMA, epoch: 3, folder: entries[0] });
    const epochDir = join(dir, entries[0]!);
    expect((await readdir(epochDir)).sort()).toEqual(['checkpoint.json', 'optimizer.bin', 'weights.bin']);
    const json = JSON.parse(await readFile(join(epochDir, 'checkpoint.json'), 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ schema: CHECKPOINT_SCHEMA, epoch: 3, trainingSize: 100, dropoutStep: 3 * 7, spec });
    // MLP 3 → 4 → 2: 12 + 4 + 8 + 2 = 26 weights; Adam keeps m and v for each.
    expect((await stat(join(epochDir, 'weights.bin'))).size).toBe(26 * 4);
    expect((await stat(join(epochDir, 'optimizer.bin'))).size).toBe(2 * 26 * 4);

    const saved = await readCheckpoint(dir);
    expect(saved?.epoch).toBe(3);
    expect(saved?.optimizer).toMatchObject({ kind: 'adam', step: 3 * 7 });
    expect(saved?.weights.map((w) => w.shape)).toEqual([[3, 4], [4], [4, 2], [2]]);
    expect(saved?.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
  });

  it('round-trip exactly and read as absent where there is none', async () => {
    const checkpoint: Checkpoint = {
      epoch: 2,
      spec,
      trainingSize: 10,
      dropoutStep: null,
      weights: [{ name: 'w', shape: [2, 2], values: new Float32Array([1.5, -0, Number.MIN_VALUE, 3e38]) }],
      optimizer: { kind: 'sgd', step: 7, slots: [] },
      history: [],
    };
    const dir = join(folder.dir, 'exact');
    const path = await writeCheckpoint(dir, checkpoint);
    const read = await readCheckpoint(dir);
    expect(read).toEqual({ ...checkpoint, path });
    expect(Object.is(read?.weights[0]?.values[1], -0)).toBe(true);
    expect(await readCheckpoint(join(folder.dir, 'nothing-here'))).toBeUndefined();
    await mkdir(join(folder.dir, 'empty'));
    expect(await readCheckpoint(join(folder.dir, 'empty'))).toBeUndefined();
  });

  it('that cannot be written fail with a retryable error naming the folder, the epoch and the system error', async () => {
    const checkpoint: Checkpoint = {
      epoch: 4,
      spec,
      trainingSize: 10,
      dropoutStep: null,
      weights: [{ name: 'w', shape: [1], values: new Float32Array([1]) }],
      optimizer: { kind: 'sgd', step: 1, slots: [] },
      history: [],
    };
    await writeFile(join(folder.dir, 'a-file'), 'not a folder');
    const dir = join(folder.dir, 'a-file', 'run');
    const error: unknown = await writeCheckpoint(dir, checkpoint).then(
      () => expect.fail('expected a CheckpointWriteError'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointWriteError);
    if (!(error instanceof CheckpointWriteError)) return;
    expect(error).toMatchObject({ code: 'ENOTDIR', retryable: true, field: 'checkpoint', epoch: 4, dir });
    expect(error.message).toMatch(
      /^could not write the checkpoint of epoch 4 into .*a-file\/run: ENOTDIR.*; the previous checkpoint stays the latest$/,
    );
  });

  it('refuse a damaged pointer', async () => {
    const dir = join(folder.dir, 'damaged');
    await mkdir(dir);
    await writeFile(join(dir, 'latest.json'), '{"schema":"bcml.checkpoint/1","folder":"../elsewhere"}');
    expect((await rejection(readCheckpoint(dir))).message).toMatch(
      /^invalid checkpoint: expected a bcml\.checkpoint\/1 latest\.json/,
    );
    await writeFile(join(dir, 'latest.json'), '{');
    expect((await rejection(readCheckpoint(dir))).message).toMatch(/^invalid checkpoint: expected valid JSON/);
  });
});

describe('adoptCheckpoint', () => {
  it('makes an epoch folder from elsewhere the latest checkpoint of a fresh folder, resumable bitwise', async () => {
    const first = join(folder.dir, 'adopt-first');
    const folders: string[] = [];
    const stopped = await trainCompatibility(
      { ...spec, epochs: 2 },
      { data: blobs(100, 3, 2, 1), checkpoint: { dir: first }, onEpoch: (r) => void folders.push(r.checkpoint ?? '') },
    );
    stopped.model.dispose();
    // Another worker: an empty folder, the fetched epoch folder adopted into it, then training goes on to epoch 3.
    const other = join(folder.dir, 'adopt-other');
    expect(await adoptCheckpoint(other, folders[1]!)).toBe(2);
    expect((await readCheckpoint(other))?.epoch).toBe(2);
    const resumed = await trainCompatibility(spec, { data: blobs(100, 3, 2, 1), checkpoint: { dir: other } });
    const straight = await trainCompatibility(spec, { data: blobs(100, 3, 2, 1) });
    expect(resumed.resumedFrom).toBe(2);
    const a = resumed.model.getWeights().map((w) => Array.from(w.dataSync()));
    const b = straight.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(a).toEqual(b);
    resumed.model.dispose();
    straight.model.dispose();
    await expect(adoptCheckpoint(other, join(folder.dir, 'not-an-epoch'))).rejects.toThrow(/invalid checkpoint/);
  });
});
