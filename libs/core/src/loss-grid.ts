import { compatibilityLossNames, type CompatibilityLossName } from './compatibility-loss-names.js';

/** The dissonance of a compatibility loss: the family part of its name (`new-error`, `strict-imitation`, …). */
export type Dissonance = CompatibilityLossName extends `${infer D}/${string}` ? D : never;

/** The base loss of a compatibility loss: the part after the family (`cross-entropy`, `nll`, …). */
export type BaseLoss = CompatibilityLossName extends `${string}/${infer B}` ? B : never;

/** The dissonances a sweep may name, in registry order. */
export const dissonanceNames: readonly Dissonance[] = unique(compatibilityLossNames.map((name) => familyOf(name)));

/** The base losses a sweep may name, in registry order. */
export const baseLossNames: readonly BaseLoss[] = unique(compatibilityLossNames.map((name) => baseOf(name)));

/** The compatibility loss `dissonance/base`, or `undefined` when the registry has no such combination. */
export function compatibilityLossOf(dissonance: Dissonance, base: BaseLoss): CompatibilityLossName | undefined {
  return compatibilityLossNames.find((name) => name === `${dissonance}/${base}`);
}

/** The base losses a dissonance combines with (`focal-distillation` takes `kl` and `logit-matching`). */
export function baseLossesOf(dissonance: Dissonance): BaseLoss[] {
  return compatibilityLossNames.filter((name) => familyOf(name) === dissonance).map((name) => baseOf(name));
}

function familyOf(name: CompatibilityLossName): Dissonance {
  return name.slice(0, name.indexOf('/')) as Dissonance;
}

function baseOf(name: CompatibilityLossName): BaseLoss {
  return name.slice(name.indexOf('/') + 1) as BaseLoss;
}

function unique<T>(values: readonly T[]): T[] {
  return values.filter((value, i) => values.indexOf(value) === i);
}
