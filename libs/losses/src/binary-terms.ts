import { add, mul, neg, softplus, sub, type Tensor, type Tensor1D } from '@tensorflow/tfjs-core';

/**
 * Binary cross-entropy of logits `z` against targets `t` ∈ [0, 1] (0/1 labels or h1's probabilities):
 * −[t log σ(z) + (1 − t) log(1 − σ(z))] = t·softplus(−z) + (1 − t)·softplus(z). Both terms are non-negative
 * (no cancellation) and finite for logits of ±1e4; the gradient is σ(z) − t.
 */
export function sigmoidCrossEntropy(targets: Tensor, logits: Tensor): Tensor1D {
  return add<Tensor1D>(mul(targets, softplus(neg(logits))), mul(sub(1, targets), softplus(logits)));
}
