import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';

import type { ResolvedLossOptions } from './loss-options.js';

/** The three tensors a loss receives: both models' logits and the labels. */
export interface LossTensors {
  readonly h1Logits: Tensor;
  readonly h2Logits: Tensor;
  readonly labels: Tensor;
}

/** A validated batch in its task's canonical form, as the per-instance terms see it. */
export interface LossBatch {
  /** h1's logits as a constant (zero gradient): [B, C] multi-class, [B] binary. */
  readonly z1: Tensor;
  /** h2's logits, the only input with a gradient: [B, C] multi-class, [B] binary. */
  readonly z2: Tensor;
  /** Float targets: one-hot rows [B, C] (multi-class) or 0/1 [B] (binary). */
  readonly targets: Tensor;
  /** 1 where h1 classifies the instance correctly (i ∈ S), else 0; float32 [B]. */
  readonly h1Correct: Tensor1D;
}

/** A per-instance term of a loss: the base loss, a dissonance or a weight, one value per instance ([B]). */
export type InstanceTerm = (batch: LossBatch, options: ResolvedLossOptions) => Tensor1D;

/** A task kind (multi-class or binary): how its inputs are validated and brought into canonical form. */
export interface LossTask {
  readonly kind: 'multi-class' | 'binary';
  /** Checks ranks, shapes, dtypes and, when `validateLabels`, label values; throws naming the field. */
  check(tensors: Readonly<Record<keyof LossTensors, unknown>>, validateLabels: boolean): LossTensors;
  /** The canonical batch (call inside `tidy`, after `check`). */
  batch(tensors: LossTensors, options: ResolvedLossOptions): LossBatch;
}
