import { InvalidInputError } from '@bcml/core';

/** Options every loss takes besides its tensors. */
export interface CommonLossOptions {
  /** λ ≥ 0, the weight of the dissonance: `L = base + λ·D`. Required. */
  readonly lambda: number;
  /**
   * Check label values (integer class indices in range, or 0/1) with a data read; default true. The read is a
   * sync point (cheap on tfjs-node, a pipeline stall on asynchronous backends such as WebGL): turn it off in
   * hot loops once the dataset has been checked. Shapes and dtypes are always checked.
   */
  readonly validate?: boolean;
}

/** Options of the binary losses. */
export interface BinaryLossOptions extends CommonLossOptions {
  /** h1 predicts 1 when σ(z1) ≥ pivot (the reference's discriminant pivot); in (0, 1), default 0.5. */
  readonly pivot?: number;
}

/** Options of the focal distillation losses. */
export interface FocalDistillationOptions extends CommonLossOptions {
  /** α ≥ 0, the weight of every instance's distillation term; default 1. */
  readonly alpha?: number;
  /** β ≥ 0, the extra weight where h1 is correct; default 5. */
  readonly beta?: number;
}

/** Options of focal distillation with KL divergence. */
export interface FocalKlOptions extends FocalDistillationOptions {
  /** τ > 0, the softmax temperature of the distillation term; default 1. */
  readonly temperature?: number;
}

/** The loss-specific option names (beyond `lambda` and `validate`, which every loss takes). */
export type LossOptionName = 'pivot' | 'alpha' | 'beta' | 'temperature';

/** Options after validation, with defaults filled in (a loss reads only those it declares). */
export interface ResolvedLossOptions {
  readonly lambda: number;
  readonly validate: boolean;
  readonly pivot: number;
  readonly alpha: number;
  readonly beta: number;
  readonly temperature: number;
}

const defaults = { validate: true, pivot: 0.5, alpha: 1, beta: 5, temperature: 1 } as const;

const finiteAtLeastZero = (v: number) => Number.isFinite(v) && v >= 0;

const rules: Readonly<Record<LossOptionName | 'lambda', { expected: string; valid: (v: number) => boolean }>> = {
  lambda: { expected: 'a finite number >= 0', valid: finiteAtLeastZero },
  pivot: { expected: 'a number in (0, 1)', valid: (v) => v > 0 && v < 1 },
  alpha: { expected: 'a finite number >= 0', valid: finiteAtLeastZero },
  beta: { expected: 'a finite number >= 0', valid: finiteAtLeastZero },
  temperature: { expected: 'a finite number > 0', valid: (v) => Number.isFinite(v) && v > 0 },
};

/**
 * Validates a loss's options (everything but its tensors) and fills in defaults. Names outside `lambda`,
 * `validate` and `accepted` are rejected (the reference swallowed typos such as `discriminan_pivot`).
 * `context` names the other keys the caller may pass, for the message (the tensors' names, for a loss).
 */
export function resolveLossOptions(
  lossName: string,
  options: object,
  accepted: readonly LossOptionName[],
  context: readonly string[] = [],
): ResolvedLossOptions {
  const values = new Map<string, unknown>(Object.entries(options));
  const known = new Set<string>(['lambda', 'validate', ...accepted]);
  for (const [key, value] of values) {
    if (!known.has(key)) {
      throw new InvalidInputError(key, `an option of ${lossName}: one of ${[...context, ...known].join(', ')}`, value);
    }
  }
  const number = (key: LossOptionName | 'lambda', fallback?: number): number => {
    const value = values.get(key) ?? fallback;
    const rule = rules[key];
    if (typeof value !== 'number' || !rule.valid(value)) throw new InvalidInputError(key, rule.expected, value);
    return value;
  };
  const validate = values.get('validate') ?? defaults.validate;
  if (typeof validate !== 'boolean') throw new InvalidInputError('validate', 'a boolean', validate);
  const read = (key: LossOptionName): number => (accepted.includes(key) ? number(key, defaults[key]) : defaults[key]);
  return {
    lambda: number('lambda'),
    validate,
    pivot: read('pivot'),
    alpha: read('alpha'),
    beta: read('beta'),
    temperature: read('temperature'),
  };
}
