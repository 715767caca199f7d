import { beforeAll, describe, expect, it } from 'vitest';

import { createOptimizer } from '@bcml/training';
import { dispose, tensor, tidy, variable, type Variable } from '@tensorflow/tfjs-core';

import { liveTensors, useNativeBackend } from './support.js';

beforeAll(useNativeBackend);

/** A variable holding `values` (the initial tensor is disposed). */
function param(values: number[]): Variable {
  return tidy(() => variable(tensor(values, [values.length], 'float32')));
}

/** Runs `steps` updates with fixed gradients and returns the variable's values (float64 reference alongside). */
function run(
  spec: Parameters<typeof createOptimizer>[0],
  gradients: readonly number[][],
): { values: Float32Array; optimizerStep: number } {
  const p = param([1, -2, 3]);
  const optimizer = createOptimizer(spec, [p]);
  for (const g of gradients) optimizer.apply([tensor(g, [3], 'float32')]);
  const values = Float32Array.from(p.dataSync());
  const optimizerStep = optimizer.step;
  optimizer.dispose();
  p.dispose();
  return { values, optimizerStep };
}

const gradients = [
  [0.5, -1, 2],
  [0.25, 0.5, -1],
  [-0.5, 1, 0.1],
];

describe('createOptimizer', () => {
  it("applies PyTorch's SGD with momentum", () => {
    const lr = 0.1;
    const mu = 0.9;
    const p = [1, -2, 3];
    const buf = [0, 0, 0];
    for (const g of gradients) {
      for (let k = 0; k < 3; k += 1) {
        buf[k] = mu * buf[k]! + g[k]!;
        p[k] = p[k]! - lr * buf[k]!;
      }
    }
    const { values, optimizerStep } = run({ kind: 'sgd', learningRate: lr, momentum: mu }, gradients);
    expect(optimizerStep).toBe(3);
    values.forEach((v, k) => expect(v).toBeCloseTo(p[k]!, 5));
  });

  it('applies plain SGD without momentum', () => {
    const { values } = run({ kind: 'sgd', learningRate: 0.5 }, [gradients[0]!]);
    expect([...values]).toEqual([0.75, -1.5, 2]);
  });

  it("applies PyTorch's Adam with bias correction", () => {
    const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
    const p = [1, -2, 3];
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    gradients.forEach((g, i) => {
      const t = i + 1;
      for (let k = 0; k < 3; k += 1) {
        m[k] = b1 * m[k]! + (1 - b1) * g[k]!;
        v[k] = b2 * v[k]! + (1 - b2) * g[k]! ** 2;
        const mHat = m[k]! / (1 - b1 ** t);
        const vHat = v[k]! / (1 - b2 ** t);
        p[k] = p[k]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    });
    const { values } = run({ kind: 'adam', learningRate: lr }, gradients);
    values.forEach((value, k) => expect(value).toBeCloseTo(p[k]!, 5));
  });

  it.each([
    { kind: 'sgd', learningRate: 0.1, momentum: 0.5 },
    { kind: 'adam', learningRate: 0.01 },
  ] as const)('restores its state exactly ($kind)', (spec) => {
    const before = liveTensors();
    const uninterrupted = run(spec, gradients).values;

    const p = param([1, -2, 3]);
    const first = createOptimizer(spec, [p]);
    first.apply([tensor(gradients[0]!, [3], 'float32')]);
    const state = first.state();
    first.dispose();
    const second = createOptimizer(spec, [p]);
    second.restore(state);
    expect(second.step).toBe(1);
    for (const g of gradients.slice(1)) second.apply([tensor(g, [3], 'float32')]);
    expect(Buffer.from(p.dataSync().buffer).equals(Buffer.from(uninterrupted.buffer))).toBe(true);
    second.dispose();
    dispose(p);
    expect(liveTensors()).toBe(before);
  });

  it('refuses the state of another optimizer', () => {
    const p = param([1]);
    const adam = createOptimizer({ kind: 'adam', learningRate: 0.1 }, [p]);
    const sgd = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.5 }, [p]);
    expect(() => sgd.restore(adam.state())).toThrow(
      'invalid checkpoint.optimizer.kind: expected "sgd", received "adam"',
    );
    dispose([p]);
    adam.dispose();
    sgd.dispose();
  });
});
