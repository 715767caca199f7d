import {
  InvalidInputError,
  layerNames,
  layerSpecDefaults,
  MODEL_INPUT_NAME,
  type LayerActivation,
  type LayerInitializer,
  type LayerSpec,
  type LayersSpec,
  type LayerWindow,
} from '@bcml/core';
import { layers, type Shape, type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { formatShape } from './check-input-shape.js';
import { deriveSeed } from './derive-seed.js';
import { SeededDropout } from './seeded-dropout.js';
import { logits, seededInitializer, type BuildContext } from './seeded-layers.js';

/** The layer types that read an image batch [batch, height, width, channels]. */
const imageLayers: readonly LayerSpec['type'][] = [
  'conv2d',
  'maxPooling2d',
  'averagePooling2d',
  'globalAveragePooling2d',
  'globalMaxPooling2d',
];

/**
 * A layer list (`{ kind: "layers" }`) on the symbolic input `x`, then the `logits` layer. Every layer is named as
 * `layerNames` says; kernels are seeded from the model seed and the layer's name (default He-uniform after ReLU, else
 * Glorot-uniform, as the zoo's), biases start at zero, dropout is the zoo's `SeededDropout`. Before any weight
 * exists, each layer's input shape is checked against the data's: image layers need [batch, height, width,
 * channels], a `valid` window must fit, an add's inputs share one shape, the last layer outputs [batch, features];
 * a misfit is an `InvalidInputError` at `<field>.layers[i]` (or its option) with both shapes. A `flatten` of a flat
 * input adds no layer (its name then stands for its input), so one list fits tabular data and images.
 */
export function layerList(spec: LayersSpec, context: BuildContext, x: SymbolicTensor, field: string): SymbolicTensor {
  const names = layerNames(spec.layers);
  const at = (i: number): string => `${field}.layers[${i}]`;
  const sourcesOf = (layer: LayerSpec, i: number): readonly string[] =>
    layer.type === 'add' ? layer.inputs : [layer.input ?? (i === 0 ? MODEL_INPUT_NAME : (names[i - 1] ?? ''))];

  // Pass 1: the layers and their output shapes, from shapes alone (no layer is built, no tensor made).
  const shapes = new Map<string, Shape>([[MODEL_INPUT_NAME, [null, ...context.inputShape]]]);
  const built = spec.layers.map((layer, i) => {
    const name = names[i] ?? '';
    const inputs = sourcesOf(layer, i).map((source) => shapes.get(source) ?? []);
    checkInput(layer, inputs, at(i));
    if (layer.type === 'flatten' && inputs[0]?.length === 2) {
      // Already flat (tabular data): no layer, as the zoo's MLP, so one list fits tabular data and images.
      shapes.set(name, inputs[0]);
      return undefined;
    }
    const tfjsLayer = layerOf(layer, name, context);
    let output: Shape;
    try {
      output = tfjsLayer.computeOutputShape(layer.type === 'add' ? inputs : (inputs[0] ?? [])) as Shape;
    } catch (error) {
      throw new InvalidInputError(
        at(i),
        `a "${layer.type}" layer that fits its input ${inputs.map(formatShape).join(', ')}`,
        name,
        { cause: error },
      );
    }
    if (output.slice(1).some((d) => d === null || d < 1)) {
      throw new InvalidInputError(at(i), `a layer whose output has no empty dimension`, formatShape(output));
    }
    shapes.set(name, output);
    return tfjsLayer;
  });
  const last = shapes.get(names.at(-1) ?? '') ?? [];
  if (last.length !== 2) {
    throw new InvalidInputError(
      `${field}.layers`,
      'a last layer whose output is [batch, features], for the logits layer bcml appends ' +
        '(end images with "flatten" or a global pooling layer)',
      formatShape(last),
    );
  }

  // Pass 2: the graph. tfjs checks again as it builds each layer; should it refuse what pass 1 let through, the
  // weights made so far are freed and the layer named.
  const tensors = new Map<string, SymbolicTensor>([[MODEL_INPUT_NAME, x]]);
  spec.layers.forEach((layer, i) => {
    const inputs = sourcesOf(layer, i).map((source) => tensors.get(source) ?? x);
    const tfjsLayer = built[i];
    try {
      const output = tfjsLayer?.apply(layer.type === 'add' ? inputs : (inputs[0] ?? x)) as SymbolicTensor | undefined;
      tensors.set(names[i] ?? '', output ?? inputs[0] ?? x);
    } catch (error) {
      for (const made of built) made?.weights.forEach((weight) => weight.dispose());
      throw new InvalidInputError(
        at(i),
        `a "${layer.type}" layer that fits its input ${inputs.map((t) => formatShape(t.shape)).join(', ')}`,
        names[i],
        { cause: error },
      );
    }
  });
  return logits(context, tensors.get(names.at(-1) ?? '') ?? x);
}

/** Checks what `layer` reads (shapes with the batch dimension) before tfjs sees it. */
function checkInput(layer: LayerSpec, inputs: readonly Shape[], field: string): void {
  const [shape = []] = inputs;
  if (imageLayers.includes(layer.type) && shape.length !== 4) {
    throw new InvalidInputError(
      field,
      `an image input [batch, height, width, channels] for a "${layer.type}" layer (the data's feature shape ` +
        'is [height, width, channels], e.g. [28, 28, 1])',
      formatShape(shape),
    );
  }
  if (layer.type === 'add') {
    const distinct = new Set(inputs.map(formatShape));
    if (distinct.size > 1) {
      throw new InvalidInputError(
        `${field}.inputs`,
        'layers whose outputs have one shape',
        layer.inputs.map((name, k) => `${name} ${formatShape(inputs[k] ?? [])}`).join(', '),
      );
    }
  }
  const window =
    layer.type === 'conv2d'
      ? { key: 'kernelSize', size: layer.kernelSize, padding: layer.padding }
      : layer.type === 'maxPooling2d' || layer.type === 'averagePooling2d'
        ? { key: 'poolSize', size: layer.poolSize ?? layerSpecDefaults.pooling2d.poolSize, padding: layer.padding }
        : undefined;
  if (window !== undefined && (window.padding ?? 'valid') === 'valid') {
    const [height, width] = pair(window.size);
    const [, inputHeight = 0, inputWidth = 0] = shape;
    if (height > (inputHeight ?? 0) || width > (inputWidth ?? 0)) {
      throw new InvalidInputError(
        `${field}.${window.key}`,
        `a window that fits the input ${formatShape(shape)} (or padding "same")`,
        formatShape([height, width]),
      );
    }
  }
}

/** The tfjs layer of one entry, named `name` (unbuilt: no weights yet). */
function layerOf(layer: LayerSpec, name: string, context: BuildContext): layers.Layer {
  const kernel = (activation: LayerActivation, init: LayerInitializer | undefined) =>
    seededInitializer(context, name, init ?? (activation === 'relu' ? 'heUniform' : 'glorotUniform'));
  switch (layer.type) {
    case 'dense': {
      const activation = layer.activation ?? layerSpecDefaults.dense.activation;
      return layers.dense({
        name,
        units: layer.units,
        activation,
        useBias: layer.useBias ?? layerSpecDefaults.dense.useBias,
        kernelInitializer: kernel(activation, layer.kernelInitializer),
        biasInitializer: 'zeros',
      });
    }
    case 'conv2d': {
      const activation = layer.activation ?? layerSpecDefaults.conv2d.activation;
      return layers.conv2d({
        name,
        filters: layer.filters,
        kernelSize: pair(layer.kernelSize),
        strides: pair(layer.strides ?? layerSpecDefaults.conv2d.strides),
        padding: layer.padding ?? layerSpecDefaults.conv2d.padding,
        activation,
        useBias: layer.useBias ?? layerSpecDefaults.conv2d.useBias,
        kernelInitializer: kernel(activation, layer.kernelInitializer),
        biasInitializer: 'zeros',
      });
    }
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const poolSize = pair(layer.poolSize ?? layerSpecDefaults.pooling2d.poolSize);
      const args = {
        name,
        poolSize,
        strides: pair(layer.strides ?? poolSize),
        padding: layer.padding ?? layerSpecDefaults.pooling2d.padding,
      };
      return layer.type === 'maxPooling2d' ? layers.maxPooling2d(args) : layers.averagePooling2d(args);
    }
    case 'dropout':
      return new SeededDropout({ name, rate: layer.rate, seed: deriveSeed(context.seed, `${name}/mask`) });
    case 'batchNormalization':
      return layers.batchNormalization({
        name,
        axis: -1,
        momentum: layer.momentum ?? layerSpecDefaults.batchNormalization.momentum,
        epsilon: layer.epsilon ?? layerSpecDefaults.batchNormalization.epsilon,
      });
    case 'flatten':
      return layers.flatten({ name });
    case 'activation':
      return layers.activation({ name, activation: layer.activation });
    case 'globalAveragePooling2d':
      return layers.globalAveragePooling2d({ name });
    case 'globalMaxPooling2d':
      return layers.globalMaxPooling2d({ name });
    case 'add':
      return layers.add({ name });
  }
}

/** A window as [height, width]. */
function pair(window: LayerWindow): [number, number] {
  return typeof window === 'number' ? [window, window] : [window[0], window[1]];
}
