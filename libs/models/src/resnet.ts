import { modelSpecDefaults, type ResnetSpec } from '@bcml/core';
import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { kernelInitializer, logits, type BuildContext } from './seeded-layers.js';

/**
 * A CIFAR-style ResNet (He et al. 2016 §4.2; `blocks` = 3, `filters` = 16 is ResNet-20): stem conv 3×3 → BN →
 * ReLU; three stages of `blocks` basic blocks (conv 3×3 → BN → ReLU → conv 3×3 → BN, + shortcut, ReLU) with
 * `filters`, 2·`filters`, 4·`filters` channels, the first block of stages 2 and 3 striding 2 with a 1×1 conv + BN
 * projection shortcut; global average pooling → logits. Convolutions have no bias (BN follows); BN momentum
 * 0.9, ε 1e-5 (PyTorch's defaults).
 */
export function resnet(spec: ResnetSpec, context: BuildContext, x: SymbolicTensor): SymbolicTensor {
  const blocks = spec.blocks ?? modelSpecDefaults.resnet.blocks;
  const filters = spec.filters ?? modelSpecDefaults.resnet.filters;
  const apply = (layer: layers.Layer, input: SymbolicTensor | SymbolicTensor[]) => layer.apply(input) as SymbolicTensor;
  const conv = (name: string, channels: number, kernelSize: number, strides: number) =>
    layers.conv2d({
      name,
      filters: channels,
      kernelSize,
      strides,
      padding: 'same',
      useBias: false,
      kernelInitializer: kernelInitializer(context, name, 'he-normal'),
    });
  const bn = (name: string) => layers.batchNormalization({ name, axis: -1, momentum: 0.9, epsilon: 1e-5 });
  const relu = (name: string) => layers.activation({ name, activation: 'relu' });

  let h = apply(relu('stem_relu'), apply(bn('stem_bn'), apply(conv('stem_conv', filters, 3, 1), x)));
  let channels = filters;
  for (let stage = 1; stage <= 3; stage++) {
    const width = filters * 2 ** (stage - 1);
    for (let block = 1; block <= blocks; block++) {
      const p = `stage${stage}_block${block}`;
      const strides = stage > 1 && block === 1 ? 2 : 1;
      let y = apply(relu(`${p}_relu1`), apply(bn(`${p}_bn1`), apply(conv(`${p}_conv1`, width, 3, strides), h)));
      y = apply(bn(`${p}_bn2`), apply(conv(`${p}_conv2`, width, 3, 1), y));
      const shortcut =
        strides === 1 && channels === width
          ? h
          : apply(bn(`${p}_shortcut_bn`), apply(conv(`${p}_shortcut_conv`, width, 1, strides), h));
      h = apply(relu(`${p}_relu2`), apply(layers.add({ name: `${p}_add` }), [y, shortcut]));
      channels = width;
    }
  }
  h = apply(layers.globalAveragePooling2d({ name: 'pool' }), h);
  return logits(context, h);
}
