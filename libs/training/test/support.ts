// Shared by the training tests: the native backend, the bundled datasets as labelled data, and small helpers.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

import { InvalidInputError, mulberry32 } from '@bcml/core';
import { datasetFromIPC, fitEncoding } from '@bcml/data';
import { loadDataset } from '@bcml/datasets';
import {
  dataFromArrays,
  dataRows,
  labelledData,
  selectBackend,
  type H1Outputs,
  type LabelledData,
} from '@bcml/training';
import { memory } from '@tensorflow/tfjs-core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

/** Selects tfjs-node's native backend (every training test runs on it). */
export async function useNativeBackend(): Promise<void> {
  await selectBackend('tensorflow');
}

/** Train and test splits of a bundled dataset, encoded with the encoding fitted on train. */
export async function splits(name: 'adult' | 'mnist'): Promise<{ train: LabelledData; test: LabelledData }> {
  const loaded = await loadDataset(name);
  return { train: labelledData(loaded.train, loaded.encoding), test: labelledData(loaded.test, loaded.encoding) };
}

/** A seeded uniform generator on [0, 1): `@bcml/core`'s mulberry32. */
export const random = mulberry32;

/** Seeded separable blobs: `n` examples of `width` features around one centre per class; ids start at `firstId`. */
export function blobs(n: number, width: number, numClasses: number, seed: number, firstId = 0): LabelledData {
  const next = random(seed);
  const centres = Array.from({ length: numClasses }, () => Array.from({ length: width }, () => 4 * next() - 2));
  const ids = new Uint32Array(n);
  const y = new Int32Array(n);
  const x = new Float32Array(n * width);
  for (let i = 0; i < n; i += 1) {
    ids[i] = firstId + i;
    const label = Math.floor(next() * numClasses);
    y[i] = label;
    for (let k = 0; k < width; k += 1) x[i * width + k] = centres[label]![k]! + (next() + next() + next() - 1.5);
  }
  return dataFromArrays({ ids, x, y, shape: [width], numClasses });
}

/** Copies of a model's weights. */
export function weightsOf(model: LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

/** Whether two lists of float arrays are bitwise equal. */
export function bitwiseEqual(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  return a.length === b.length && a.every((w, i) => Buffer.from(w.buffer).equals(Buffer.from(b[i]!.buffer)));
}

/** The number of live tensors. */
export function liveTensors(): number {
  return memory().numTensors;
}

/** A fresh temporary folder and its cleanup. */
export async function temporaryFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bcml-training-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The `InvalidInputError` that the promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  return expect.fail('expected an InvalidInputError');
}

/**
 * A dataset of the golden generators (`test/golden/<folder>/<split>.<extension>`), each split encoded with the
 * training split's encoding, as the workers read it.
 */
export function goldenData(folder: string, extension: 'arrow' | 'feather'): (split: string) => LabelledData {
  const read = (split: string) =>
    datasetFromIPC(readFileSync(new URL(`../../../test/golden/${folder}/${split}.${extension}`, import.meta.url)), {
      file: `${split}.${extension}`,
    });
  const datasets = { train: read('train'), test: read('test') };
  const encoding = fitEncoding(datasets.train);
  return (split) => labelledData(datasets[split as 'train' | 'test'], encoding);
}

/** The share of `data`'s rows whose label h1's outputs predict. */
export function h1Accuracy(outputs: H1Outputs, data: LabelledData): number {
  const rows = dataRows(data);
  const predicted = outputs.predictions(Array.from(rows, (row) => data.examples.ids[row]!));
  let right = 0;
  rows.forEach((row, i) => (right += predicted[i] === data.examples.y[row] ? 1 : 0));
  return right / rows.length;
}
