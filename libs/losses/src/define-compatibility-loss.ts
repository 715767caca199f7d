import { InvalidInputError } from '@bcml/core';
import { add, mean, mul, tidy, type Scalar } from '@tensorflow/tfjs-core';

import {
  resolveLossOptions,
  type CommonLossOptions,
  type LossOptionName,
  type ResolvedLossOptions,
} from './loss-options.js';
import type { InstanceTerm, LossBatch, LossTask, LossTensors } from './loss-task.js';

/** What a compatibility loss takes: both models' logits, the labels, λ and its options. */
export type CompatibilityLossInputs<O extends CommonLossOptions = CommonLossOptions> = LossTensors & O;

/** The two terms of a compatibility loss: `loss = base + λ · dissonance`. */
export interface CompatibilityLossTerms {
  /** (1/B) Σ_i base_i(h2, y_i). */
  readonly base: Scalar;
  /** (1/B) Σ_i w_i · d_i(h1, h2, y_i): the weighted dissonance, averaged over the whole batch. */
  readonly dissonance: Scalar;
}

/**
 * A compatibility loss on logits: `(inputs) => Scalar`, `L = base + λ · dissonance`. It validates everything
 * before computing, computes inside `tidy` and lets gradients flow into `h2Logits` only.
 */
export interface CompatibilityLossFunction<O extends CommonLossOptions = CommonLossOptions> {
  (inputs: CompatibilityLossInputs<O>): Scalar;
  /** The registry name, e.g. `strict-imitation/kl-divergence`. */
  readonly lossName: string;
  /** The options this loss takes beyond `lambda` and `validate`. */
  readonly optionNames: readonly LossOptionName[];
  /** Both terms separately (for logging); `terms(inputs).base + λ · terms(inputs).dissonance` is the loss. */
  terms(inputs: CompatibilityLossInputs<O>): CompatibilityLossTerms;
}

/** How one loss varies the shared structure: its task, per-instance base, per-instance dissonance and weights. */
export interface CompatibilityLossDefinition {
  readonly name: string;
  readonly task: LossTask;
  readonly optionNames: readonly LossOptionName[];
  /** base_i(h2, y_i), averaged over the batch. */
  readonly base: InstanceTerm;
  /** d_i(h1, h2, y_i), computed on the whole batch from one h2 forward pass, then weighted. */
  readonly dissonance: InstanceTerm;
  /** w_i: the support indicator 1(i ∈ S) for new-error and strict imitation, α + β·1(i ∈ S) for focal distillation. */
  readonly weight: InstanceTerm;
}

/** The support S as weights: 1 where h1 is correct, else 0 (new-error and strict imitation). */
export const supportWeight: InstanceTerm = (batch: LossBatch) => batch.h1Correct;

/**
 * The one combinator behind every loss: `L = (1/B) Σ_i base_i + λ · (1/B) Σ_i w_i · d_i`. Masking (w_i = 0 off
 * the support) replaces the reference's second h2 forward pass on x[S]; the dissonance is averaged over the
 * whole batch B (not over |S|), so λ means the same for every loss, and an empty support gives 0, not NaN.
 * Every d_i is finite for finite logits, so the masked-out ones contribute exactly 0 to value and gradient.
 */
export function defineCompatibilityLoss<O extends CommonLossOptions>(
  definition: CompatibilityLossDefinition,
): CompatibilityLossFunction<O> {
  const { name, task, optionNames } = definition;
  const check = (inputs: CompatibilityLossInputs<O>) => {
    if (typeof inputs !== 'object' || inputs === null) throw new InvalidInputError('inputs', 'an object', inputs);
    const { h1Logits, h2Logits, labels, ...rest } = inputs;
    const options = resolveLossOptions(name, rest, optionNames, ['h1Logits', 'h2Logits', 'labels']);
    return { options, tensors: task.check({ h1Logits, h2Logits, labels }, options.validate) };
  };
  const baseOf = (batch: LossBatch, options: ResolvedLossOptions) => mean<Scalar>(definition.base(batch, options));
  const dissonanceOf = (batch: LossBatch, options: ResolvedLossOptions) =>
    mean<Scalar>(mul(definition.weight(batch, options), definition.dissonance(batch, options)));

  const loss = (inputs: CompatibilityLossInputs<O>): Scalar => {
    const { options, tensors } = check(inputs);
    return tidy(() => {
      const batch = task.batch(tensors, options);
      const base = baseOf(batch, options);
      // λ = 0 skips the dissonance: the loss is exactly the base loss, and the dissonance is not computed.
      return options.lambda === 0 ? base : add<Scalar>(base, mul(options.lambda, dissonanceOf(batch, options)));
    });
  };
  const terms = (inputs: CompatibilityLossInputs<O>): CompatibilityLossTerms => {
    const { options, tensors } = check(inputs);
    return tidy(() => {
      const batch = task.batch(tensors, options);
      return { base: baseOf(batch, options), dissonance: dissonanceOf(batch, options) };
    });
  };
  return Object.assign(loss, { lossName: name, optionNames, terms });
}
