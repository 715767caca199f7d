import { binaryBase, categoricalBase } from './base-terms.js';
import { binaryTask } from './binary-task.js';
import { defineCompatibilityLoss, supportWeight, type CompatibilityLossFunction } from './define-compatibility-loss.js';
import type { BinaryLossOptions, CommonLossOptions, LossOptionName } from './loss-options.js';
import type { InstanceTerm, LossTask } from './loss-task.js';
import { multiClassTask } from './multi-class-task.js';

/** A new-error loss: the dissonance is the base loss itself, on the support S (where h1 is right). */
function newErrorLoss<O extends CommonLossOptions>(
  name: string,
  task: LossTask,
  base: InstanceTerm,
  optionNames: readonly LossOptionName[] = [],
): CompatibilityLossFunction<O> {
  return defineCompatibilityLoss<O>({ name, task, optionNames, base, dissonance: base, weight: supportWeight });
}

/**
 * `new-error/nll`: `L = (1/B) Σ_i −log p2_i[y_i] + λ · (1/B) Σ_{i∈S} −log p2_i[y_i]`, with p2 = softmax(z2) from
 * h2's logits and S = {i : argmax_k z1_ik = y_i}. On logits this is the same function as
 * `new-error/cross-entropy`: the reference's NLL loss took log-probabilities and its CE loss took logits; here
 * every loss takes logits and applies log-softmax itself, so both names compute −log softmax(z2)[y]. Both
 * names stay so that sweeps and results written against the reference's loss names keep working.
 */
export const newErrorNll = newErrorLoss('new-error/nll', multiClassTask, categoricalBase);

/**
 * `new-error/cross-entropy`: `L = (1/B) Σ_i CE_i + λ · (1/B) Σ_{i∈S} CE_i`, CE_i = −log softmax(z2_i)[y_i] and
 * S = {i : argmax_k z1_ik = y_i}. Identical to `new-error/nll` on logits (see there).
 */
export const newErrorCrossEntropy = newErrorLoss('new-error/cross-entropy', multiClassTask, categoricalBase);

/**
 * `new-error/binary-cross-entropy`: `L = (1/B) Σ_i BCE_i + λ · (1/B) Σ_{i∈S} BCE_i`, with
 * BCE_i = −[y_i log σ(z2_i) + (1 − y_i) log(1 − σ(z2_i))] (computed as softplus forms) and
 * S = {i : 1(σ(z1_i) ≥ pivot) = y_i}; option `pivot` ∈ (0, 1), default 0.5.
 */
export const newErrorBinaryCrossEntropy = newErrorLoss<BinaryLossOptions>(
  'new-error/binary-cross-entropy',
  binaryTask,
  binaryBase,
  ['pivot'],
);

/**
 * `new-error/kl-divergence`: `L = (1/B) Σ_i KL(onehot(y_i) ‖ p2_i) + λ · (1/B) Σ_{i∈S} KL(onehot(y_i) ‖ p2_i)`.
 * For a one-hot target KL(onehot(y) ‖ p2) = −log p2[y] = CE (the target's entropy is 0), so this equals
 * `new-error/cross-entropy`; it has no `num_classes` option (C is the logits' width).
 */
export const newErrorKlDivergence = newErrorLoss('new-error/kl-divergence', multiClassTask, categoricalBase);
