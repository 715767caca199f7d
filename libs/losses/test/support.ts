// Shared by the loss tests: the tfjs-node namespace, the golden cases and tolerant comparisons.
import { readFileSync } from 'node:fs';

// tfjs-node is CommonJS: its namespace is the module's default export when imported from ESM.
import tfNode from '@tensorflow/tfjs-node';
import { expect } from 'vitest';

import { getLoss, type AnyLossOptions, type CompatibilityLossFunction, type LossName } from '@bcml/losses';

/** The tfjs-node namespace (native TensorFlow backend registered as `tensorflow`). */
export const tf = tfNode;
export type { Scalar, Tensor } from '@tensorflow/tfjs-node';

/** A tensor as the golden file stores it. */
export interface GoldenTensor {
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: number[];
}

/** One golden case: a loss, its inputs and options, and float64 reference values. */
export interface GoldenCase {
  readonly loss: LossName;
  readonly scenario: string;
  readonly inputs: { readonly h1Logits: GoldenTensor; readonly h2Logits: GoldenTensor; readonly labels: GoldenTensor };
  readonly options: { readonly lambda: number } & Omit<AnyLossOptions, 'lambda'>;
  readonly expected: {
    readonly loss: number;
    readonly base: number;
    readonly dissonance: number;
    readonly support: number[];
    readonly gradH2: GoldenTensor;
  };
}

/** The cases written by test/golden/losses/generate.py. */
export const goldenCases: readonly GoldenCase[] = (
  JSON.parse(readFileSync(new URL('../../../test/golden/losses/golden.json', import.meta.url), 'utf8')) as {
    cases: GoldenCase[];
  }
).cases;

/** A golden case by loss and scenario. */
export function goldenCase(loss: LossName, scenario: string): GoldenCase {
  const found = goldenCases.find((c) => c.loss === loss && c.scenario === scenario);
  if (found === undefined) throw new Error(`no golden case ${loss} / ${scenario}`);
  return found;
}

/** A golden tensor as a tfjs tensor (the caller disposes it). */
export function toTensor({ shape, dtype, values }: GoldenTensor): tfNode.Tensor {
  return tf.tensor(values, shape, dtype);
}

/** The three input tensors of a golden case (the caller disposes them). */
export function inputsOf(c: GoldenCase) {
  return {
    h1Logits: toTensor(c.inputs.h1Logits),
    h2Logits: toTensor(c.inputs.h2Logits),
    labels: toTensor(c.inputs.labels),
  };
}

/** A loss looked up by a name only known at run time (golden cases carry options of every kind). */
export function lossOf(name: LossName): CompatibilityLossFunction<AnyLossOptions> {
  return getLoss(name as string);
}

/** Relative tolerance 1e-5 with an absolute floor of 1e-6 for values near 0 (float32 against float64). */
export function expectClose(actual: number, expected: number, relative = 1e-5, absolute = 1e-6): void {
  expect(Number.isFinite(actual)).toBe(true);
  const bound = relative * Math.abs(expected) + absolute;
  if (!(Math.abs(actual - expected) <= bound)) {
    expect.fail(`expected ${actual} to be within ${bound} of ${expected}`);
  }
}

/** A scalar's value, disposing it. */
export function valueOf(scalar: tfNode.Tensor): number {
  const value = scalar.dataSync()[0] ?? Number.NaN;
  scalar.dispose();
  return value;
}

/** The losses of binary tasks (the other eight are multi-class). */
export const binaryNames: readonly LossName[] = [
  'new-error/binary-cross-entropy',
  'strict-imitation/binary-cross-entropy',
];
