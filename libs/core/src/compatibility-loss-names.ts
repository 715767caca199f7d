/**
 * The compatibility losses a training spec may name, `family/base` (the registry of `@bcml/losses`; core keeps its
 * own copy of the names so that specs are validated at the edge without tfjs; `@bcml/training`'s tests check that
 * the two lists are equal).
 */
export const compatibilityLossNames = [
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
] as const;

/** A compatibility loss name, e.g. `new-error/cross-entropy`. */
export type CompatibilityLossName = (typeof compatibilityLossNames)[number];

/** Whether `name` is a compatibility loss name. */
export function isCompatibilityLossName(name: unknown): name is CompatibilityLossName {
  return typeof name === 'string' && (compatibilityLossNames as readonly string[]).includes(name);
}
