import { type CompatibilityInput, validateCompatibilityInput } from './compatibility-input.js';
import { collectInstanceIds, type InstanceIds } from './instance-ids.js';
import { tallyOutcomes } from './outcome-counts.js';

/** A set of instances: how many, and their ids in dataset order. */
export interface InstanceSet {
  readonly count: number;
  /** Instance ids (from `ids`, else positions), in dataset order; `Array.from(ids)` for JSON. */
  readonly ids: Uint32Array;
}

/** The Venn diagram of the two models' errors. h1's errors = h1Only ∪ common; h2's errors = common ∪ h2Only. */
export interface ErrorOverlap {
  /** Errors of h1 only: h1 ≠ y ∧ h2 = y (the positive flips, PF). */
  readonly h1Only: InstanceSet;
  /** Common errors: h1 ≠ y ∧ h2 ≠ y (whether or not they predict the same wrong class). */
  readonly common: InstanceSet;
  /** Errors of h2 only: h1 = y ∧ h2 ≠ y (the negative flips, NF: the incompatible instances). */
  readonly h2Only: InstanceSet;
}

/** Counts and ids of h1-only, common and h2-only errors. Validates first; a counting pass, then an id pass. */
export function errorOverlap(input: CompatibilityInput): ErrorOverlap {
  const valid = validateCompatibilityInput(input);
  return overlapFromIds(collectInstanceIds(valid, tallyOutcomes(valid)));
}

/** The overlap of collected ids (shared with `evaluateCompatibility`). */
export function overlapFromIds({ h1Only, common, h2Only }: InstanceIds): ErrorOverlap {
  return {
    h1Only: { count: h1Only.length, ids: h1Only },
    common: { count: common.length, ids: common },
    h2Only: { count: h2Only.length, ids: h2Only },
  };
}
