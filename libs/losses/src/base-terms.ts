import { sigmoidCrossEntropy } from './binary-terms.js';
import { softmaxCrossEntropy } from './categorical-terms.js';
import type { InstanceTerm } from './loss-task.js';

/** Multi-class base loss per instance: CE_i = −log softmax(z2_i)[y_i] (= NLL of log-softmax = KL(onehot(y_i) ‖ p2_i)). */
export const categoricalBase: InstanceTerm = (batch) => softmaxCrossEntropy(batch.targets, batch.z2);

/** Binary base loss per instance: BCE_i = −[y_i log σ(z2_i) + (1 − y_i) log(1 − σ(z2_i))]. */
export const binaryBase: InstanceTerm = (batch) => sigmoidCrossEntropy(batch.targets, batch.z2);
