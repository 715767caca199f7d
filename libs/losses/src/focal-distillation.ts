import { add, div, mul } from '@tensorflow/tfjs-core';

import { categoricalBase } from './base-terms.js';
import { halfSquaredDistance, softmaxKlDivergence } from './categorical-terms.js';
import { defineCompatibilityLoss, type CompatibilityLossFunction } from './define-compatibility-loss.js';
import type { FocalDistillationOptions, FocalKlOptions } from './loss-options.js';
import type { InstanceTerm } from './loss-task.js';
import { multiClassTask } from './multi-class-task.js';

/** Focal weights over the whole batch: w_i = α + β · 1(i ∈ S). */
const focalWeight: InstanceTerm = ({ h1Correct }, { alpha, beta }) => add(alpha, mul(beta, h1Correct));

/**
 * `focal-distillation/kl` (Yan et al., CVPR 2021): `L = (1/B) Σ_i CE_i + λ · (1/B) Σ_i [α + β·1(i ∈ S)] · τ² ·
 * KL(softmax(z1_i/τ) ‖ softmax(z2_i/τ))`, over the whole batch, S = {i : argmax_k z1_ik = y_i}; options α ≥ 0
 * (default 1), β ≥ 0 (default 5), temperature τ > 0 (default 1). The τ² factor follows knowledge distillation
 * (Hinton et al. 2015, and public implementations of the focal distillation loss): the gradient of the KL term
 * shrinks like 1/τ² as τ grows, so τ² keeps λ, α and β meaning the same at every temperature. At τ = 1 it is
 * plain KL.
 */
export const focalDistillationKl: CompatibilityLossFunction<FocalKlOptions> = defineCompatibilityLoss<FocalKlOptions>({
  name: 'focal-distillation/kl',
  task: multiClassTask,
  optionNames: ['alpha', 'beta', 'temperature'],
  base: categoricalBase,
  dissonance: ({ z1, z2 }, { temperature: t }) => mul(t * t, softmaxKlDivergence(div(z1, t), div(z2, t))),
  weight: focalWeight,
});

/**
 * `focal-distillation/logit-matching` (Yan et al., CVPR 2021): `L = (1/B) Σ_i CE_i + λ · (1/B) Σ_i
 * [α + β·1(i ∈ S)] · ½ ‖z2_i − z1_i‖²`, over the whole batch, S = {i : argmax_k z1_ik = y_i}; options α ≥ 0
 * (default 1), β ≥ 0 (default 5).
 */
export const focalDistillationLogitMatching: CompatibilityLossFunction<FocalDistillationOptions> =
  defineCompatibilityLoss<FocalDistillationOptions>({
    name: 'focal-distillation/logit-matching',
    task: multiClassTask,
    optionNames: ['alpha', 'beta'],
    base: categoricalBase,
    dissonance: ({ z1, z2 }) => halfSquaredDistance(z1, z2),
    weight: focalWeight,
  });
