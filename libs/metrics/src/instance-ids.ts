import type { ValidCompatibilityInput } from './compatibility-input.js';
import { classOutcomeCounts, type OutcomeTally, outcomeCounts } from './outcome-counts.js';

/** Ids of the error instances, in dataset order within each list. */
export interface InstanceIds {
  /** h1 wrong, h2 right (positive flips). */
  readonly h1Only: Uint32Array;
  /** h1 wrong, h2 wrong. */
  readonly common: Uint32Array;
  /** h1 right, h2 wrong (negative flips). */
  readonly h2Only: Uint32Array;
  /** Negative flips by true class: views into one buffer, laid out class by class. */
  readonly incompatibleByClass: readonly Uint32Array[];
}

/**
 * Collects error ids in a second pass, after `tallyOutcomes`: the tally gives every list's exact length, so each
 * list is one `Uint32Array` allocated up front and filled in place (no per-instance allocation, no growth).
 * Per-class lists are `subarray` views of a single buffer of NF ids, offset by class (a counting sort).
 */
export function collectInstanceIds(input: ValidCompatibilityInput, tally: OutcomeTally): InstanceIds {
  const { labels, h1, h2, ids, numClasses, n } = input;
  const { negativeFlips, positiveFlips, bothWrong } = outcomeCounts(tally);
  const h1Only = new Uint32Array(positiveFlips);
  const common = new Uint32Array(bothWrong);
  const h2Only = new Uint32Array(negativeFlips);
  const byClassIds = new Uint32Array(negativeFlips);
  // next[c]: where class c's next incompatible id goes in byClassIds (starts: prefix sums of the class NFs).
  const next = new Float64Array(numClasses + 1);
  for (let c = 0; c < numClasses; c += 1) {
    next[c + 1] = (next[c] as number) + classOutcomeCounts(tally, c).negativeFlips;
  }
  const starts = next.slice();
  let h1OnlyAt = 0;
  let commonAt = 0;
  let h2OnlyAt = 0;
  for (let i = 0; i < n; i += 1) {
    // Validated: every element is an integer in range.
    const y = labels[i] as number;
    const right1 = h1[i] === y;
    const right2 = h2[i] === y;
    if (right1 && right2) continue;
    const id = ids === undefined ? i : (ids[i] as number);
    if (right1) {
      h2Only[h2OnlyAt] = id;
      h2OnlyAt += 1;
      const at = next[y] as number;
      byClassIds[at] = id;
      next[y] = at + 1;
    } else if (right2) {
      h1Only[h1OnlyAt] = id;
      h1OnlyAt += 1;
    } else {
      common[commonAt] = id;
      commonAt += 1;
    }
  }
  const incompatibleByClass = Array.from({ length: numClasses }, (_, c) =>
    byClassIds.subarray(starts[c] as number, starts[c + 1] as number),
  );
  return { h1Only, common, h2Only, incompatibleByClass };
}
