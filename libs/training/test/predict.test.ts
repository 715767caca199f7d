import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { buildModel } from '@bcml/models';
import {
  computeH1Outputs,
  H1Outputs,
  h1OutputsToTable,
  PREDICTIONS_SCHEMA,
  predict,
  predictionArrays,
  readH1Outputs,
  readPredictions,
  writeH1Outputs,
  writePredictions,
} from '@bcml/training';
import { DataType, tableFromIPC, tableToIPC } from 'apache-arrow';
import * as tf from '@tensorflow/tfjs-core';

import { blobs, liveTensors, rejection, temporaryFolder, useNativeBackend } from './support.js';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  await useNativeBackend();
  folder = await temporaryFolder();
});
afterAll(async () => folder.remove());

describe('predict', () => {
  it('returns (id, label, prediction, probabilities) in large batches, softmax for C logits', async () => {
    const data = blobs(2500, 6, 3, 1, 100);
    const model = buildModel({ kind: 'mlp', hidden: [8] }, { inputShape: [6], numClasses: 3, seed: 1 });
    const apply = vi.spyOn(model, 'apply');
    const before = liveTensors();
    const table = await predict(model, data, { batchSize: 1000 });
    expect(liveTensors()).toBe(before);
    expect(apply).toHaveBeenCalledTimes(3);
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['id', 'Uint32', false],
      ['label', 'Int32', false],
      ['prediction', 'Int32', false],
      ['probabilities', 'FixedSizeList[3]<Float32>', false],
    ]);
    expect(table.schema.metadata.get('bcml.schema')).toBe(PREDICTIONS_SCHEMA);
    const arrays = predictionArrays(table);
    expect(arrays.numClasses).toBe(3);
    expect([...arrays.ids.slice(0, 3)]).toEqual([100, 101, 102]);
    expect(arrays.labels).toEqual(data.examples.y);
    for (let i = 0; i < 2500; i += 1) {
      const p = arrays.probabilities.subarray(3 * i, 3 * i + 3);
      expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 5);
      expect(arrays.predictions[i]).toBe(p.indexOf(Math.max(...p)));
    }
    model.dispose();
  });

  it('gives a binary head probabilities [1 − p, p] and prediction σ(z) ≥ 0.5', async () => {
    const data = blobs(300, 4, 2, 2);
    const model = buildModel(
      { kind: 'logistic-regression' },
      { inputShape: [4], numClasses: 2, seed: 3, head: 'binary' },
    );
    const table = await predict(model, data);
    const { probabilities, predictions, numClasses } = predictionArrays(table);
    expect(numClasses).toBe(2);
    const x = tensorOf(data);
    const logits = model.predict(x);
    const z = Float32Array.from((Array.isArray(logits) ? logits[0]! : logits).dataSync());
    tf.dispose([x, logits]);
    for (let i = 0; i < 300; i += 1) {
      const p = 1 / (1 + Math.exp(-z[i]!));
      expect(probabilities[2 * i + 1]).toBeCloseTo(p, 6);
      expect(probabilities[2 * i]).toBeCloseTo(1 - p, 6);
      expect(predictions[i]).toBe(p >= 0.5 ? 1 : 0);
    }
    model.dispose();
  });

  it('checks the model against the data first, naming the field', async () => {
    const model = buildModel({ kind: 'logistic-regression' }, { inputShape: [5], numClasses: 2, seed: 1 });
    const error = await rejection(predict(model, blobs(10, 4, 2, 1)));
    expect(error.message).toBe(
      'invalid model.inputShape: expected [null, 4] (the data\'s feature shape, batch first), received "[null, 5]"',
    );
    model.dispose();
  });

  it('writes and reads predictions as an Arrow IPC file, checking the columns', async () => {
    const model = buildModel({ kind: 'mlp', hidden: [4] }, { inputShape: [6], numClasses: 3, seed: 1 });
    const table = await predict(model, blobs(50, 6, 3, 4));
    const path = join(folder.dir, 'predictions', 'test.arrow');
    await writePredictions(path, table);
    const again = await readPredictions(path);
    expect(predictionArrays(again)).toEqual(predictionArrays(table));
    // Readable by any Arrow reader.
    const raw = tableFromIPC(await readFile(path));
    expect(DataType.isFixedSizeList(raw.getChild('probabilities')!.type)).toBe(true);

    const bad = join(folder.dir, 'bad.arrow');
    await writeFile(
      bad,
      tableToIPC(h1OutputsToTable(new H1Outputs(new Uint32Array([1]), new Float32Array([0.5]), 1)), 'file'),
    );
    const error = await rejection(readPredictions(bad));
    expect(error.message).toMatch(
      /^invalid .*bad\.arrow: expected a bcml\.predictions\/1 table \(id: uint32, label: int32/,
    );
    model.dispose();
  });
});

describe('H1Outputs', () => {
  it('looks logits up by instance id (consecutive or not) and refuses unknown ids', () => {
    for (const ids of [new Uint32Array([10, 11, 12]), new Uint32Array([7, 3, 42])]) {
      const outputs = new H1Outputs(ids, new Float32Array([1, 2, 3, 4, 5, 6]), 2);
      const out = new Float32Array(4);
      outputs.gather([ids[2]!, ids[0]!], out);
      expect([...out]).toEqual([5, 6, 1, 2]);
      expect(outputs.has(ids[1]!)).toBe(true);
      expect(outputs.has(99)).toBe(false);
      expect([...outputs.predictions([ids[0]!, ids[1]!])]).toEqual([1, 1]);
      expect(() => outputs.gather([99], out)).toThrow(
        'invalid h1Outputs: expected h1 logits for instance id 99, received "none"',
      );
    }
    expect(() => new H1Outputs(new Uint32Array([1, 1]), new Float32Array(2), 1)).toThrow('invalid h1Outputs.ids[1]');
    expect(() => new H1Outputs(new Uint32Array([1]), new Float32Array(3), 2)).toThrow('invalid h1Outputs.logits');
  });

  it('is computed in one pass of large batches and round-trips through an Arrow file', async () => {
    const data = blobs(5000, 6, 3, 5, 1000);
    const h1 = buildModel({ kind: 'mlp', hidden: [8] }, { inputShape: [6], numClasses: 3, seed: 2 });
    const apply = vi.spyOn(h1, 'apply');
    const outputs = await computeH1Outputs(h1, data, { batchSize: 2048 });
    expect(apply).toHaveBeenCalledTimes(3);
    expect(outputs.size).toBe(5000);
    expect(outputs.width).toBe(3);
    const path = join(folder.dir, 'h1-train.arrow');
    await writeH1Outputs(path, outputs);
    const again = await readH1Outputs(path);
    expect(again.ids).toEqual(outputs.ids);
    expect(again.logits).toEqual(outputs.logits);
    h1.dispose();
  });
});

/** All of `data`'s features as one tensor. */
function tensorOf(data: ReturnType<typeof blobs>): tf.Tensor {
  const { examples } = data;
  const x = new Float32Array(examples.size * examples.width);
  examples.gather(
    Uint32Array.from({ length: examples.size }, (_, i) => i),
    x,
  );
  return tf.tensor(x, [examples.size, ...examples.shape]);
}
