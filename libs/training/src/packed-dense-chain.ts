import {
  dispose,
  matMul,
  reshape,
  sum,
  tensor,
  tensor2d,
  tidy,
  transpose,
  variable,
  type Tensor,
  type Tensor2D,
  type Tensor3D,
  type Variable,
} from '@tensorflow/tfjs-core';

import { type DenseActivation, type DenseChain } from './dense-chain.js';
import { denseForward, throughActivation } from './train-dense-batch.js';

/**
 * How one model's values of a variable sit in the packed variable: `columns` (the first layer's kernel `[in, K·out]`:
 * model k owns columns `k·out … (k+1)·out − 1` of every row) or `blocks` (every other variable: model k owns the
 * k-th contiguous block of `length` values).
 */
type Layout =
  | { readonly kind: 'columns'; readonly rows: number; readonly columns: number }
  | { readonly kind: 'blocks'; readonly length: number };

/** One layer of the packed chain. */
interface PackedLink {
  readonly kernel: Variable;
  readonly bias: Variable | null;
  readonly activation: DenseActivation;
}

/**
 * K dense chains of one architecture (`denseChain`) as one stacked model: the first layer is one wide dense layer
 * (`[in, K·units]`: one matmul for all K models on the shared batch), every later layer a batched matmul
 * (`[K, in, out]`, bias `[K, 1, out]`). Model k's forward and backward pass are exactly a dense chain's, on its own
 * block of every variable; only the kernels' summation order may differ from training the models one by one.
 */
export interface PackedDenseChain {
  /** K, the models packed. */
  readonly size: number;
  /** Features per example. */
  readonly inputs: number;
  /** Logits per example and model. */
  readonly width: number;
  /** The packed variables, in the order of the template chain's `variables` (the optimizer's order). */
  readonly variables: readonly Variable[];
  readonly links: readonly PackedLink[];
  /** Per packed variable, where model k's values sit. */
  readonly layouts: readonly Layout[];
  /** Per packed variable, the shape of one model's values (the template variable's). */
  readonly modelShapes: readonly (readonly number[])[];
}

/**
 * Packs K models of the template's architecture: `values[k][j]` are model k's values of `variables[j]` (the
 * template's trainable variables, each a kernel or bias of a link of `chain`). The caller disposes the result's
 * variables (`disposePacked`).
 */
export function packDenseChains(
  chain: DenseChain,
  variables: readonly Variable[],
  values: readonly (readonly Float32Array[])[],
): PackedDenseChain {
  const size = values.length;
  const roles = variables.map((v) => {
    const link = chain.links.findIndex((l) => l.kernel === v || l.bias === v);
    if (link < 0) throw new Error(`internal: ${v.name} is not a variable of the dense chain`);
    return { link, kernel: chain.links[link]!.kernel === v };
  });
  const layouts: Layout[] = variables.map((v, j) => {
    const { link, kernel } = roles[j]!;
    return link === 0 && kernel
      ? { kind: 'columns', rows: v.shape[0], columns: v.shape[1] as number }
      : { kind: 'blocks', length: v.size };
  });
  const packed = variables.map((v, j) => {
    const { link, kernel } = roles[j]!;
    const [a = 1, b = 1] = v.shape;
    const shape = link === 0 ? (kernel ? [a, size * b] : [size * a]) : kernel ? [size, a, b] : [size, 1, a];
    const data = packValues(
      values.map((model) => model[j]!),
      layouts[j]!,
    );
    return tidy(() => variable(tensor(data, shape, 'float32'), true));
  });
  const links = chain.links.map((link): PackedLink => {
    const kernel = packed[variables.indexOf(link.kernel)]!;
    const bias = link.bias === null ? null : packed[variables.indexOf(link.bias)]!;
    return { kernel, bias, activation: link.activation };
  });
  const last = chain.links.at(-1)!;
  return {
    size,
    inputs: chain.inputs,
    width: last.kernel.shape[1],
    variables: packed,
    links,
    layouts,
    modelShapes: variables.map((v) => [...v.shape]),
  };
}

/** The packed model's values of every variable, one list per model (model k, variable j), read back. */
export function unpackValues(packed: PackedDenseChain): Float32Array[][] {
  const data = packed.variables.map((v) => v.dataSync<'float32'>());
  return Array.from({ length: packed.size }, (_, k) =>
    data.map((d, j) => modelValues(d, packed.layouts[j]!, k, packed.size)),
  );
}

/** Packs values laid out like `packed.variables[j]` for each model (optimizer slots): `values[k]` is model k's. */
export function packSlot(packed: PackedDenseChain, j: number, values: readonly Float32Array[]): Float32Array {
  return packValues(values, packed.layouts[j]!);
}

/** Model k's values out of packed values laid out like `packed.variables[j]`. */
export function unpackSlot(packed: PackedDenseChain, j: number, data: Float32Array, k: number): Float32Array {
  return modelValues(data, packed.layouts[j]!, k, packed.size);
}

/** Disposes the packed variables. */
export function disposePacked(packed: PackedDenseChain): void {
  dispose([...packed.variables]);
}

/**
 * The packed logits of a batch `x` (`[B, inputs]`): `[B, K·width]` for a one-layer chain, `[K, B, width]` otherwise
 * (see `modelLogits`), with every layer's output for `packedGradients`.
 */
export function packedForward(packed: PackedDenseChain, x: Tensor2D): { outputs: Tensor[]; logits: Tensor } {
  const [first, ...rest] = packed.links;
  const batch = x.shape[0];
  let output: Tensor = denseForward(x, first!);
  const outputs: Tensor[] = [x];
  if (rest.length > 0) {
    // [B, K·units] → [K, B, units]: each model's hidden layer as one slice of a batched matmul.
    output = transpose(reshape(output, [batch, packed.size, -1]), [1, 0, 2]);
  }
  for (const link of rest) {
    outputs.push(output);
    output = denseForward(output as Tensor3D, link);
  }
  return { outputs, logits: output };
}

/** Model k's logits (`[B, width]` row-major) out of `packedForward`'s logits read back. */
export function modelLogits(packed: PackedDenseChain, logits: Float32Array, batch: number, k: number): Float32Array {
  const { size, width } = packed;
  if (packed.links.length > 1) return logits.subarray(k * batch * width, (k + 1) * batch * width);
  return columnsOf(logits, batch, size * width, k * width, width);
}

/** Packed ∂L/∂logits (as `packedForward`'s logits) from each model's `[B, width]` gradient. */
export function packedLogitGradient(
  packed: PackedDenseChain,
  gradients: readonly Float32Array[],
  batch: number,
): Tensor {
  const { size, width } = packed;
  if (packed.links.length > 1) {
    const all = new Float32Array(size * batch * width);
    gradients.forEach((g, k) => all.set(g, k * batch * width));
    return tensor(all, [size, batch, width], 'float32');
  }
  return tensor2d(packValues(gradients, { kind: 'columns', rows: batch, columns: width }), [batch, size * width]);
}

/**
 * The gradients of the packed variables (in `packed.variables`' order) from the packed ∂L/∂logits: the dense chain's
 * backward pass (`trainDenseBatch`), with the last layers' batched and the first layer's wide.
 */
export function packedGradients(packed: PackedDenseChain, outputs: readonly Tensor[], logitGradient: Tensor): Tensor[] {
  const byVariable = new Map<Variable, Tensor>();
  const x = outputs[0] as Tensor2D;
  let g = logitGradient;
  for (let i = packed.links.length - 1; i >= 0; i -= 1) {
    const link = packed.links[i]!;
    if (i === 0) {
      // Back to [B, K·units] for the wide first layer.
      const wide = (packed.links.length > 1 ? reshape(transpose(g, [1, 0, 2]), [x.shape[0], -1]) : g) as Tensor2D;
      byVariable.set(link.kernel, matMul(x, wide, true, false));
      if (link.bias !== null) byVariable.set(link.bias, sum(wide, 0));
    } else {
      const input = outputs[i] as Tensor3D;
      byVariable.set(link.kernel, matMul(input, g as Tensor3D, true, false));
      if (link.bias !== null) byVariable.set(link.bias, sum(g, 1, true));
      g = throughActivation(
        matMul(g as Tensor3D, link.kernel as Tensor3D, false, true),
        input,
        packed.links[i - 1]!.activation,
      );
    }
  }
  return packed.variables.map((v) => byVariable.get(v)!);
}

function packValues(values: readonly Float32Array[], layout: Layout): Float32Array {
  const size = values.length;
  if (layout.kind === 'blocks') {
    const out = new Float32Array(size * layout.length);
    values.forEach((v, k) => out.set(v, k * layout.length));
    return out;
  }
  const { rows, columns } = layout;
  const out = new Float32Array(rows * size * columns);
  values.forEach((v, k) => {
    for (let r = 0; r < rows; r += 1) out.set(v.subarray(r * columns, (r + 1) * columns), (r * size + k) * columns);
  });
  return out;
}

function modelValues(data: Float32Array, layout: Layout, k: number, size: number): Float32Array {
  if (layout.kind === 'blocks') return data.slice(k * layout.length, (k + 1) * layout.length);
  return columnsOf(data, layout.rows, size * layout.columns, k * layout.columns, layout.columns);
}

/** Columns `from … from + count − 1` of a row-major `[rows, stride]` matrix, as a new `[rows, count]` array. */
function columnsOf(data: Float32Array, rows: number, stride: number, from: number, count: number): Float32Array {
  const out = new Float32Array(rows * count);
  for (let r = 0; r < rows; r += 1) out.set(data.subarray(r * stride + from, r * stride + from + count), r * count);
  return out;
}
