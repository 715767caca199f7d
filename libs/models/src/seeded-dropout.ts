import { InvalidInputError } from '@bcml/core';
import { dropout, type serialization, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { layers, type LayersModel } from '@tensorflow/tfjs-layers';

import { deriveSeed } from './derive-seed.js';

/** Options of a seeded dropout layer. */
export interface SeededDropoutArgs {
  readonly name: string;
  /** Fraction of units (or, when `spatial`, of whole feature maps) set to 0 in training, in [0, 1). */
  readonly rate: number;
  /** Seed of the layer's mask stream. */
  readonly seed: number;
  /** Drop whole channels of an [B, H, W, C] input (PyTorch's `Dropout2d`) instead of single units. */
  readonly spatial?: boolean;
}

/**
 * Dropout whose masks are a deterministic stream: the mask of the n-th training call uses the seed
 * `deriveSeed(seed, "step/<n>")`. tfjs' own `Dropout` with a `seed` draws the same mask on every call; without
 * one it draws from `Math.random`. Inference (`training` false) is the identity. Serialises as a stock Keras
 * `Dropout` (no seed; `noise_shape` [null, 1, 1, null] when spatial), so stock tfjs loads saved models, as
 * tfjs' unseeded dropout.
 */
export class SeededDropout extends layers.Layer {
  /** The Keras class name it saves as. */
  static className = 'Dropout';

  readonly rate: number;
  readonly seed: number;
  readonly spatial: boolean;
  /** The number of training calls so far: the position in the mask stream. */
  step = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.spatial = args.spatial ?? false;
    this.supportsMasking = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: { readonly [key: string]: unknown }): Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined) throw new Error(`${this.name}: expected one input tensor`);
    if (kwargs['training'] !== true || this.rate === 0) return x;
    const seed = deriveSeed(this.seed, `step/${this.step}`);
    this.step += 1;
    const noiseShape = this.spatial ? [x.shape[0] ?? 1, 1, 1, x.shape[3] ?? 1] : undefined;
    return tidy(() => dropout(x, this.rate, noiseShape, seed));
  }

  override getConfig(): serialization.ConfigDict {
    return {
      rate: this.rate,
      noiseShape: this.spatial ? [null, 1, 1, null] : null,
      seed: null,
      ...super.getConfig(),
    };
  }
}

/** The dropout layers of `model` that `buildModel` seeded. */
function seededDropouts(model: LayersModel): SeededDropout[] {
  return model.layers.filter((layer): layer is SeededDropout => layer instanceof SeededDropout);
}

/**
 * Where a built model's dropout mask streams stand: the number of training forward passes so far (`null` when
 * the model has no seeded dropout, e.g. one loaded from disk). A checkpoint records it for `setDropoutStep`.
 */
export function dropoutStep(model: LayersModel): number | null {
  return seededDropouts(model)[0]?.step ?? null;
}

/** Moves every seeded dropout layer of `model` to mask number `step`, e.g. to resume training from a checkpoint. */
export function setDropoutStep(model: LayersModel, step: number): void {
  if (!Number.isSafeInteger(step) || step < 0) throw new InvalidInputError('step', 'an integer ≥ 0', step);
  for (const layer of seededDropouts(model)) layer.step = step;
}
