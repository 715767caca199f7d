import { InvalidInputError } from '@bcml/core';

import { predictedClasses } from './class-predictions.js';

/**
 * The old model h1's logits, computed once per dataset and looked up by instance id: the training loop gathers a
 * batch's rows from here instead of running h1 (no h1 forward pass per training batch). Immutable.
 */
export class H1Outputs {
  /** Instance ids, one per row, unique. */
  readonly ids: Uint32Array;
  /** `size × width` logits, row-major. */
  readonly logits: Float32Array;
  /** Logits per instance: C, or 1 for a binary head. */
  readonly width: number;
  /** Row of an id: `id − first` when the ids are consecutive, else the map. */
  readonly #first: number;
  readonly #index: Map<number, number> | undefined;

  constructor(ids: Uint32Array, logits: Float32Array, width: number) {
    if (!Number.isInteger(width) || width < 1)
      throw new InvalidInputError('h1Outputs.width', 'a positive integer', width);
    if (logits.length !== ids.length * width) {
      throw new InvalidInputError(
        'h1Outputs.logits',
        `${ids.length * width} values (${ids.length} ids × ${width})`,
        logits.length,
      );
    }
    this.ids = ids;
    this.logits = logits;
    this.width = width;
    const first = ids[0] ?? 0;
    let consecutive = true;
    for (let i = 0; i < ids.length && consecutive; i += 1) consecutive = ids[i] === first + i;
    this.#first = first;
    if (consecutive) {
      this.#index = undefined;
    } else {
      this.#index = new Map();
      for (let i = 0; i < ids.length; i += 1) {
        const id = ids[i]!;
        if (this.#index.has(id)) throw new InvalidInputError(`h1Outputs.ids[${i}]`, 'unique instance ids', id);
        this.#index.set(id, i);
      }
    }
  }

  /** The number of instances. */
  get size(): number {
    return this.ids.length;
  }

  /** The row holding `id`'s logits, or `undefined`. */
  rowOf(id: number): number | undefined {
    if (this.#index !== undefined) return this.#index.get(id);
    const row = id - this.#first;
    return Number.isInteger(row) && row >= 0 && row < this.ids.length ? row : undefined;
  }

  /** Whether the cache holds `id`. */
  has(id: number): boolean {
    return this.rowOf(id) !== undefined;
  }

  /** Copies the logits of `ids`, in order, into `out` (row-major); an id without logits is an `InvalidInputError`. */
  gather(ids: ArrayLike<number>, out: Float32Array): void {
    const { width, logits } = this;
    for (let b = 0; b < ids.length; b += 1) {
      const id = ids[b]!;
      const row = this.rowOf(id);
      if (row === undefined) throw new InvalidInputError('h1Outputs', `h1 logits for instance id ${id}`, 'none');
      // An element loop, not `out.set(logits.subarray(…))`: no view object per row for a few logits.
      for (let k = 0, from = row * width, to = b * width; k < width; k += 1) out[to + k] = logits[from + k]!;
    }
  }

  /** h1's predicted class for each of `ids` (argmax, or σ(z) ≥ 0.5 for a binary head). */
  predictions(ids: ArrayLike<number>): Int32Array {
    const rows = new Float32Array(ids.length * this.width);
    this.gather(ids, rows);
    return predictedClasses(rows, this.width);
  }

  /**
   * The same outputs as `width` logits per instance: itself when it has that width; for a binary task, 2 logits
   * [z0, z1] become the one logit z1 − z0 and one logit z becomes [0, z] (σ(z1 − z0) = softmax(z0, z1)₁ and
   * softmax(0, z)₁ = σ(z): the same probabilities, so an h1 of either head serves h2 of either head; only an exact
   * tie z0 = z1 flips its predicted class, to 1). Other widths are an `InvalidInputError` naming `h1.outputWidth`.
   */
  withWidth(width: number): H1Outputs {
    if (width === this.width) return this;
    const n = this.ids.length;
    const { logits } = this;
    if (this.width === 2 && width === 1) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i += 1) out[i] = logits[2 * i + 1]! - logits[2 * i]!;
      return new H1Outputs(this.ids, out, 1);
    }
    if (this.width === 1 && width === 2) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i += 1) out[2 * i + 1] = logits[i]!;
      return new H1Outputs(this.ids, out, 2);
    }
    throw new InvalidInputError(
      'h1.outputWidth',
      `${width} logits per instance (or a binary task's 1 or 2)`,
      this.width,
    );
  }

  /** The first id of `ids` without logits here, or `undefined` when all have them. */
  firstMissing(ids: ArrayLike<number>): number | undefined {
    for (let i = 0; i < ids.length; i += 1) if (!this.has(ids[i]!)) return ids[i];
    return undefined;
  }
}
