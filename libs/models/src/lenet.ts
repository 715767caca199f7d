import { modelSpecDefaults, type LenetSpec } from '@bcml/core';
import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { dense, dropoutOf, kernelInitializer, logits, type BuildContext } from './seeded-layers.js';

/**
 * The reference's MNIST `Net`, layer for layer (channels last): conv1 5×5×10 (valid) → pool1 2×2 → relu1 →
 * conv2 5×5×20 → dropout_conv2 (spatial, whole feature maps: PyTorch's `Dropout2d`) → pool2 → relu2 → flatten
 * (4·4·20 = 320 on 28×28) → fc1 dense 50 ReLU → dropout_fc1 → logits. Both dropout rates are `spec.dropout`
 * (default 0.5 as in the reference).
 */
export function lenet(spec: LenetSpec, context: BuildContext, x: SymbolicTensor): SymbolicTensor {
  const rate = spec.dropout ?? modelSpecDefaults.lenet.dropout;
  const apply = (layer: layers.Layer, input: SymbolicTensor) => layer.apply(input) as SymbolicTensor;
  const conv = (name: string, filters: number) =>
    layers.conv2d({
      name,
      filters,
      kernelSize: 5,
      padding: 'valid',
      kernelInitializer: kernelInitializer(context, name, 'he-uniform'),
      biasInitializer: 'zeros',
    });
  const pool = (name: string) => layers.maxPooling2d({ name, poolSize: 2, strides: 2 });
  const relu = (name: string) => layers.activation({ name, activation: 'relu' });

  let h = apply(relu('relu1'), apply(pool('pool1'), apply(conv('conv1', 10), x)));
  h = dropoutOf(context, 'dropout_conv2', rate, apply(conv('conv2', 20), h), true);
  h = apply(relu('relu2'), apply(pool('pool2'), h));
  h = apply(layers.flatten({ name: 'flatten' }), h);
  h = dropoutOf(context, 'dropout_fc1', rate, apply(dense(context, 'fc1', 50, 'relu'), h));
  return logits(context, h);
}
