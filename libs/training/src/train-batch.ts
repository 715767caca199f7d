import { type Batch } from '@bcml/data';
import {
  type AnyLossOptions,
  type ClosedFormGradient,
  type CompatibilityLossFunction,
  type CompatibilityLossTerms,
  type LogitGradient,
} from '@bcml/losses';
import {
  add,
  dispose,
  keep,
  mul,
  stack,
  sum,
  Tensor,
  tensor,
  tensor1d,
  tidy,
  variableGrads,
  zerosLike,
  type Scalar,
  type Tensor1D,
  type Variable,
} from '@tensorflow/tfjs-core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { type H1Outputs } from './h1-outputs.js';
import { type TrainingOptimizer } from './training-optimizer.js';

/** What one training step needs besides the batch. */
export interface TrainStep {
  readonly model: LayersModel;
  /** h2's trainable variables, in the optimizer's order. */
  readonly variables: readonly Variable[];
  readonly optimizer: TrainingOptimizer;
  readonly loss: CompatibilityLossFunction<AnyLossOptions>;
  /** λ and the loss's options (with `validate: false`: labels are checked once before training). */
  readonly lossOptions: AnyLossOptions;
  /** h1's cached logits; `undefined` for plain training (λ = 0). */
  readonly h1Outputs: H1Outputs | undefined;
  /** Logits per instance. */
  readonly width: number;
}

/**
 * One optimisation step on a batch: h1's logits are gathered from the cache by instance id (h1 is not run), h2 runs
 * forward once, the objective is `base + λ·dissonance` from `loss.terms` (just the loss without h1) or, with
 * `closedForm` (`@bcml/losses`' `closedFormGradient`), its logit gradient in closed form, and the optimizer updates
 * h2's variables. Returns `[B·loss, B·base, B·dissonance]` (a tensor the caller disposes) for the
 * epoch's running sums; every other tensor is disposed.
 */
export function trainBatch(step: TrainStep, batch: Batch, closedForm?: ClosedFormGradient): Tensor1D {
  const { model, variables, optimizer, width, lossOptions } = step;
  const size = batch.ids.length;
  const x = tensor(batch.x, [...batch.shape], 'float32');
  const h1Values = batchH1Logits(step, batch);
  // The tape's loss takes labels and h1's logits as tensors; the closed form reads the arrays.
  const inputs = closedForm === undefined ? lossInputs(step, batch, h1Values) : undefined;
  const held: { terms?: CompatibilityLossTerms } = {};
  let closed: LogitGradient | undefined;
  try {
    const { value, grads } = variableGrads(() => {
      const h2Logits = model.apply(x, { training: true });
      if (!(h2Logits instanceof Tensor)) throw new Error('internal: h2 must have one output tensor');
      if (closedForm === undefined) {
        return compatibilityObjective(step, inputs!.labels, inputs!.h1Logits, held)(h2Logits);
      }
      // ∂L/∂z2 in closed form on the logits read back; the tape then only carries Σ z2 ⊙ stop(∂L/∂z2), whose
      // gradient with respect to h2's variables is the chain rule's Jᵀ·∂L/∂z2 (one mul and one sum to differentiate
      // instead of the loss's kernels).
      const z2 = h2Logits.dataSync<'float32'>();
      closed = closedForm({ size, width, z1: h1Values, z2, labels: batch.y }, lossOptions.lambda, lossOptions);
      return sum<Scalar>(mul(h2Logits, tensor(closed.gradient, h2Logits.shape, 'float32')));
    }, [...variables]);
    optimizer.apply(variables.map((v) => grads[v.name] ?? zerosLike(v)));
    const sums = closed === undefined ? tapeSums(value, held.terms, size) : closedFormSums(closed, size);
    value.dispose();
    return sums;
  } finally {
    dispose([
      x,
      ...(inputs === undefined ? [] : [inputs.labels]),
      ...(inputs?.h1Logits === undefined ? [] : [inputs.h1Logits]),
    ]);
    if (held.terms !== undefined) dispose([held.terms.base, held.terms.dissonance]);
  }
}

/** The labels and h1's cached logits (`batchH1Logits`) as tensors, for the tape's loss; the caller disposes them. */
export function lossInputs(
  step: TrainStep,
  batch: Batch,
  h1Values: Float32Array | undefined,
): { readonly labels: Tensor; readonly h1Logits: Tensor | undefined } {
  const size = batch.ids.length;
  return {
    labels: tensor(batch.y, [size], 'int32'),
    h1Logits: h1Values === undefined ? undefined : tensor(h1Values, [size, step.width], 'float32'),
  };
}

/** `[B·loss, B·base, B·dissonance]` from the tape's loss value and its terms (none for plain training: dissonance 0). */
export function tapeSums(value: Scalar, terms: CompatibilityLossTerms | undefined, size: number): Tensor1D {
  return tidy(() => {
    const base = terms?.base ?? value;
    const dissonance = terms?.dissonance ?? zerosLike(value);
    return mul<Tensor1D>(stack([value, base, dissonance]), size);
  });
}

/** `[B·loss, B·base, B·dissonance]` from a closed-form loss. */
export function closedFormSums(closed: LogitGradient, size: number): Tensor1D {
  return tensor1d([closed.loss * size, closed.base * size, closed.dissonance * size], 'float32');
}

/** h1's cached logits of the batch's instances (`[size, width]`, row-major); `undefined` for plain training. */
export function batchH1Logits(step: Pick<TrainStep, 'h1Outputs' | 'width'>, batch: Batch): Float32Array | undefined {
  if (step.h1Outputs === undefined) return undefined;
  const values = new Float32Array(batch.ids.length * step.width);
  step.h1Outputs.gather(batch.ids, values);
  return values;
}

/**
 * The objective on h2's logits, `base + λ·dissonance` from `loss.terms` (just the loss without h1); keeps both terms
 * in `held` (the caller disposes them) for the epoch's sums.
 */
export function compatibilityObjective(
  step: TrainStep,
  labels: Tensor,
  h1Logits: Tensor | undefined,
  held: { terms?: CompatibilityLossTerms },
): (h2Logits: Tensor) => Scalar {
  const { loss, lossOptions } = step;
  return (h2Logits) => {
    if (h1Logits === undefined) return loss({ h1Logits: h2Logits, h2Logits, labels, ...lossOptions });
    const terms = loss.terms({ h1Logits, h2Logits, labels, ...lossOptions });
    held.terms = { base: keep(terms.base), dissonance: keep(terms.dissonance) };
    return lossOptions.lambda === 0 ? terms.base : add<Scalar>(terms.base, mul(terms.dissonance, lossOptions.lambda));
  };
}
