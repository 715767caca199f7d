import { sigmoid, softmax } from '@tensorflow/tfjs-core';

import { binaryBase, categoricalBase } from './base-terms.js';
import { sigmoidCrossEntropy } from './binary-terms.js';
import { binaryTask } from './binary-task.js';
import { softmaxCrossEntropy, softmaxKlDivergence } from './categorical-terms.js';
import { defineCompatibilityLoss, supportWeight, type CompatibilityLossFunction } from './define-compatibility-loss.js';
import type { BinaryLossOptions, CommonLossOptions, LossOptionName } from './loss-options.js';
import type { InstanceTerm, LossTask } from './loss-task.js';
import { multiClassTask } from './multi-class-task.js';

/** A strict-imitation loss: on the support S, h2 imitates h1's output distribution (`divergence`), not y. */
function strictImitationLoss<O extends CommonLossOptions>(
  name: string,
  task: LossTask,
  base: InstanceTerm,
  divergence: InstanceTerm,
  optionNames: readonly LossOptionName[] = [],
): CompatibilityLossFunction<O> {
  return defineCompatibilityLoss<O>({ name, task, optionNames, base, dissonance: divergence, weight: supportWeight });
}

/** Soft cross-entropy of h2 against h1's softmax: −Σ_k p1_ik log p2_ik. */
const softCrossEntropy: InstanceTerm = ({ z1, z2 }) => softmaxCrossEntropy(softmax(z1), z2);

/**
 * `strict-imitation/nll`: `L = (1/B) Σ_i −log p2_i[y_i] + λ · (1/B) Σ_{i∈S} Σ_k −p1_ik log p2_ik`, with
 * p1 = softmax(z1), p2 = softmax(z2), S = {i : argmax_k z1_ik = y_i}. The same function as
 * `strict-imitation/cross-entropy` on logits (the reference's NLL took log-probabilities, its CE logits; both
 * names are kept for the reference's sweeps). At z2 = z1 the dissonance is (1/B) Σ_{i∈S} H(p1_i), its minimum.
 */
export const strictImitationNll = strictImitationLoss(
  'strict-imitation/nll',
  multiClassTask,
  categoricalBase,
  softCrossEntropy,
);

/**
 * `strict-imitation/cross-entropy`: `L = (1/B) Σ_i CE_i + λ · (1/B) Σ_{i∈S} Σ_k −p1_ik log p2_ik`: on S, h2 is
 * trained towards h1's soft output p1 = softmax(z1), not towards argmax z1 (= y on S, which made the
 * reference's version a copy of new-error CE). Identical to `strict-imitation/nll` on logits.
 */
export const strictImitationCrossEntropy = strictImitationLoss(
  'strict-imitation/cross-entropy',
  multiClassTask,
  categoricalBase,
  softCrossEntropy,
);

/**
 * `strict-imitation/binary-cross-entropy`: `L = (1/B) Σ_i BCE_i + λ · (1/B) Σ_{i∈S} −[s1_i log s2_i + (1 − s1_i)
 * log(1 − s2_i)]`, with s = σ(z), BCE_i the label binary cross-entropy of h2 and S = {i : 1(s1_i ≥ pivot) = y_i};
 * option `pivot` ∈ (0, 1), default 0.5.
 */
export const strictImitationBinaryCrossEntropy = strictImitationLoss<BinaryLossOptions>(
  'strict-imitation/binary-cross-entropy',
  binaryTask,
  binaryBase,
  ({ z1, z2 }) => sigmoidCrossEntropy(sigmoid(z1), z2),
  ['pivot'],
);

/**
 * `strict-imitation/kl-divergence`: `L = (1/B) Σ_i KL(onehot(y_i) ‖ p2_i) + λ · (1/B) Σ_{i∈S} KL(p1_i ‖ p2_i)`,
 * KL(p1 ‖ p2) = Σ_k p1_k (log p1_k − log p2_k). The base KL(onehot(y) ‖ p2) equals CE. The dissonance is the
 * soft cross-entropy minus h1's entropy on S, so it has the gradient of `strict-imitation/cross-entropy` and is
 * 0 at z2 = z1 (the reference's version was ≡ 0 or NaN).
 */
export const strictImitationKlDivergence = strictImitationLoss(
  'strict-imitation/kl-divergence',
  multiClassTask,
  categoricalBase,
  ({ z1, z2 }) => softmaxKlDivergence(z1, z2),
);
