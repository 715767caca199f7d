import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildModel, loadModel, saveModel } from '@bcml/models';

import {
  expectNoLeak,
  predictionsOf,
  randomBatch,
  rejection,
  sameWeights,
  tf,
  temporaryFolder,
  weightsOf,
} from './support.js';

const lenet = () => buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 10, seed: 11 });
const resnet = () =>
  buildModel({ kind: 'resnet', blocks: 1, filters: 4 }, { inputShape: [16, 16, 3], numClasses: 3, seed: 12 });

/** Whether two prediction arrays are bitwise equal. */
const identical = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

describe('saveModel / loadModel', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeAll(async () => {
    folder = await temporaryFolder();
  });
  afterAll(async () => {
    await folder.remove();
  });

  it.each([
    ['LeNet', lenet, [28, 28, 1]],
    ['ResNet (batch norm)', resnet, [16, 16, 3]],
  ] as const)('%s: a round trip gives identical weights, names and predictions', async (name, build, shape) => {
    const model = build();
    const dir = join(folder.dir, `round-trip-${name.split(' ')[0]}`);
    const saved = await saveModel(model, dir);
    expect(saved).toEqual({ dir, files: ['model.json', 'weights.bin'], weightBytes: model.countParams() * 4 });
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      format: string;
      weightsManifest: { paths: string[] }[];
    };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);

    const loaded = await loadModel(dir);
    const x = randomBatch(4, shape, 3);
    expect(sameWeights(weightsOf(loaded), weightsOf(model))).toBe(true);
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    expect(identical(predictionsOf(loaded, x), predictionsOf(model, x))).toBe(true);
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });

  it("writes files that tfjs-node's file:// loader reads", async () => {
    const model = lenet();
    const dir = join(folder.dir, 'ours-to-stock');
    await saveModel(model, dir);
    const stock = await tf.loadLayersModel(`file://${join(dir, 'model.json')}`);
    const x = randomBatch(2, [28, 28, 1], 4);
    expect(identical(predictionsOf(stock, x), predictionsOf(model, x))).toBe(true);
    tf.dispose(x);
    model.dispose();
    stock.dispose();
  });

  it("reads what tfjs-node's file:// handler writes, from the folder or its model.json", async () => {
    const model = resnet();
    const dir = join(folder.dir, 'stock-to-ours');
    await model.save(`file://${dir}`);
    const x = randomBatch(2, [16, 16, 3], 5);
    const expected = predictionsOf(model, x);
    for (const path of [dir, join(dir, 'model.json')]) {
      const loaded = await loadModel(path);
      expect(identical(predictionsOf(loaded, x), expected)).toBe(true);
      loaded.dispose();
    }
    tf.dispose(x);
    model.dispose();
  });

  it('reads weights split over several shards, as tensorflowjs_converter writes them', async () => {
    const model = lenet();
    const dir = join(folder.dir, 'sharded');
    await saveModel(model, dir);
    const weights = await readFile(join(dir, 'weights.bin'));
    const cut = 40_000;
    await writeFile(join(dir, 'group1-shard1of2.bin'), weights.subarray(0, cut));
    await writeFile(join(dir, 'group1-shard2of2.bin'), weights.subarray(cut));
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    json.weightsManifest[0] = { ...json.weightsManifest[0], paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'] };
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const loaded = await loadModel(dir);
    expect(sameWeights(weightsOf(loaded), weightsOf(model))).toBe(true);
    model.dispose();
    loaded.dispose();
  });

  it('replaces a saved model atomically and leaves no temporary folders', async () => {
    const dir = join(folder.dir, 'replaced');
    const [first, second] = [
      lenet(),
      buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 10, seed: 99 }),
    ];
    await saveModel(first, dir);
    await saveModel(second, dir);
    const loaded = await loadModel(dir);
    expect(sameWeights(weightsOf(loaded), weightsOf(second))).toBe(true);
    expect((await readdir(folder.dir)).filter((name) => name.startsWith('.'))).toEqual([]);
    [first, second, loaded].forEach((m) => m.dispose());
  });

  it('refuses to replace a folder that is not a saved model, naming dir', async () => {
    const dir = join(folder.dir, 'not-a-model');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    const model = lenet();
    const error = await rejection(saveModel(model, dir));
    expect(error.field).toBe('dir');
    expect(error.message).toMatch(/a new folder, an empty one or one holding model\.json/);
    expect(await readdir(dir)).toEqual(['notes.txt']);
    expect((await readdir(folder.dir)).filter((name) => name.startsWith('.'))).toEqual([]);
    model.dispose();
  });

  it('names the path when there is no model to load', async () => {
    const missing = await rejection(loadModel(join(folder.dir, 'missing')));
    expect(missing.field).toBe('path');
    expect(missing.message).toMatch(/expected a model folder holding model\.json, received ".*missing"/);
    const empty = join(folder.dir, 'empty');
    await mkdir(empty);
    expect((await rejection(loadModel(empty))).field).toBe('path');
  });

  it('refuses truncated or overlong weights and a topology tfjs cannot build, naming the path', async () => {
    const dir = join(folder.dir, 'damaged');
    const model = buildModel({ kind: 'logistic-regression' }, { inputShape: [4], numClasses: 2, seed: 1 });
    await saveModel(model, dir);
    model.dispose();
    const weights = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), weights.subarray(0, 10));
    const truncated = await rejection(loadModel(dir));
    expect(truncated.field).toBe(dir);
    expect(truncated.message).toMatch(
      /expected weight files of 40 bytes in all, as its manifest lists .*, received 10$/,
    );
    await writeFile(join(dir, 'weights.bin'), Buffer.concat([weights, weights]));
    expect((await rejection(loadModel(dir))).message).toMatch(/received 80$/);
    await writeFile(join(dir, 'weights.bin'), weights);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { modelTopology: object };
    await writeFile(join(dir, 'model.json'), JSON.stringify({ ...json, modelTopology: { class_name: 'NoSuchModel' } }));
    const topology = await rejection(loadModel(dir));
    expect(topology.field).toBe(dir);
    expect(topology.message).toMatch(/expected a tfjs layers model whose topology and weights load \(.*NoSuchModel/);
  });

  it('refuses weight paths outside the model folder', async () => {
    const dir = join(folder.dir, 'escaping');
    const model = lenet();
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    json.weightsManifest[0] = { ...json.weightsManifest[0], paths: ['../secrets.bin'] };
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const error = await rejection(loadModel(dir));
    expect(error.field).toBe('weightsManifest[0].paths[0]');
    model.dispose();
  });

  it('leaves the tensor count unchanged after saving, loading and disposing', async () => {
    const dir = join(folder.dir, 'leaks');
    await expectNoLeak(async () => {
      const model = lenet();
      await saveModel(model, dir);
      const loaded = await loadModel(dir);
      const x = randomBatch(2, [28, 28, 1], 6);
      predictionsOf(loaded, x);
      tf.dispose(x);
      model.dispose();
      loaded.dispose();
    });
  });
});
