import { type LayersModel } from '@tensorflow/tfjs-layers';

import { formatShape } from './check-input-shape.js';

/** One layer of a model summary. */
export interface LayerSummary {
  readonly name: string;
  /** The Keras class name (`Dense`, `Conv2D`, ...). */
  readonly className: string;
  /** Output shape, batch dimension `null`. */
  readonly outputShape: readonly (number | null)[];
  /** All its weights' sizes (trainable and not). */
  readonly params: number;
}

/** A model summary for logs: its layers and parameter counts. */
export interface ModelSummary {
  readonly name: string;
  readonly inputShape: readonly (number | null)[];
  readonly outputShape: readonly (number | null)[];
  readonly layers: readonly LayerSummary[];
  /** Parameters in all weights. */
  readonly params: number;
  /** Parameters the optimizer updates. */
  readonly trainableParams: number;
  /** Other weights (batch-norm moving statistics). */
  readonly nonTrainableParams: number;
  /** A fixed-width table of the above, one layer a line. */
  readonly text: string;
}

/** A summary of `model` (layers, output shapes, parameter counts) for logging; reads no weight values. */
export function describeModel(model: LayersModel): ModelSummary {
  const size = (shape: readonly (number | null)[]) => shape.reduce<number>((a, b) => a * (b ?? 0), 1);
  const layers: LayerSummary[] = model.layers.map((layer) => ({
    name: layer.name,
    className: layer.getClassName(),
    outputShape: firstShape(layer.outputShape),
    params: layer.weights.reduce((n, w) => n + size(w.shape), 0),
  }));
  const trainableParams = model.trainableWeights.reduce((n, w) => n + size(w.shape), 0);
  const nonTrainableParams = model.nonTrainableWeights.reduce((n, w) => n + size(w.shape), 0);
  const params = trainableParams + nonTrainableParams;
  const inputShape = model.inputs[0]?.shape ?? [];
  const outputShape = model.outputs[0]?.shape ?? [];
  const rows = layers.map((l) => [l.name, l.className, formatShape(l.outputShape), String(l.params)]);
  const header = ['layer', 'class', 'output shape', 'params'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const text = [
    `model ${model.name}: input ${formatShape(inputShape)} → output ${formatShape(outputShape)}`,
    line(header),
    ...rows.map(line),
    `params: ${params} (trainable ${trainableParams}, non-trainable ${nonTrainableParams})`,
  ].join('\n');
  return { name: model.name, inputShape, outputShape, layers, params, trainableParams, nonTrainableParams, text };
}

/** A layer's output shape (the first, for a layer with several outputs). */
function firstShape(shape: (number | null)[] | (number | null)[][]): readonly (number | null)[] {
  const first = shape[0];
  return Array.isArray(first) ? first : (shape as (number | null)[]);
}
