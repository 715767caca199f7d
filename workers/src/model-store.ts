import { type ModelSpec, type TrainingHead } from '@bcml/core';
import { type TrainingResult } from '@bcml/training';

/** A tfjs layers model, as `@bcml/training` trains and returns it. */
export type LayersModelLike = TrainingResult['model'];

/** What `ModelStore.build` needs besides the spec. */
export interface BuildOptions {
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly seed: number;
  readonly head: TrainingHead;
  /** Where the spec sits in the caller's input, for error messages (e.g. `h2.model`). */
  readonly field?: string;
}

/**
 * Loads, saves and builds models (`@bcml/models`' `createModelLoader(...).load`, `saveModel`, `buildModel`), injected
 * by the worker's caller since the workers may not import `@bcml/models` directly.
 */
export interface ModelStore {
  /** The model at `uri` (a folder, `file://`, `runs:/…`, `models:/…`); the caller disposes it. */
  load(uri: string): Promise<LayersModelLike>;
  /** Saves `model` to the folder `dir` (tfjs layers format). */
  save(model: LayersModelLike, dir: string): Promise<void>;
  /** A fresh model of `spec` with seeded initial weights. */
  build(spec: ModelSpec, options: BuildOptions): LayersModelLike;
}
