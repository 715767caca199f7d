/**
 * The predicted class of each row of logits: argmax over C logits (the first maximum on ties), or for a binary head
 * (width 1) class 1 when σ(z) ≥ 0.5, i.e. z ≥ 0.
 */
export function predictedClasses(logits: Float32Array, width: number): Int32Array {
  const n = width === 0 ? 0 : logits.length / width;
  const out = new Int32Array(n);
  if (width === 1) {
    for (let i = 0; i < n; i += 1) out[i] = sigmoid(logits[i]!) >= 0.5 ? 1 : 0;
    return out;
  }
  for (let i = 0; i < n; i += 1) {
    const base = i * width;
    let best = 0;
    let max = logits[base]!;
    for (let k = 1; k < width; k += 1) {
      const v = logits[base + k]!;
      if (v > max) {
        max = v;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}

/**
 * Class probabilities of each row of logits, row-major: softmax over C logits, or [1 − σ(z), σ(z)] for a binary
 * head. Computed in float64 (max-shifted), stored as float32.
 */
export function classProbabilities(logits: Float32Array, width: number): { values: Float32Array; numClasses: number } {
  const n = width === 0 ? 0 : logits.length / width;
  if (width === 1) {
    const values = new Float32Array(2 * n);
    for (let i = 0; i < n; i += 1) {
      const p = sigmoid(logits[i]!);
      values[2 * i] = 1 - p;
      values[2 * i + 1] = p;
    }
    return { values, numClasses: 2 };
  }
  const values = new Float32Array(n * width);
  for (let i = 0; i < n; i += 1) {
    const base = i * width;
    let max = -Infinity;
    for (let k = 0; k < width; k += 1) max = Math.max(max, logits[base + k]!);
    let sum = 0;
    for (let k = 0; k < width; k += 1) sum += Math.exp(logits[base + k]! - max);
    for (let k = 0; k < width; k += 1) values[base + k] = Math.exp(logits[base + k]! - max) / sum;
  }
  return { values, numClasses: width };
}

/** σ(z) = 1 / (1 + e^−z), in float64. */
function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
