// tfjs-node is CommonJS: its namespace is the module's default export when imported from ESM.
import tfNode from '@tensorflow/tfjs-node';

/** The tfjs-node namespace (native TensorFlow backend registered as `tensorflow`). */
export const tf = tfNode;
export type Tf = typeof tfNode;
export type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-node';
