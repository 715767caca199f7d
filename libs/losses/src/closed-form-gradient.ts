import { type LossName } from './loss-registry.js';

/** One batch's logits and labels as plain arrays (row-major `[size, width]` logits; width 1 for a binary head). */
export interface LogitBatch {
  readonly size: number;
  readonly width: number;
  /** h2's logits. */
  readonly z2: Float32Array;
  /** h1's logits (same shape); `undefined` for plain training (λ = 0). */
  readonly z1: Float32Array | undefined;
  /** Class per instance (0 or 1 for a binary head). */
  readonly labels: Int32Array;
}

/** The loss of a batch and its gradient with respect to h2's logits. */
export interface LogitGradient {
  /** `base + λ·dissonance`. */
  readonly loss: number;
  readonly base: number;
  readonly dissonance: number;
  /** ∂loss/∂z2, the shape of `z2`. */
  readonly gradient: Float32Array;
}

/** Computes a loss and its logit gradient on plain arrays (see `closedFormGradient`). */
export type ClosedFormGradient = (
  batch: LogitBatch,
  lambda: number,
  options?: { readonly pivot?: number },
) => LogitGradient;

type Dissonance = 'label' | 'soft';

const MULTI_CLASS: Partial<Record<LossName, Dissonance>> = {
  'new-error/nll': 'label',
  'new-error/cross-entropy': 'label',
  'new-error/kl-divergence': 'label',
  'strict-imitation/nll': 'soft',
  'strict-imitation/cross-entropy': 'soft',
  'strict-imitation/kl-divergence': 'soft',
};

const BINARY: Partial<Record<LossName, Dissonance>> = {
  'new-error/binary-cross-entropy': 'label',
  'strict-imitation/binary-cross-entropy': 'soft',
};

/**
 * The loss and its gradient with respect to h2's logits in closed form, for the new-error and strict-imitation losses
 * (`undefined` for the others, such as focal distillation, which then go through tfjs' tape). With S the instances h1
 * gets right (argmax z1 = y; binary: 1(σ(z1) ≥ pivot) = y), w_i = 1(i ∈ S), p = softmax(z2), q = softmax(z1):
 * `L = (1/B) Σ_i CE_i + λ (1/B) Σ_i w_i d_i` with CE_i = −log p_i[y_i] and, for new error, d_i = CE_i (the NLL,
 * cross-entropy and KL names are the same function on logits), for strict imitation d_i = −Σ_k q_ik log p_ik (NLL,
 * cross-entropy) or KL(q_i ‖ p_i) (the same gradient, a constant apart). So ∂L/∂z2_i = (1/B)[(p_i − e_{y_i}) +
 * λ w_i (p_i − t_i)] with t_i = e_{y_i} (new error) or q_i (strict imitation); binary heads the same with σ in place
 * of softmax. Computed in float64 (log-sum-exp stabilised), rounded to float32 once: the same values as the tfjs
 * losses up to float32 rounding (their kernels compute in float32).
 */
export function closedFormGradient(name: LossName): ClosedFormGradient | undefined {
  const multi = MULTI_CLASS[name];
  if (multi !== undefined) return (batch, lambda) => multiClass(batch, lambda, multi, name.endsWith('kl-divergence'));
  const binary = BINARY[name];
  if (binary !== undefined) return (batch, lambda, options) => binaryHead(batch, lambda, binary, options?.pivot ?? 0.5);
  return undefined;
}

function multiClass(batch: LogitBatch, lambda: number, dissonance: Dissonance, kl: boolean): LogitGradient {
  const { size, width: c, z1, z2, labels } = batch;
  const gradient = new Float32Array(size * c);
  const p = new Float64Array(c);
  const q = new Float64Array(c);
  const logP = new Float64Array(c);
  const logQ = new Float64Array(c);
  let baseSum = 0;
  let dissonanceSum = 0;
  for (let i = 0; i < size; i += 1) {
    const row = i * c;
    const y = labels[i]!;
    logSoftmax(z2, row, c, logP, p);
    const ce = -logP[y]!;
    baseSum += ce;
    let weight = 0;
    if (z1 !== undefined) {
      let best = 0;
      for (let k = 1; k < c; k += 1) if (z1[row + k]! > z1[row + best]!) best = k;
      weight = best === y ? 1 : 0;
      if (weight === 1) {
        if (dissonance === 'label') {
          dissonanceSum += ce;
        } else {
          logSoftmax(z1, row, c, logQ, q);
          let d = 0;
          for (let k = 0; k < c; k += 1) d += kl ? q[k]! * (logQ[k]! - logP[k]!) : -q[k]! * logP[k]!;
          dissonanceSum += d;
        }
      }
    }
    for (let k = 0; k < c; k += 1) {
      const target = k === y ? 1 : 0;
      const imitation = weight === 0 ? 0 : dissonance === 'label' ? p[k]! - target : p[k]! - q[k]!;
      gradient[row + k] = (p[k]! - target + lambda * imitation) / size;
    }
  }
  return finish(baseSum, dissonanceSum, size, lambda, gradient);
}

function binaryHead(batch: LogitBatch, lambda: number, dissonance: Dissonance, pivot: number): LogitGradient {
  const { size, z1, z2, labels } = batch;
  const gradient = new Float32Array(size);
  let baseSum = 0;
  let dissonanceSum = 0;
  for (let i = 0; i < size; i += 1) {
    const z = z2[i]!;
    const y = labels[i]!;
    const s = sigmoid(z);
    // −[y log σ(z) + (1 − y) log(1 − σ(z))] = y·softplus(−z) + (1 − y)·softplus(z)
    baseSum += y * softplus(-z) + (1 - y) * softplus(z);
    let imitation = 0;
    if (z1 !== undefined) {
      const s1 = sigmoid(z1[i]!);
      if ((s1 >= pivot ? 1 : 0) === y) {
        const t = dissonance === 'label' ? y : s1;
        dissonanceSum += t * softplus(-z) + (1 - t) * softplus(z);
        imitation = s - t;
      }
    }
    gradient[i] = (s - y + lambda * imitation) / size;
  }
  return finish(baseSum, dissonanceSum, size, lambda, gradient);
}

function finish(baseSum: number, dissonanceSum: number, size: number, lambda: number, gradient: Float32Array) {
  const base = baseSum / size;
  const dissonance = dissonanceSum / size;
  return { loss: lambda === 0 ? base : base + lambda * dissonance, base, dissonance, gradient };
}

/** log softmax and softmax of `z[row … row + c)` into `log` and `probabilities`. */
function logSoftmax(z: Float32Array, row: number, c: number, log: Float64Array, probabilities: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < c; k += 1) max = Math.max(max, z[row + k]!);
  let total = 0;
  for (let k = 0; k < c; k += 1) total += Math.exp(z[row + k]! - max);
  const logTotal = Math.log(total);
  for (let k = 0; k < c; k += 1) {
    log[k] = z[row + k]! - max - logTotal;
    probabilities[k] = Math.exp(log[k]!);
  }
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + eˣ), stable for large |x|. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
