import { describe, expect, it } from 'vitest';

import {
  compatibilityLossNames,
  isPackable,
  isPackableModel,
  MAX_PACK,
  packableLossNames,
  parseSweepSpec,
  sweepPacks,
  sweepPoints,
  type ModelSpec,
  type PointSpec,
  type SweepGridSpec,
  type SweepSpec,
} from '@bcml/core';

/** A parsed sweep spec with h2's `model` and these `execution` fields (its grid is the caller's `points`). */
function specOf(model: ModelSpec, execution: Readonly<Record<string, unknown>> = {}): SweepSpec {
  return parseSweepSpec({
    name: 'packs',
    dataset: { uri: 'bcml:datasets/adult' },
    h1: { uri: 'models:/adult-classifier@champion' },
    h2: { model, optimizer: { kind: 'sgd', learningRate: 0.1 }, epochs: 2, batchSize: 32 },
    sweep: { lambdas: [0], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution,
  });
}

/** The points of a grid (`sweepPoints` skips the dissonance/loss pairs the registry lacks: a mixed list). */
function pointsOf(sweep: SweepGridSpec): PointSpec[] {
  return sweepPoints({ sweep });
}

/** λ = 0, 1, …, `count` − 1. */
function lambdas(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

/** `count` new-error/cross-entropy points (multi-class head). */
function crossEntropyPoints(count: number): PointSpec[] {
  return pointsOf({ lambdas: lambdas(count), dissonances: ['new-error'], losses: ['cross-entropy'] });
}

const lr: ModelSpec = { kind: 'logistic-regression' };

/** The group sizes, after checking that every point is in exactly one group, in point order within it. */
function sizesOf(groups: readonly (readonly PointSpec[])[], points: readonly PointSpec[]): number[] {
  expect(
    groups
      .flat()
      .map((p) => p.index)
      .sort((a, b) => a - b),
  ).toEqual(points.map((p) => p.index));
  for (const group of groups) {
    expect(group.length).toBeGreaterThan(0);
    expect(group.map((p) => p.index)).toEqual([...group.map((p) => p.index)].sort((a, b) => a - b));
  }
  const firsts = groups.map((g) => g[0]?.index ?? -1);
  expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  return groups.map((g) => g.length);
}

describe('isPackableModel', () => {
  it.each<[string, ModelSpec, boolean]>([
    ['logistic regression', lr, true],
    ['an MLP without dropout', { kind: 'mlp', hidden: [16, 8] }, true],
    ['an MLP with dropout 0', { kind: 'mlp', hidden: [16], dropout: 0, activation: 'tanh' }, true],
    ['an MLP with dropout', { kind: 'mlp', hidden: [16], dropout: 0.2 }, false],
    ['LeNet', { kind: 'lenet' }, false],
    ['LeNet without dropout', { kind: 'lenet', dropout: 0 }, false],
    ['a ResNet', { kind: 'resnet' }, false],
    ['a dense layer list', { kind: 'layers', layers: [{ type: 'dense', units: 8, activation: 'relu' }] }, true],
    [
      'a dense layer list, flattened first, every fused activation, no bias',
      {
        kind: 'layers',
        layers: [
          { type: 'flatten' },
          { type: 'dense', units: 8, activation: 'tanh', name: 'a' },
          { type: 'dense', units: 8, activation: 'sigmoid', useBias: false },
          { type: 'dense', units: 8, activation: 'linear', kernelInitializer: 'heNormal' },
          { type: 'dense', units: 8 },
        ],
      },
      true,
    ],
    ['a flatten alone (logistic regression)', { kind: 'layers', layers: [{ type: 'flatten' }] }, true],
    [
      'a dense list with an activation the fused step lacks',
      { kind: 'layers', layers: [{ type: 'dense', units: 8, activation: 'gelu' }] },
      false,
    ],
    [
      'a dense list with dropout',
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 8 },
          { type: 'dropout', rate: 0 },
        ],
      },
      false,
    ],
    [
      'a dense list with an activation layer',
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 8 },
          { type: 'activation', activation: 'relu' },
        ],
      },
      false,
    ],
    [
      'a dense list flattened after a dense layer',
      { kind: 'layers', layers: [{ type: 'dense', units: 8 }, { type: 'flatten' }] },
      false,
    ],
    [
      'a dense list with a link',
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 8, name: 'a' },
          { type: 'dense', units: 8, input: 'a' },
        ],
      },
      false,
    ],
    [
      'a residual dense list',
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 8, name: 'a' },
          { type: 'dense', units: 8 },
          { type: 'add', inputs: ['a', 'dense_2'] },
        ],
      },
      false,
    ],
    [
      'a conv layer list',
      {
        kind: 'layers',
        layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'flatten' }, { type: 'dense', units: 8 }],
      },
      false,
    ],
  ])('%s: %s', (_what, model, packable) => {
    expect(isPackableModel(model)).toBe(packable);
  });
});

describe('isPackable', () => {
  const [point] = crossEntropyPoints(1);

  it('packs the new-error and strict-imitation losses, never focal distillation', () => {
    expect([...packableLossNames].sort()).toEqual(
      compatibilityLossNames.filter((name) => !name.startsWith('focal-distillation/')).sort(),
    );
    const h2 = { h2: specOf(lr).h2 };
    for (const lossName of compatibilityLossNames) {
      expect(isPackable(h2, { lossName })).toBe(packableLossNames.includes(lossName));
    }
    expect(isPackable(h2, { lossName: 'focal-distillation/kl' })).toBe(false);
  });

  it('needs a packable model as well', () => {
    expect(isPackable(specOf(lr), point!)).toBe(true);
    expect(isPackable(specOf({ kind: 'mlp', hidden: [4] }), point!)).toBe(true);
    expect(isPackable(specOf({ kind: 'mlp', hidden: [4], dropout: 0.5 }), point!)).toBe(false);
    expect(isPackable(specOf({ kind: 'lenet' }), point!)).toBe(false);
    expect(isPackable(specOf({ kind: 'resnet', blocks: 1 }), point!)).toBe(false);
  });
});

describe('sweepPacks', () => {
  it.each([
    [10, 1, [10]],
    [10, 2, [5, 5]],
    [10, 3, [4, 3, 3]],
    [10, 4, [3, 3, 2, 2]],
    [10, 10, Array(10).fill(1)],
    [10, 20, Array(10).fill(1)],
    [100, 1, [50, 50]],
    [200, 1, [50, 50, 50, 50]],
    [129, 2, [43, 43, 43]],
  ])('auto: %i points, parallelism %i → groups of %j', (count, parallelism, sizes) => {
    const points = crossEntropyPoints(count);
    const groups = sweepPacks(specOf(lr, { parallelism }), points);
    expect(sizesOf(groups, points)).toEqual(sizes);
    expect(groups.every((g) => g.length <= MAX_PACK)).toBe(true);
  });

  it.each([
    [1, 10, Array(10).fill(1)],
    [3, 10, [3, 3, 2, 2]],
    [4, 10, [4, 3, 3]],
    [5, 10, [5, 5]],
    [MAX_PACK, 10, [10]],
    [MAX_PACK, 100, [50, 50]],
    [2, 1, [1]],
  ])('explicit pack %i with %i points → groups of %j', (pack, count, sizes) => {
    const points = crossEntropyPoints(count);
    // Parallelism does not matter when the pack size is given.
    for (const parallelism of [1, 3, 1000]) {
      expect(sizesOf(sweepPacks(specOf(lr, { pack, parallelism }), points), points)).toEqual(sizes);
    }
  });

  it('keeps consecutive points together: the first pack holds the first points', () => {
    const points = crossEntropyPoints(10);
    const groups = sweepPacks(specOf(lr, { pack: 3 }), points);
    expect(groups.map((g) => g.map((p) => p.lambda))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
      [8, 9],
    ]);
  });

  it('trains every point alone when h2 cannot be stacked', () => {
    const points = crossEntropyPoints(6);
    for (const model of [
      { kind: 'mlp', hidden: [8], dropout: 0.1 },
      { kind: 'lenet' },
      { kind: 'resnet' },
      { kind: 'layers', layers: [{ type: 'flatten' }, { type: 'dense', units: 8 }, { type: 'dropout', rate: 0.1 }] },
    ] as const satisfies readonly ModelSpec[]) {
      const groups = sweepPacks(specOf(model, { pack: 'auto', parallelism: 1 }), points);
      expect(groups).toEqual(points.map((p) => [p]));
      expect(sweepPacks(specOf(model, { pack: 4 }), points)).toEqual(points.map((p) => [p]));
    }
  });

  it('parses a sweep spec whose h2 is a layer list, and packs it only when it is a dense chain', () => {
    const points = crossEntropyPoints(4);
    const layers = [
      { type: 'flatten' },
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dense', units: 8, activation: 'tanh' },
    ];
    const dense = specOf({ kind: 'layers', layers } as ModelSpec, { pack: 'auto', parallelism: 2 });
    expect(dense.h2.model).toEqual({ kind: 'layers', layers });
    expect(sizesOf(sweepPacks(dense, points), points)).toEqual([2, 2]);

    const conv = specOf(
      {
        kind: 'layers',
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu', name: 'c' },
          { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
          { type: 'add', inputs: ['c', 'conv2d_2'] },
          { type: 'globalAveragePooling2d' },
        ],
      },
      { pack: 4 },
    );
    expect(sweepPacks(conv, points)).toEqual(points.map((p) => [p]));

    // A misspelt option in h2's layer list fails the sweep spec, naming the field.
    const error = (() => {
      try {
        specOf({ kind: 'layers', layers: [{ type: 'dense', unts: 4 }] } as unknown as ModelSpec);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(
      /^invalid h2\.model\.layers\[0\]\.unts: expected no such option \(did you mean "units"\?/,
    );
  });

  it('trains focal-distillation points alone', () => {
    const points = pointsOf({
      lambdas: lambdas(4),
      dissonances: ['focal-distillation'],
      losses: ['kl', 'logit-matching'],
    });
    expect(sweepPacks(specOf(lr, { parallelism: 1 }), points)).toEqual(points.map((p) => [p]));
    expect(sweepPacks(specOf(lr, { pack: MAX_PACK }), points)).toEqual(points.map((p) => [p]));
  });

  it('keeps focal-distillation points alone in a mixed list, packing the rest around them', () => {
    // new-error/cross-entropy × 4, then focal-distillation/kl × 4 (the pairs the registry lacks are skipped).
    const points = pointsOf({
      lambdas: lambdas(4),
      dissonances: ['new-error', 'focal-distillation'],
      losses: ['cross-entropy', 'kl'],
    });
    expect(points.map((p) => p.lossName)).toEqual([
      ...Array(4).fill('new-error/cross-entropy'),
      ...Array(4).fill('focal-distillation/kl'),
    ]);
    const groups = sweepPacks(specOf(lr, { parallelism: 1 }), points);
    expect(sizesOf(groups, points)).toEqual([4, 1, 1, 1, 1]);
    expect(groups[0]?.every((p) => p.dissonance === 'new-error')).toBe(true);
    expect(groups.slice(1).map((g) => g[0]?.lossName)).toEqual(Array(4).fill('focal-distillation/kl'));
    // Reversed dissonances: the singletons come first, in point order.
    const reversed = pointsOf({
      lambdas: lambdas(4),
      dissonances: ['focal-distillation', 'new-error'],
      losses: ['kl', 'cross-entropy'],
    });
    expect(sizesOf(sweepPacks(specOf(lr, { parallelism: 2 }), reversed), reversed)).toEqual([1, 1, 1, 1, 2, 2]);
  });

  it('packs binary-head points apart from multi-class ones (a pack shares its output width)', () => {
    // new-error/cross-entropy × 3, new-error/binary-cross-entropy × 3, strict-imitation/… the same.
    const points = pointsOf({
      lambdas: lambdas(3),
      dissonances: ['new-error', 'strict-imitation'],
      losses: ['cross-entropy', 'binary-cross-entropy'],
    });
    const groups = sweepPacks(specOf(lr, { parallelism: 1 }), points);
    expect(sizesOf(groups, points)).toEqual([6, 6]);
    expect(groups.map((g) => g.map((p) => p.index))).toEqual([
      [0, 1, 2, 6, 7, 8],
      [3, 4, 5, 9, 10, 11],
    ]);
    expect(groups[1]?.every((p) => p.loss === 'binary-cross-entropy')).toBe(true);
  });

  it('returns nothing for no points', () => {
    expect(sweepPacks(specOf(lr), [])).toEqual([]);
  });
});
