import { type LayerInitializer } from '@bcml/core';
import { initializers, layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { deriveSeed } from './derive-seed.js';
import { SeededDropout } from './seeded-dropout.js';

/** What a model-kind builder needs: the model seed, the input shape and the number of logits. */
export interface BuildContext {
  readonly seed: number;
  /** Feature shape of one instance, without the batch dimension. */
  readonly inputShape: readonly number[];
  /** Units of the logits layer. */
  readonly outputWidth: number;
}

/** The kernel initialisations the zoo uses: He for layers followed by ReLU, Glorot otherwise. */
export type KernelInit = 'he-uniform' | 'he-normal' | 'glorot-uniform';

/** The layer-list initializer each zoo initialisation is. */
const initializerOf = {
  'he-uniform': 'heUniform',
  'he-normal': 'heNormal',
  'glorot-uniform': 'glorotUniform',
} as const satisfies { readonly [K in KernelInit]: LayerInitializer };

/** A kernel initializer seeded from the model seed and the layer's name (so a layer's weights depend on nothing else). */
export function kernelInitializer(context: BuildContext, layerName: string, init: KernelInit) {
  return seededInitializer(context, layerName, initializerOf[init]);
}

/** A layer list's kernel initializer, seeded as `kernelInitializer`'s: `deriveSeed(seed, "<layer name>/kernel")`. */
export function seededInitializer(context: BuildContext, layerName: string, init: LayerInitializer) {
  const seed = deriveSeed(context.seed, `${layerName}/kernel`);
  switch (init) {
    case 'glorotUniform':
      return initializers.glorotUniform({ seed });
    case 'glorotNormal':
      return initializers.glorotNormal({ seed });
    case 'heUniform':
      return initializers.heUniform({ seed });
    case 'heNormal':
      return initializers.heNormal({ seed });
    case 'leCunUniform':
      return initializers.leCunUniform({ seed });
    case 'leCunNormal':
      return initializers.leCunNormal({ seed });
  }
}

/** A dense layer: seeded kernel, zero bias. */
export function dense(
  context: BuildContext,
  name: string,
  units: number,
  activation: 'relu' | 'tanh' | 'linear',
): layers.Layer {
  return layers.dense({
    name,
    units,
    activation,
    kernelInitializer: kernelInitializer(context, name, activation === 'relu' ? 'he-uniform' : 'glorot-uniform'),
    biasInitializer: 'zeros',
  });
}

/** The last layer of every model: `outputWidth` logits (no activation), Glorot-uniform kernel, zero bias. */
export function logits(context: BuildContext, x: SymbolicTensor): SymbolicTensor {
  return dense(context, 'logits', context.outputWidth, 'linear').apply(x) as SymbolicTensor;
}

/** A seeded dropout layer applied to `x`, or `x` itself when `rate` is 0. */
export function dropoutOf(
  context: BuildContext,
  name: string,
  rate: number,
  x: SymbolicTensor,
  spatial = false,
): SymbolicTensor {
  if (rate === 0) return x;
  const layer = new SeededDropout({ name, rate, spatial, seed: deriveSeed(context.seed, `${name}/mask`) });
  return layer.apply(x) as SymbolicTensor;
}

/** `x` flattened to [B, features] when it has more than one feature dimension. */
export function flattened(context: BuildContext, x: SymbolicTensor): SymbolicTensor {
  return context.inputShape.length > 1 ? (layers.flatten({ name: 'flatten' }).apply(x) as SymbolicTensor) : x;
}
