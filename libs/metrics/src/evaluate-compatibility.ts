import { type CompatibilityInput, validateCompatibilityInput } from './compatibility-input.js';
import { type CompatibilityScores, scoresFromTally } from './compute-compatibility.js';
import { type ErrorOverlap, overlapFromIds } from './error-overlap.js';
import { collectInstanceIds } from './instance-ids.js';
import { tallyOutcomes } from './outcome-counts.js';
import { type ClassCompatibility, classesFromTally } from './per-class-compatibility.js';

/** Everything an evaluation file needs from one (h1, h2, split): scores, error overlap and per-class results. */
export interface CompatibilityEvaluation {
  readonly scores: CompatibilityScores;
  readonly errorOverlap: ErrorOverlap;
  readonly perClass: ClassCompatibility[];
}

/**
 * `computeCompatibility`, `errorOverlap` and `perClassCompatibility` at once: one validation, one counting pass,
 * one id pass.
 */
export function evaluateCompatibility(input: CompatibilityInput): CompatibilityEvaluation {
  const valid = validateCompatibilityInput(input);
  const tally = tallyOutcomes(valid);
  const ids = collectInstanceIds(valid, tally);
  return { scores: scoresFromTally(tally), errorOverlap: overlapFromIds(ids), perClass: classesFromTally(tally, ids) };
}
