import { InvalidInputError } from '@bcml/core';
import { tidy, type Scalar, type Tensor } from '@tensorflow/tfjs-core';

import { isTensor } from './check-tensor.js';
import { resolveLossOptions } from './loss-options.js';
import { getLoss, type LossName, type LossOptionsByName } from './loss-registry.js';
import { withoutGradient } from './without-gradient.js';

/**
 * A model that maps a batch to logits. tfjs-layers' `LayersModel` satisfies it (its `apply` also types symbolic
 * outputs, so the result is checked at run time to be one tensor, or a one-element array of one).
 */
export interface LogitsModel {
  apply(inputs: Tensor, kwargs?: { training?: boolean }): unknown;
}

/** A training loss on a batch: `(x, y) => Scalar`, as `optimizer.minimize(() => loss(x, y))` wants it. */
export type BatchLoss = (x: Tensor, y: Tensor) => Scalar;

/**
 * The loss `name` on models: `(x, y) => L(h1(x), h2(x), y)`. h1 runs in inference mode (`training: false`)
 * inside a zero-gradient op, so none of its ops reach the gradient tape and `optimizer.minimize` leaves its
 * weights alone; h2 runs once per batch with `training: true` and the dissonance masks that one output.
 * Options are validated here, before training starts.
 */
export function compatibilityLoss<N extends LossName>(
  name: N,
  h1: LogitsModel,
  h2: LogitsModel,
  options: LossOptionsByName[N],
): BatchLoss {
  const loss = getLoss(name);
  for (const [field, model] of [
    ['h1', h1],
    ['h2', h2],
  ] as const) {
    const apply: unknown = (model as Partial<LogitsModel> | null)?.apply;
    if (typeof apply !== 'function')
      throw new InvalidInputError(field, 'a model with apply(x) returning logits', model);
  }
  resolveLossOptions(name, options, loss.optionNames);
  return (x, y) =>
    tidy(() => {
      const h1Logits = withoutGradient((input) => logitsOf('h1', h1.apply(input, { training: false })), x);
      const h2Logits = logitsOf('h2', h2.apply(x, { training: true }));
      return loss({ ...options, h1Logits, h2Logits, labels: y });
    });
}

/** The logits tensor a model's `apply` returned. */
function logitsOf(field: string, output: unknown): Tensor {
  const single = Array.isArray(output) && output.length === 1 ? (output[0] as unknown) : output;
  if (!isTensor(single)) throw new InvalidInputError(`${field}.apply(x)`, 'one logits tensor', output);
  return single;
}
