import { compatibilityLossNames, type CompatibilityLossName } from './compatibility-loss-names.js';
import type { ModelSpec } from './model-spec.js';
import type { PointSpec } from './point-spec.js';
import type { SweepSpec } from './sweep-spec.js';
import { trainingHead } from './training-spec.js';

/** The most points one trainer activity trains together (`execution.pack`). */
export const MAX_PACK = 64;

/**
 * Losses whose gradient with respect to h2's logits `@bcml/losses` has in closed form (`closedFormGradient`): points
 * of these losses can share a stacked step, each model with its own loss and λ. Focal distillation goes through tfjs'
 * tape and trains alone. (`@bcml/losses`' tests check this list against `closedFormGradient`.)
 */
export const packableLossNames: readonly CompatibilityLossName[] = compatibilityLossNames.filter(
  (name) => !name.startsWith('focal-distillation/'),
);

/**
 * The activations `@bcml/training`'s fused dense step differentiates by hand (its `DenseActivation`; its tests check
 * that every packable layer list builds to a dense chain).
 */
const denseChainActivations: readonly string[] = ['linear', 'relu', 'tanh', 'sigmoid'];

/**
 * Whether h2's architecture can be stacked: a chain of dense layers (logistic regression, an MLP without dropout, a
 * layer list of dense layers with those activations, at most a `flatten` first, no `input` links), which
 * `@bcml/training` trains as one wider model whose blocks are the points' models.
 */
export function isPackableModel(model: ModelSpec): boolean {
  switch (model.kind) {
    case 'logistic-regression':
      return true;
    case 'mlp':
      return (model.dropout ?? 0) === 0;
    case 'layers':
      return model.layers.every((layer, i) =>
        layer.type === 'dense'
          ? layer.input === undefined && denseChainActivations.includes(layer.activation ?? 'linear')
          : layer.type === 'flatten' && i === 0 && layer.input === undefined,
      );
    case 'lenet':
    case 'resnet':
    case 'tfjs':
      return false;
  }
}

/** Whether a point of a sweep with this h2 can share a trainer step with other points (`sweepPacks`). */
export function isPackable(spec: Pick<SweepSpec, 'h2'>, point: Pick<PointSpec, 'lossName'>): boolean {
  return isPackableModel(spec.h2.model) && packableLossNames.includes(point.lossName);
}

/**
 * The sweep's points grouped into the trainer activities that train them (each group in point order, the groups in
 * order of their first point). Packable points (`isPackable`) go together `execution.pack` at a time — `auto`: as
 * evenly as `execution.parallelism` activities allow, at most `MAX_PACK` each, binary-head points apart from the
 * others (a pack's models share their output width); every other point trains alone.
 * Every point is in exactly one group.
 */
export function sweepPacks(spec: Pick<SweepSpec, 'h2' | 'execution'>, points: readonly PointSpec[]): PointSpec[][] {
  const packable = points.filter((point) => isPackable(spec, point));
  const { pack, parallelism } = spec.execution;
  const size = pack === 'auto' ? Math.min(MAX_PACK, Math.max(1, Math.ceil(packable.length / parallelism))) : pack;
  const groups: PointSpec[][] = [];
  // Models of one pack share their output layer's width: binary-head points (binary cross-entropy without an
  // explicit head) pack among themselves.
  for (const head of ['multi-class', 'binary'] as const) {
    const same = packable.filter((point) => trainingHead({ loss: point.lossName }) === head);
    // Sizes as even as possible: n packs of ⌈len/n⌉ or ⌊len/n⌋ points.
    const count = Math.ceil(same.length / size);
    let start = 0;
    for (let i = 0; i < count; i += 1) {
      const length = Math.floor(same.length / count) + (i < same.length % count ? 1 : 0);
      groups.push(same.slice(start, start + length));
      start += length;
    }
  }
  for (const point of points) if (!isPackable(spec, point)) groups.push([point]);
  return groups.sort((a, b) => a[0]!.index - b[0]!.index);
}
