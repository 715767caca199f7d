import type { CompatibilityLossName } from './compatibility-loss-names.js';
import { fieldOf, isPresent, type JsonRecord } from './json-object.js';
import { nonNegativeNumberAt, numberInAt, positiveNumberAt } from './json-numbers.js';

/** A loss option besides λ: the binary losses' `pivot`, focal distillation's `alpha`, `beta` and `temperature`. */
export type LossOptionKey = 'pivot' | 'alpha' | 'beta' | 'temperature';

/** The options of the loss (each loss accepts only its own; see `lossOptionKeys`). */
export interface TrainingLossOptions {
  /** h1 predicts 1 when σ(z1) ≥ pivot (binary-cross-entropy losses); in (0, 1), default 0.5. */
  readonly pivot?: number;
  /** α ≥ 0, weight of every instance's distillation term (focal distillation); default 1. */
  readonly alpha?: number;
  /** β ≥ 0, extra weight where h1 is right (focal distillation); default 5. */
  readonly beta?: number;
  /** τ > 0, softmax temperature (`focal-distillation/kl`); default 1. */
  readonly temperature?: number;
}

/** The options each loss accepts besides λ. */
export const lossOptionKeys: { readonly [L in CompatibilityLossName]: readonly LossOptionKey[] } = {
  'new-error/nll': [],
  'new-error/cross-entropy': [],
  'new-error/binary-cross-entropy': ['pivot'],
  'new-error/kl-divergence': [],
  'strict-imitation/nll': [],
  'strict-imitation/cross-entropy': [],
  'strict-imitation/binary-cross-entropy': ['pivot'],
  'strict-imitation/kl-divergence': [],
  'focal-distillation/kl': ['alpha', 'beta', 'temperature'],
  'focal-distillation/logit-matching': ['alpha', 'beta'],
};

/**
 * The values of the options `keys` that `record` holds, in the order of `keys`, each checked at `field.key`:
 * `pivot` in (0, 1), `temperature` > 0, `alpha` and `beta` ≥ 0. Keys outside `keys` are the caller's to reject.
 */
export function parseLossOptionValues(
  record: JsonRecord,
  keys: readonly LossOptionKey[],
  field: string,
): TrainingLossOptions {
  const options: { -readonly [K in LossOptionKey]?: number } = {};
  for (const key of keys) {
    if (!isPresent(record, key)) continue;
    const value = record[key];
    const at = fieldOf(field, key);
    if (key === 'pivot') options[key] = numberInAt(at, value, '(0, 1)');
    else if (key === 'temperature') options[key] = positiveNumberAt(at, value);
    else options[key] = nonNegativeNumberAt(at, value);
  }
  return options;
}
