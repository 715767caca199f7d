import { type Batch } from '@bcml/data';
import { type ClosedFormGradient, type CompatibilityLossTerms, type LogitGradient } from '@bcml/losses';
import {
  cast,
  dispose,
  greater,
  fused,
  keep,
  matMul,
  mul,
  sigmoid,
  square,
  sub,
  sum,
  tanh,
  tensor2d,
  tidy,
  valueAndGrad,
  type Scalar,
  type Tensor,
  type Tensor1D,
  type Tensor2D,
  type Tensor3D,
  type Variable,
} from '@tensorflow/tfjs-core';

import { type DenseActivation, type DenseChain, type DenseLink } from './dense-chain.js';
import {
  batchH1Logits,
  closedFormSums,
  compatibilityObjective,
  lossInputs,
  tapeSums,
  type TrainStep,
} from './train-batch.js';

/**
 * `trainBatch` for a dense chain (`denseChain`), without the layers API and without a tape over the model, in about a
 * fifth of the kernels: the forward pass is one fused matmul + bias + activation kernel per layer; ∂L/∂logits comes
 * from the loss's `closedForm` (`@bcml/losses`' `closedFormGradient`: the logits are read back, the loss and its
 * gradient computed on plain arrays, the gradient sent back as one tensor) or, without one, from tfjs' tape over the
 * loss alone; the backward pass through the layers is written out: per layer, last first, `∂W = aᵀ·g`,
 * `∂b = Σ_rows g`, `g ← (g·Wᵀ) ⊙ act'(a)`, with `act'` taken from the layer's output as tfjs' own gradients take it
 * (relu: 1(y > 0), as step(y); tanh: 1 − y²; sigmoid: y(1 − y)) — the kernels and order of tfjs' fused-matmul
 * gradient. With the tape the weights are bitwise `trainBatch`'s; with the closed form they differ by float32 rounding of ∂L/∂logits
 * (computed in float64 there, in float32 kernels by the tape). Returns `[B·loss, B·base, B·dissonance]`.
 */
export function trainDenseBatch(
  step: TrainStep,
  chain: DenseChain,
  batch: Batch,
  closedForm?: ClosedFormGradient,
): Tensor1D {
  const { variables, optimizer, lossOptions, width } = step;
  const size = batch.ids.length;
  const held: { terms?: CompatibilityLossTerms; value?: Scalar; closed?: LogitGradient } = {};
  const grads = tidy(() => {
    const x = tensor2d(batch.x, [size, chain.inputs], 'float32');
    // Forward: the input and every layer's output.
    const outputs: Tensor2D[] = [x];
    for (const link of chain.links) outputs.push(denseForward(outputs.at(-1)!, link));
    const logits = outputs.pop()!;
    const g = closedForm === undefined ? tapeGradient(logits) : closedFormGradientOf(logits, closedForm);
    // Backward through the layers, last first.
    return backward(chain, outputs, g, variables);
  });

  /** ∂L/∂logits from the loss's closed form, on the logits read back (a few thousand floats). */
  function closedFormGradientOf(logits: Tensor2D, gradientOf: ClosedFormGradient): Tensor2D {
    const z1 = batchH1Logits(step, batch);
    const z2 = logits.dataSync<'float32'>();
    held.closed = gradientOf({ size, width, z1, z2, labels: batch.y }, lossOptions.lambda, lossOptions);
    return tensor2d(held.closed.gradient, [size, width], 'float32');
  }

  /** ∂L/∂logits through tfjs' tape over the loss alone (losses without a closed form). */
  function tapeGradient(logits: Tensor2D): Tensor2D {
    const { labels, h1Logits } = lossInputs(step, batch, batchH1Logits(step, batch));
    const { value, grad } = valueAndGrad(compatibilityObjective(step, labels, h1Logits, held))(logits);
    held.value = keep(value);
    return grad as Tensor2D;
  }

  try {
    optimizer.apply(grads);
    return held.closed === undefined ? tapeSums(held.value!, held.terms, size) : closedFormSums(held.closed, size);
  } finally {
    dispose([held.value, held.terms?.base, held.terms?.dissonance].filter((t): t is Scalar => t !== undefined));
  }
}

/** The gradients of the chain's variables, in `variables`' order, from ∂L/∂logits `g`: last layer first. */
function backward(
  chain: DenseChain,
  outputs: readonly Tensor2D[],
  logitGradient: Tensor2D,
  variables: readonly Variable[],
): Tensor[] {
  const byName = new Map<string, Tensor>();
  let g = logitGradient;
  for (let i = chain.links.length - 1; i >= 0; i -= 1) {
    const link = chain.links[i]!;
    const input = outputs[i]!;
    byName.set(link.kernel.name, matMul(input, g, true, false));
    if (link.bias !== null) byName.set(link.bias.name, sum(g, 0));
    if (i > 0) g = throughActivation(matMul(g, link.kernel, false, true), input, chain.links[i - 1]!.activation);
  }
  return variables.map((v) => {
    const gradient = byName.get(v.name);
    if (gradient === undefined) throw new Error(`internal: no gradient for ${v.name} in the dense chain`);
    return gradient;
  });
}

/**
 * One layer forward: a fused matmul + bias (+ relu) kernel, then tanh or sigmoid (as tfjs' Dense computes them).
 * Rank 3 (`[K, B, in]` by `[K, in, out]`, bias `[K, 1, out]`) runs K layers side by side (`packDenseChains`).
 */
export function denseForward<T extends Tensor2D | Tensor3D>(
  input: T,
  link: Pick<DenseLink, 'activation'> & { readonly kernel: Tensor; readonly bias: Tensor | null },
): T {
  const bias = link.bias === null ? {} : { bias: link.bias };
  const a = input as Tensor3D;
  const b = link.kernel as Tensor3D;
  switch (link.activation) {
    case 'linear':
    case 'relu':
      return fused.matMul({ a, b, ...bias, activation: link.activation }) as T;
    case 'tanh':
      return tanh<Tensor>(fused.matMul({ a, b, ...bias })) as T;
    case 'sigmoid':
      return sigmoid<Tensor>(fused.matMul({ a, b, ...bias })) as T;
  }
}

/** `g ⊙ act'(z)`, with act' from the layer's output y = act(z). */
export function throughActivation<T extends Tensor>(g: T, y: T, activation: DenseActivation): T {
  switch (activation) {
    case 'linear':
      return g;
    case 'relu':
      // 1(y > 0) as step(y) is for finite y, in two kernels (tfjs-node's Step is four: IsNan, Greater, Fill, Select).
      return mul(g, cast(greater(y, 0), 'float32'));
    case 'tanh':
      return mul(g, sub(1, square(y)));
    case 'sigmoid':
      return mul(g, mul(y, sub(1, y)));
  }
}
