import { type LogisticRegressionSpec } from '@bcml/core';
import { type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { flattened, logits, type BuildContext } from './seeded-layers.js';

/**
 * Logistic regression: (flatten →) dense logits. The reference's Adult `LogisticRegression(104 → 1)` with a
 * sigmoid is this with a binary head (its sigmoid lives in the loss here).
 */
export function logisticRegression(
  _spec: LogisticRegressionSpec,
  context: BuildContext,
  x: SymbolicTensor,
): SymbolicTensor {
  return logits(context, flattened(context, x));
}
