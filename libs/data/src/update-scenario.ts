import { sampleRows } from './train-test-split.js';

/** The training rows of the two models of an update. */
export interface UpdateScenario {
  /** The old model's training rows: a seeded random share of the training split, sorted. */
  readonly h1: Uint32Array;
  /** The new model's training rows: all of the training split. */
  readonly h2: Uint32Array;
}

/** Options of `updateScenario`. */
export interface UpdateScenarioOptions {
  /** The share of the training rows h1 trains on, in (0, 1). */
  readonly h1Fraction: number;
  readonly seed: number;
  /** Class labels of the training rows, to keep h1's class balance equal to the split's. */
  readonly stratify?: ArrayLike<number>;
}

/**
 * The update scenario of Bansal et al. (AAAI 2019): h1 trains on a fraction of the training data and h2 on all of
 * it, so h2 is the better-informed update whose compatibility with h1 is measured.
 */
export function updateScenario(trainRows: number, options: UpdateScenarioOptions): UpdateScenario {
  const { test: h1 } = sampleRows(trainRows, options.h1Fraction, options.seed, options.stratify, 'h1Fraction');
  const h2 = new Uint32Array(trainRows);
  for (let i = 0; i < trainRows; i += 1) h2[i] = i;
  return { h1, h2 };
}
