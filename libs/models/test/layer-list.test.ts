// Layer lists (`{ kind: "layers" }`): shapes, parameter counts, seeding, the residual add, and shape errors against
// the data before any weight exists.
import { describe, expect, it } from 'vitest';

import { type LayersSpec, type ModelSpec } from '@bcml/core';
import {
  buildModel,
  describeModel,
  dropoutStep,
  loadModel,
  saveModel,
  SeededDropout,
  type BuildModelOptions,
} from '@bcml/models';

import {
  expectNoLeak,
  invalid,
  predictionsOf,
  randomBatch,
  sameWeights,
  temporaryFolder,
  tf,
  weightsOf,
  type LayersModel,
  type Tensor,
} from './support.js';

const mnist = { inputShape: [28, 28, 1], numClasses: 10 } as const;

/** A small CNN: conv 3×3×4 ReLU → max-pool 2 → flatten → dense 8 ReLU → dropout → (logits). */
const cnn: LayersSpec = {
  kind: 'layers',
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
    { type: 'maxPooling2d' },
    { type: 'flatten' },
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dropout', rate: 0.25 },
  ],
};

/** A residual block on an image: stem conv (same) → BN → conv (same), + stem, ReLU → global average pool. */
const residual: LayersSpec = {
  kind: 'layers',
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', name: 'stem' },
    { type: 'batchNormalization', momentum: 0.9, epsilon: 1e-5 },
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: 'heNormal' },
    { type: 'add', inputs: ['stem', 'conv2d_3'], name: 'sum' },
    { type: 'activation', activation: 'relu' },
    { type: 'globalAveragePooling2d' },
  ],
};

const build = (spec: ModelSpec, options: Omit<BuildModelOptions, 'seed'>, seed = 7): LayersModel =>
  buildModel(spec, { field: 'h2.model', ...options, seed });

describe('buildModel, kind "layers"', () => {
  it.each<[string, ModelSpec, Omit<BuildModelOptions, 'seed'>, number, number, number]>([
    // 104·16 + 16 = 1680; 16·8 + 8 = 136; logits 8·2 + 2 = 18: 1834.
    [
      'a dense list on tabular data',
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 8, activation: 'tanh' },
        ],
      },
      { inputShape: [104], numClasses: 2 },
      2,
      1834,
      1834,
    ],
    // The same with a binary head: logits 8·1 + 1 = 9: 1825.
    [
      'a dense list, binary head',
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 8, activation: 'tanh' },
        ],
      },
      { inputShape: [104], numClasses: 2, head: 'binary' },
      1,
      1825,
      1825,
    ],
    // conv 3·3·1·4 + 4 = 40; 28 → 26 → pool 13; flatten 13·13·4 = 676; dense 676·8 + 8 = 5416; logits 8·10 + 10 = 90.
    ['a small CNN on MNIST', cnn, mnist, 10, 5546, 5546],
    // stem 3·3·1·4 + 4 = 40; BN 4·4 = 16 (8 trainable); conv 3·3·4·4 = 144 (no bias); logits 4·3 + 3 = 15: 215.
    ['a residual block', residual, { inputShape: [8, 8, 1], numClasses: 3 }, 3, 215, 207],
  ])('%s: logits [B, %i]', async (_, spec, options, width, params, trainable) => {
    await expectNoLeak(() => {
      const model = build(spec, options);
      const summary = describeModel(model);
      expect(summary.params).toBe(params);
      expect(summary.trainableParams).toBe(trainable);
      expect(summary.outputShape).toEqual([null, width]);
      expect(model.name).toBe('layers');
      expect(model.layers.at(-1)?.name).toBe('logits');
      const x = randomBatch(3, options.inputShape, 1);
      const y = model.predict(x) as Tensor;
      expect(y.shape).toEqual([3, width]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([x, y]);
      model.dispose();
    });
  });

  it('names the layers as layerNames says and wires the residual add to both branches', () => {
    const model = build(residual, { inputShape: [8, 8, 1], numClasses: 3 });
    expect(model.layers.map((l) => [l.name, l.getClassName()])).toEqual([
      ['input', 'InputLayer'],
      ['stem', 'Conv2D'],
      ['batchNormalization_2', 'BatchNormalization'],
      ['conv2d_3', 'Conv2D'],
      ['sum', 'Add'],
      ['activation_5', 'Activation'],
      ['globalAveragePooling2d_6', 'GlobalAveragePooling2D'],
      ['logits', 'Dense'],
    ]);
    const sum = model.getLayer('sum');
    expect(sum.inboundNodes[0]?.inboundLayers.map((l) => l.name)).toEqual(['stem', 'conv2d_3']);
    // The options reach tfjs (it would take a misspelt one silently; core rejects those).
    const bn = model.getLayer('batchNormalization_2').getConfig();
    expect([bn['momentum'], bn['epsilon']]).toEqual([0.9, 1e-5]);
    expect(model.getLayer('conv2d_3').getConfig()['useBias']).toBe(false);
    // The sum is the two branches' sum.
    const x = randomBatch(2, [8, 8, 1], 3);
    const probe = tf.model({
      inputs: model.inputs,
      outputs: ['stem', 'conv2d_3', 'sum'].map((n) => model.getLayer(n).output as never),
    });
    const [stem, branch, total] = probe.predict(x) as Tensor[];
    const expected = tf.add(stem!, branch!);
    expect(tf.max(tf.abs(tf.sub(total!, expected))).dataSync()[0]).toBe(0);
    tf.dispose([x, stem!, branch!, total!, expected]);
    model.dispose();
  });

  it('takes a layer’s input from an earlier layer or the model’s input', () => {
    const spec: ModelSpec = {
      kind: 'layers',
      layers: [
        { type: 'dense', units: 6, activation: 'relu', name: 'a' },
        { type: 'dense', units: 6, input: 'input', name: 'skip' },
        { type: 'add', inputs: ['a', 'skip', 'input'] },
      ],
    };
    const model = build(spec, { inputShape: [6], numClasses: 2 });
    expect(model.getLayer('skip').inboundNodes[0]?.inboundLayers.map((l) => l.name)).toEqual(['input']);
    expect(model.getLayer('add_3').inboundNodes[0]?.inboundLayers.map((l) => l.name)).toEqual(['a', 'skip', 'input']);
    model.dispose();
  });

  describe('determinism', () => {
    it.each([
      ['a CNN with dropout', cnn, mnist],
      ['a residual block', residual, { inputShape: [8, 8, 1], numClasses: 3 }],
    ] as const)(
      '%s: the same seed gives bitwise-identical weights, another changes every kernel',
      (_, spec, options) => {
        const [a, b, c] = [build(spec, options, 42), build(spec, options, 42), build(spec, options, 43)];
        const x = randomBatch(4, options.inputShape, 2);
        expect(sameWeights(weightsOf(a), weightsOf(b))).toBe(true);
        expect(Buffer.from(predictionsOf(a, x).buffer).equals(Buffer.from(predictionsOf(b, x).buffer))).toBe(true);
        const kernels = (m: LayersModel) =>
          m.weights.flatMap((w, i) => (w.originalName.endsWith('/kernel') ? [weightsOf(m)[i]!] : []));
        const [ka, kc] = [kernels(a), kernels(c)];
        expect(ka.length).toBeGreaterThanOrEqual(3);
        ka.forEach((k, i) => expect(sameWeights([k], [kc[i]!])).toBe(false));
        tf.dispose(x);
        [a, b, c].forEach((m) => m.dispose());
      },
    );

    it('seeds dropout as the zoo does', () => {
      const model = build(cnn, mnist);
      expect(model.layers.filter((l) => l instanceof SeededDropout).map((l) => l.name)).toEqual(['dropout_5']);
      expect(dropoutStep(model)).toBe(0);
      model.dispose();
    });

    it('gives the `mlp` kind’s weights for the same layers under the same names (golden)', () => {
      // The zoo's MLP: hidden_i dense (He-uniform after ReLU, Glorot-uniform for tanh), logits Glorot-uniform.
      for (const [activation, inputShape] of [
        ['relu', [10]],
        ['tanh', [10]],
      ] as const) {
        const mlp = buildModel({ kind: 'mlp', hidden: [16, 8], activation }, { inputShape, numClasses: 3, seed: 5 });
        const list = buildModel(
          {
            kind: 'layers',
            layers: [
              { type: 'dense', units: 16, activation, name: 'hidden_1' },
              { type: 'dense', units: 8, activation, name: 'hidden_2' },
            ],
          },
          { inputShape, numClasses: 3, seed: 5 },
        );
        expect(list.weights.map((w) => w.originalName)).toEqual(mlp.weights.map((w) => w.originalName));
        expect(sameWeights(weightsOf(list), weightsOf(mlp))).toBe(true);
        const x = randomBatch(3, inputShape, 4);
        expect(Buffer.from(predictionsOf(list, x).buffer).equals(Buffer.from(predictionsOf(mlp, x).buffer))).toBe(true);
        tf.dispose(x);
        mlp.dispose();
        list.dispose();
      }
    });

    it('uses the kernel initializer named', () => {
      const spec = (kernelInitializer?: 'heNormal'): ModelSpec => ({
        kind: 'layers',
        layers: [{ type: 'dense', units: 64, ...(kernelInitializer === undefined ? {} : { kernelInitializer }) }],
      });
      const [glorot, he] = [
        build(spec(), { inputShape: [64], numClasses: 2 }),
        build(spec('heNormal'), { inputShape: [64], numClasses: 2 }),
      ];
      const std = (m: LayersModel) => {
        const k = weightsOf(m)[0]!;
        return Math.sqrt(k.reduce((s, v) => s + v * v, 0) / k.length);
      };
      // Glorot-uniform: √(2 / (64 + 64)) = 0.125; He-normal (truncated): about 0.88 · √(2 / 64) ≈ 0.156.
      expect(std(glorot)).toBeCloseTo(0.125, 1);
      expect(std(he)).toBeGreaterThan(0.14);
      glorot.dispose();
      he.dispose();
    });
  });

  it('saves and loads as a stock tfjs model with the same predictions', async () => {
    const { dir, remove } = await temporaryFolder();
    try {
      const model = build(residual, { inputShape: [8, 8, 1], numClasses: 3 });
      await saveModel(model, dir);
      const loaded = await loadModel(dir);
      const x = randomBatch(2, [8, 8, 1], 5);
      expect(Array.from(predictionsOf(loaded, x))).toEqual(Array.from(predictionsOf(model, x)));
      tf.dispose(x);
      model.dispose();
      loaded.dispose();
    } finally {
      await remove();
    }
  });

  describe('shapes against the data, before any weight exists', () => {
    const tabular = { inputShape: [104], numClasses: 2 } as const;

    it.each<[string, ModelSpec, Omit<BuildModelOptions, 'seed'>, string, RegExp | string]>([
      [
        'conv2d on tabular data',
        { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'flatten' }] },
        tabular,
        'h2.model.layers[0]',
        'invalid h2.model.layers[0]: expected an image input [batch, height, width, channels] for a "conv2d" layer ' +
          '(the data\'s feature shape is [height, width, channels], e.g. [28, 28, 1]), received "[null, 104]"',
      ],
      [
        'global pooling on tabular data, after a dense layer',
        { kind: 'layers', layers: [{ type: 'dense', units: 4 }, { type: 'globalMaxPooling2d' }] },
        tabular,
        'h2.model.layers[1]',
        /"globalMaxPooling2d" layer .*received "\[null, 4\]"/,
      ],
      [
        'no flatten after the convolutions',
        { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernelSize: 5 }, { type: 'maxPooling2d' }] },
        mnist,
        'h2.model.layers',
        'invalid h2.model.layers: expected a last layer whose output is [batch, features], for the logits layer bcml ' +
          'appends (end images with "flatten" or a global pooling layer), received "[null, 12, 12, 4]"',
      ],
      [
        'a dense list on images, no flatten',
        { kind: 'layers', layers: [{ type: 'dense', units: 8 }] },
        mnist,
        'h2.model.layers',
        /received "\[null, 28, 28, 8\]"/,
      ],
      [
        'a kernel larger than the image',
        {
          kind: 'layers',
          layers: [
            { type: 'conv2d', filters: 4, kernelSize: 5 },
            { type: 'maxPooling2d', poolSize: 2 },
            { type: 'conv2d', filters: 4, kernelSize: [3, 5] },
            { type: 'flatten' },
          ],
        },
        { inputShape: [12, 12, 1], numClasses: 2 },
        'h2.model.layers[2].kernelSize',
        'invalid h2.model.layers[2].kernelSize: expected a window that fits the input [null, 4, 4, 4] (or padding "same"), received "[3, 5]"',
      ],
      [
        'a default pool on a 1-pixel-wide image',
        { kind: 'layers', layers: [{ type: 'maxPooling2d' }, { type: 'flatten' }] },
        { inputShape: [8, 1, 1], numClasses: 2 },
        'h2.model.layers[0].poolSize',
        /fits the input \[null, 8, 1, 1\] .*received "\[2, 2\]"/,
      ],
      [
        'an add of different shapes',
        {
          kind: 'layers',
          layers: [
            { type: 'dense', units: 8, name: 'a' },
            { type: 'dense', units: 4, name: 'b' },
            { type: 'add', inputs: ['a', 'b'] },
          ],
        },
        tabular,
        'h2.model.layers[2].inputs',
        'invalid h2.model.layers[2].inputs: expected layers whose outputs have one shape, received "a [null, 8], b [null, 4]"',
      ],
      [
        'an invalid spec (parsed first)',
        { kind: 'layers', layers: [{ type: 'dense', units: 4, activaton: 'relu' }] } as unknown as ModelSpec,
        tabular,
        'h2.model.layers[0].activaton',
        /did you mean "activation"\?/,
      ],
    ])('rejects %s, naming %s', async (_, spec, options, field, message) => {
      await expectNoLeak(() => {
        const error = invalid(() => build(spec, options));
        expect(error.field).toBe(field);
        if (typeof message === 'string') expect(error.message).toBe(message);
        else expect(error.message).toMatch(message);
      });
    });

    it('adds no layer for a flatten of flat data, so one list fits tabular data and images', () => {
      // A residual over the flatten: its name stands for the input when the data is flat.
      const list: ModelSpec = {
        kind: 'layers',
        layers: [
          { type: 'flatten', name: 'flat' },
          { type: 'dense', units: 4, name: 'a' },
          { type: 'dense', units: 4, input: 'flat', name: 'b' },
          { type: 'add', inputs: ['a', 'b'] },
        ],
      };
      const tabular6 = build(list, { inputShape: [6], numClasses: 2 });
      expect(tabular6.layers.map((l) => l.name)).toEqual(['input', 'a', 'b', 'add_4', 'logits']);
      expect(tabular6.getLayer('b').inboundNodes[0]?.inboundLayers.map((l) => l.name)).toEqual(['input']);
      const image = build(list, { inputShape: [2, 3, 1], numClasses: 2 });
      expect(image.layers.map((l) => l.name)).toEqual(['input', 'flat', 'a', 'b', 'add_4', 'logits']);
      // Same kernels either way: [6, 4] each, seeded by the layer's name.
      expect(sameWeights(weightsOf(tabular6), weightsOf(image))).toBe(true);
      tabular6.dispose();
      image.dispose();
    });

    it('takes dense layers on an image’s last axis, as Keras does, when a flatten follows', () => {
      const spec: ModelSpec = { kind: 'layers', layers: [{ type: 'dense', units: 3 }, { type: 'flatten' }] };
      const model = build(spec, { inputShape: [4, 4, 2], numClasses: 2 });
      // dense 2·3 + 3 = 9; flatten 4·4·3 = 48; logits 48·2 + 2 = 98.
      expect(model.countParams()).toBe(107);
      model.dispose();
    });
  });
});
