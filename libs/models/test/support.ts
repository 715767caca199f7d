// Shared by the model tests: the tfjs-node namespace, seeded test data and weight/leak helpers.
// tfjs-node is CommonJS: its namespace is the module's default export when imported from ESM.
import tfNode from '@tensorflow/tfjs-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

import { InvalidInputError, mulberry32 } from '@bcml/core';

/** The tfjs-node namespace (native TensorFlow backend registered as `tensorflow`). */
export const tf = tfNode;
export type { LayersModel, Scalar, Tensor } from '@tensorflow/tfjs-node';

/** A seeded uniform generator on [0, 1): `@bcml/core`'s mulberry32. */
export const random = mulberry32;

/** A [batch, ...shape] float32 tensor of seeded uniform values in [0, 1) (the caller disposes it). */
export function randomBatch(batch: number, shape: readonly number[], seed: number): tfNode.Tensor {
  const next = random(seed);
  const size = batch * shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, next), [batch, ...shape], 'float32');
}

/** Copies of a model's weight values, in order. */
export function weightsOf(model: tfNode.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

/** Whether two weight lists are bitwise equal. */
export function sameWeights(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  return (
    a.length === b.length &&
    a.every((w, i) => Buffer.from(w.buffer).equals(Buffer.from(b[i]?.buffer ?? new ArrayBuffer(0))))
  );
}

/** A model's inference output on `x`, as a plain array (no tensor left behind). */
export function predictionsOf(model: tfNode.LayersModel, x: tfNode.Tensor): Float32Array {
  const y = model.predict(x) as tfNode.Tensor;
  const values = Float32Array.from(y.dataSync());
  y.dispose();
  return values;
}

/** Runs `body` and checks that it leaves the number of live tensors unchanged. */
export async function expectNoLeak(body: () => Promise<void> | void): Promise<void> {
  const before = tf.memory().numTensors;
  await body();
  expect(tf.memory().numTensors).toBe(before);
}

/** The `InvalidInputError` that `run` throws (fails the test when it throws none). */
export function invalid(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  return expect.fail('expected an InvalidInputError');
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

/** A fresh temporary folder, removed by the returned cleanup. */
export async function temporaryFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bcml-models-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
