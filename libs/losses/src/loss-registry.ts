import { InvalidInputError } from '@bcml/core';

import type { CompatibilityLossFunction } from './define-compatibility-loss.js';
import { focalDistillationKl, focalDistillationLogitMatching } from './focal-distillation.js';
import type { BinaryLossOptions, CommonLossOptions, FocalDistillationOptions, FocalKlOptions } from './loss-options.js';
import { newErrorBinaryCrossEntropy, newErrorCrossEntropy, newErrorKlDivergence, newErrorNll } from './new-error.js';
import {
  strictImitationBinaryCrossEntropy,
  strictImitationCrossEntropy,
  strictImitationKlDivergence,
  strictImitationNll,
} from './strict-imitation.js';

/** The options each registered loss takes besides its tensors. */
export interface LossOptionsByName {
  'new-error/nll': CommonLossOptions;
  'new-error/cross-entropy': CommonLossOptions;
  'new-error/binary-cross-entropy': BinaryLossOptions;
  'new-error/kl-divergence': CommonLossOptions;
  'strict-imitation/nll': CommonLossOptions;
  'strict-imitation/cross-entropy': CommonLossOptions;
  'strict-imitation/binary-cross-entropy': BinaryLossOptions;
  'strict-imitation/kl-divergence': CommonLossOptions;
  'focal-distillation/kl': FocalKlOptions;
  'focal-distillation/logit-matching': FocalDistillationOptions;
}

/** A registered loss name, `family/base`: e.g. `new-error/cross-entropy`. */
export type LossName = keyof LossOptionsByName;

/** Every option any loss takes (a loss given a name from `getLoss(string)` still rejects those it lacks). */
export type AnyLossOptions = BinaryLossOptions & FocalKlOptions;

const registry: { readonly [N in LossName]: CompatibilityLossFunction<LossOptionsByName[N]> } = {
  'new-error/nll': newErrorNll,
  'new-error/cross-entropy': newErrorCrossEntropy,
  'new-error/binary-cross-entropy': newErrorBinaryCrossEntropy,
  'new-error/kl-divergence': newErrorKlDivergence,
  'strict-imitation/nll': strictImitationNll,
  'strict-imitation/cross-entropy': strictImitationCrossEntropy,
  'strict-imitation/binary-cross-entropy': strictImitationBinaryCrossEntropy,
  'strict-imitation/kl-divergence': strictImitationKlDivergence,
  'focal-distillation/kl': focalDistillationKl,
  'focal-distillation/logit-matching': focalDistillationLogitMatching,
};

/** The registered loss names, in a stable order. */
export const lossNames: readonly LossName[] = Object.freeze([
  'new-error/nll',
  'new-error/cross-entropy',
  'new-error/binary-cross-entropy',
  'new-error/kl-divergence',
  'strict-imitation/nll',
  'strict-imitation/cross-entropy',
  'strict-imitation/binary-cross-entropy',
  'strict-imitation/kl-divergence',
  'focal-distillation/kl',
  'focal-distillation/logit-matching',
]);

/** Whether `name` is a registered loss name. */
export function isLossName(name: unknown): name is LossName {
  return typeof name === 'string' && Object.hasOwn(registry, name);
}

/** The loss registered under `name`; an unknown name is an `InvalidInputError` listing the valid ones. */
export function getLoss<N extends LossName>(name: N): CompatibilityLossFunction<LossOptionsByName[N]>;
export function getLoss(name: string): CompatibilityLossFunction<AnyLossOptions>;
export function getLoss(name: string): CompatibilityLossFunction<AnyLossOptions> {
  if (!isLossName(name)) throw new InvalidInputError('loss name', `one of ${lossNames.join(', ')}`, name);
  return registry[name];
}
