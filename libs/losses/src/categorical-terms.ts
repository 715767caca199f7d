import { exp, logSoftmax, mul, neg, square, sub, sum, type Tensor, type Tensor1D } from '@tensorflow/tfjs-core';

// Per-instance terms on logits [B, C], each returning [B]. All go through log-softmax, never softmax().log(),
// so they stay finite (with finite gradients) for logits of ±1e4.

/** Cross-entropy of logits `z` against target distributions `t` (one-hot or soft): −Σ_k t_ik · log softmax(z_i)_k. */
export function softmaxCrossEntropy(targets: Tensor, logits: Tensor): Tensor1D {
  return neg(sum<Tensor1D>(mul(targets, logSoftmax(logits)), 1));
}

/**
 * KL(softmax(a) ‖ softmax(b)) per instance: Σ_k p_ik (log p_ik − log q_ik), from log-softmaxes (a term with
 * p_ik = 0 contributes 0, never NaN).
 */
export function softmaxKlDivergence(from: Tensor, to: Tensor): Tensor1D {
  const logP = logSoftmax(from);
  return sum<Tensor1D>(mul(exp(logP), sub(logP, logSoftmax(to))), 1);
}

/** Half the squared Euclidean distance between logit rows: ½ Σ_k (b_ik − a_ik)². */
export function halfSquaredDistance(a: Tensor, b: Tensor): Tensor1D {
  return mul(0.5, sum<Tensor1D>(square(sub(b, a)), 1));
}
