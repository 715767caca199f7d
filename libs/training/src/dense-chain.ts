import { Variable, type Rank } from '@tensorflow/tfjs-core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

/** Activations the fused dense step differentiates by hand (from the layer's output). */
export type DenseActivation = 'linear' | 'relu' | 'tanh' | 'sigmoid';

const ACTIVATIONS: readonly string[] = ['linear', 'relu', 'tanh', 'sigmoid'] satisfies readonly DenseActivation[];

/** One dense layer of a chain: `y = activation(x · kernel + bias)`. */
export interface DenseLink {
  readonly kernel: Variable<Rank.R2>;
  readonly bias: Variable<Rank.R1> | null;
  readonly activation: DenseActivation;
}

/**
 * A model that is one chain of dense layers, as the zoo's logistic regression and MLP (without dropout) are:
 * an input, an optional flatten, then dense layers with a supported activation. Its input flattens to `inputs`.
 */
export interface DenseChain {
  readonly links: readonly DenseLink[];
  readonly inputs: number;
}

interface LayerLike {
  readonly name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  readonly trainableWeights: readonly { read(): unknown; readonly originalName: string }[];
  readonly inboundNodes: readonly { readonly inboundLayers: readonly { readonly name: string }[] }[];
}

/**
 * The model as a dense chain, or `undefined` when it is anything else (another layer type, an unsupported
 * activation, dropout, more than one input or output, layers that do not feed each other in order, a flatten after
 * a dense layer, or a dense layer on more than one feature axis, as a layer list may have: each kernel must take the
 * flattened input's width or the previous layer's units): the fused dense step (`trainDenseBatch`) then does not
 * apply and training goes through the layers API.
 */
export function denseChain(model: LayersModel): DenseChain | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined;
  const links: DenseLink[] = [];
  let previous: string | undefined;
  for (const layer of model.layers as unknown as readonly LayerLike[]) {
    const kind = layer.getClassName();
    if (kind !== 'InputLayer') {
      const fed = layer.inboundNodes.map((node) => node.inboundLayers.map((l) => l.name));
      if (fed.length !== 1 || fed[0]?.length !== 1 || fed[0][0] !== previous) return undefined;
    }
    previous = layer.name;
    if (kind === 'InputLayer' || (kind === 'Flatten' && links.length === 0)) continue;
    if (kind !== 'Dense') return undefined;
    const config = layer.getConfig();
    const activation = config['activation'];
    if (typeof activation !== 'string' || !ACTIVATIONS.includes(activation)) return undefined;
    const [kernel, bias, ...rest] = layer.trainableWeights.map((w) => w.read());
    if (rest.length > 0 || !isVariable(kernel) || (bias !== undefined && !isVariable(bias))) return undefined;
    if (kernel.rank !== 2 || (bias !== undefined && bias.rank !== 1)) return undefined;
    const width = links.at(-1)?.kernel.shape[1] ?? flatWidth(model);
    if (kernel.shape[0] !== width) return undefined;
    links.push({
      kernel: kernel as Variable<Rank.R2>,
      bias: (bias as Variable<Rank.R1> | undefined) ?? null,
      activation: activation as DenseActivation,
    });
  }
  const first = links[0];
  if (first === undefined || previous !== model.outputs[0]?.sourceLayer.name) return undefined;
  return { links, inputs: first.kernel.shape[0] };
}

/** The width of the model's input flattened: the product of its feature dimensions. */
function flatWidth(model: LayersModel): number {
  return (model.inputs[0]?.shape ?? []).slice(1).reduce<number>((a, d) => a * (d ?? Number.NaN), 1);
}

function isVariable(value: unknown): value is Variable {
  return value instanceof Variable;
}
