import { modelSpecDefaults, type MlpSpec } from '@bcml/core';
import { type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { dense, dropoutOf, flattened, logits, type BuildContext } from './seeded-layers.js';

/**
 * MLP: (flatten →) for each hidden width i: dense `hidden_i` with the activation, dropout `dropout_i` when the
 * rate is > 0; then dense logits. The reference's Keras MNIST model is `{ hidden: [128] }` on [28, 28, 1].
 */
export function mlp(spec: MlpSpec, context: BuildContext, x: SymbolicTensor): SymbolicTensor {
  const activation = spec.activation ?? modelSpecDefaults.mlp.activation;
  const rate = spec.dropout ?? modelSpecDefaults.mlp.dropout;
  let h = flattened(context, x);
  spec.hidden.forEach((units, i) => {
    h = dense(context, `hidden_${i + 1}`, units, activation).apply(h) as SymbolicTensor;
    h = dropoutOf(context, `dropout_${i + 1}`, rate, h);
  });
  return logits(context, h);
}
