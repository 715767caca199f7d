import { describe, expect, it } from 'vitest';

import { type ModelSpec } from '@bcml/core';
import { buildModel, describeModel, type BuildModelOptions } from '@bcml/models';

import {
  expectNoLeak,
  invalid,
  predictionsOf,
  randomBatch,
  sameWeights,
  tf,
  weightsOf,
  type LayersModel,
  type Tensor,
} from './support.js';

interface ZooCase {
  readonly name: string;
  readonly spec: ModelSpec;
  readonly options: Omit<BuildModelOptions, 'seed'>;
  /** Logits per instance. */
  readonly width: number;
  /** All parameters (trainable + batch-norm moving statistics), computed by hand below. */
  readonly params: number;
  readonly trainable: number;
}

const zoo: readonly ZooCase[] = [
  {
    // Adult, the reference's LogisticRegression(104 → 1): 104·1 + 1 = 105.
    name: 'logistic regression, binary head',
    spec: { kind: 'logistic-regression' },
    options: { inputShape: [104], numClasses: 2, head: 'binary' },
    width: 1,
    params: 105,
    trainable: 105,
  },
  {
    // LogisticRegression(104, 2): 104·2 + 2 = 210.
    name: 'logistic regression, 2 logits',
    spec: { kind: 'logistic-regression' },
    options: { inputShape: [104], numClasses: 2 },
    width: 2,
    params: 210,
    trainable: 210,
  },
  {
    // DESIGN.md's h2: 104·64 + 64 = 6720; 64·1 + 1 = 65; 6785.
    name: 'MLP [64], dropout 0.1, binary head',
    spec: { kind: 'mlp', hidden: [64], dropout: 0.1 },
    options: { inputShape: [104], numClasses: 2, head: 'binary' },
    width: 1,
    params: 6785,
    trainable: 6785,
  },
  {
    // The reference's Keras MNIST model, flattened: 784·128 + 128 = 100480; 128·10 + 10 = 1290; 101770.
    name: 'MLP [128] on images (flattened)',
    spec: { kind: 'mlp', hidden: [128] },
    options: { inputShape: [28, 28, 1], numClasses: 10 },
    width: 10,
    params: 101_770,
    trainable: 101_770,
  },
  {
    // 10·16 + 16 = 176; 16·8 + 8 = 136; 8·3 + 3 = 27; 339.
    name: 'MLP [16, 8] tanh',
    spec: { kind: 'mlp', hidden: [16, 8], activation: 'tanh' },
    options: { inputShape: [10], numClasses: 3 },
    width: 3,
    params: 339,
    trainable: 339,
  },
  {
    // The reference's MNIST Net: conv1 5·5·1·10 + 10 = 260; conv2 5·5·10·20 + 20 = 5020;
    // fc1 320·50 + 50 = 16050; logits 50·10 + 10 = 510; 21840 (PyTorch's count for Net is the same).
    name: 'LeNet on MNIST',
    spec: { kind: 'lenet' },
    options: { inputShape: [28, 28, 1], numClasses: 10 },
    width: 10,
    params: 21_840,
    trainable: 21_840,
  },
  {
    // As above with logits 50·1 + 1 = 51: 260 + 5020 + 16050 + 51 = 21381.
    name: 'LeNet, binary head',
    spec: { kind: 'lenet', dropout: 0.25 },
    options: { inputShape: [28, 28, 1], numClasses: 2, head: 'binary' },
    width: 1,
    params: 21_381,
    trainable: 21_381,
  },
  {
    // filters 4, 1 block a stage, 32×32×3. Conv kernels (no bias), BN = 4 vectors (γ, β trainable; mean, var not):
    // stem 3·3·3·4 = 108, BN 16;
    // stage 1 (4 ch, identity): 3·3·4·4 = 144 twice, BN 16 twice: 320;
    // stage 2 (8 ch, stride 2): 3·3·4·8 = 288, BN 32, 3·3·8·8 = 576, BN 32, shortcut 1·1·4·8 = 32, BN 32: 992;
    // stage 3 (16 ch): 3·3·8·16 = 1152, BN 64, 3·3·16·16 = 2304, BN 64, shortcut 8·16 = 128, BN 64: 3776;
    // logits 16·10 + 10 = 170. Total 108 + 16 + 320 + 992 + 3776 + 170 = 5382;
    // moving statistics = half the BN sizes (16 + 2·16 + 3·32 + 3·64 = 336) = 168, trainable 5214.
    name: 'ResNet, 1 block a stage, 4 filters',
    spec: { kind: 'resnet', blocks: 1, filters: 4 },
    options: { inputShape: [32, 32, 3], numClasses: 10 },
    width: 10,
    params: 5382,
    trainable: 5214,
  },
  {
    // ResNet-20 (blocks 3, filters 16) on CIFAR: stem 432 + BN 64 = 496;
    // stage 1: 3 × (2·3·3·16·16 + 2·64) = 3 × 4736 = 14208;
    // stage 2: (3·3·16·32 + 3·3·32·32 + 16·32 + 3·128) = 14720, + 2 × (2·9216 + 2·128) = 37376: 52096;
    // stage 3: (3·3·32·64 + 3·3·64·64 + 32·64 + 3·256) = 58112, + 2 × (2·36864 + 2·256) = 148480: 206592;
    // logits 64·10 + 10 = 650. Total 274042 (the paper's 0.27M); moving statistics 1568, trainable 272474.
    name: 'ResNet-20 (defaults)',
    spec: { kind: 'resnet' },
    options: { inputShape: [32, 32, 3], numClasses: 10 },
    width: 10,
    params: 274_042,
    trainable: 272_474,
  },
];

describe('buildModel', () => {
  it('runs on the native TensorFlow backend', () => {
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it.each(zoo)(
    '$name: logits [B, $width] and $params parameters',
    async ({ spec, options, width, params, trainable }) => {
      await expectNoLeak(() => {
        const model = buildModel(spec, { ...options, seed: 7 });
        expect(model.countParams()).toBe(params);
        const summary = describeModel(model);
        expect(summary.params).toBe(params);
        expect(summary.trainableParams).toBe(trainable);
        expect(summary.nonTrainableParams).toBe(params - trainable);
        expect(summary.outputShape).toEqual([null, width]);
        expect(model.layers.at(-1)?.name).toBe('logits');

        const x = randomBatch(3, options.inputShape, 1);
        const y = model.predict(x) as Tensor;
        expect(y.shape).toEqual([3, width]);
        expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
        tf.dispose([x, y]);
        model.dispose();
      });
    },
  );

  it("names LeNet's layers after the reference's", () => {
    const model = buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 10, seed: 1 });
    expect(model.layers.map((l) => [l.name, l.getClassName()])).toEqual([
      ['input', 'InputLayer'],
      ['conv1', 'Conv2D'],
      ['pool1', 'MaxPooling2D'],
      ['relu1', 'Activation'],
      ['conv2', 'Conv2D'],
      ['dropout_conv2', 'Dropout'],
      ['pool2', 'MaxPooling2D'],
      ['relu2', 'Activation'],
      ['flatten', 'Flatten'],
      ['fc1', 'Dense'],
      ['dropout_fc1', 'Dropout'],
      ['logits', 'Dense'],
    ]);
    expect(describeModel(model).layers.find((l) => l.name === 'flatten')?.outputShape).toEqual([null, 320]);
    model.dispose();
  });

  it('gives layers and weights the same names in every build', () => {
    const build = () =>
      buildModel({ kind: 'resnet', blocks: 1, filters: 2 }, { inputShape: [8, 8, 1], numClasses: 3, seed: 1 });
    const [a, b] = [build(), build()];
    expect(b.layers.map((l) => l.name)).toEqual(a.layers.map((l) => l.name));
    expect(b.weights.map((w) => w.originalName)).toEqual(a.weights.map((w) => w.originalName));
    expect(a.weights.map((w) => w.originalName)).toContain('stage2_block1_shortcut_conv/kernel');
    expect(a.name).toBe('resnet');
    a.dispose();
    b.dispose();
  });

  describe('determinism', () => {
    const small: readonly [string, ModelSpec, readonly number[]][] = [
      ['logistic-regression', { kind: 'logistic-regression' }, [6]],
      ['mlp', { kind: 'mlp', hidden: [8, 4], dropout: 0.5 }, [6]],
      ['lenet', { kind: 'lenet' }, [28, 28, 1]],
      ['resnet', { kind: 'resnet', blocks: 1, filters: 4 }, [16, 16, 3]],
    ];

    it.each(small)(
      '%s: the same spec and seed give bitwise-identical weights and predictions',
      (_, spec, inputShape) => {
        const build = (seed: number) => buildModel(spec, { inputShape, numClasses: 3, seed });
        const [a, b, c] = [build(42), build(42), build(43)];
        const x = randomBatch(4, inputShape, 2);
        expect(sameWeights(weightsOf(a), weightsOf(b))).toBe(true);
        expect(Buffer.from(predictionsOf(a, x).buffer).equals(Buffer.from(predictionsOf(b, x).buffer))).toBe(true);
        // Another seed changes every kernel (biases and batch-norm vectors start at constants either way).
        const kernels = (m: LayersModel) =>
          m.weights.flatMap((w, i) =>
            w.originalName.endsWith('/kernel') ? [weightsOf(m)[i] ?? new Float32Array()] : [],
          );
        const [ka, kc] = [kernels(a), kernels(c)];
        expect(ka.length).toBeGreaterThan(0);
        ka.forEach((k, i) => expect(sameWeights([k], [kc[i] ?? new Float32Array()])).toBe(false));
        tf.dispose([x]);
        [a, b, c].forEach((m) => m.dispose());
      },
    );

    it('derives each layer from the seed and its name, not from the layers before it', () => {
      const a = buildModel({ kind: 'mlp', hidden: [8, 4] }, { inputShape: [6], numClasses: 3, seed: 5 });
      const b = buildModel({ kind: 'mlp', hidden: [8, 4], dropout: 0.2 }, { inputShape: [6], numClasses: 3, seed: 5 });
      expect(sameWeights(weightsOf(a), weightsOf(b))).toBe(true);
      a.dispose();
      b.dispose();
    });
  });

  describe('validation', () => {
    const mlp: ModelSpec = { kind: 'mlp', hidden: [4] };
    const ok = { inputShape: [6], numClasses: 3, seed: 1 } as const;

    it.each([
      [
        'numClasses 1',
        mlp,
        { ...ok, numClasses: 1 },
        'numClasses',
        'invalid numClasses: expected an integer ≥ 2, received 1',
      ],
      ['numClasses 2.5', mlp, { ...ok, numClasses: 2.5 }, 'numClasses', /received 2.5/],
      ['a binary head for 3 classes', mlp, { ...ok, head: 'binary' }, 'head', /"multi-class" for 3 classes/],
      ['seed −1', mlp, { ...ok, seed: -1 }, 'seed', 'invalid seed: expected a safe integer ≥ 0, received -1'],
      ['seed 0.5', mlp, { ...ok, seed: 0.5 }, 'seed', /received 0.5/],
      ['inputShape []', mlp, { ...ok, inputShape: [] }, 'inputShape', /1 to 4 dimensions/],
      ['inputShape [0]', mlp, { ...ok, inputShape: [0] }, 'inputShape[0]', /a positive integer, received 0/],
      [
        'LeNet on flat features',
        { kind: 'lenet' },
        { ...ok, inputShape: [784] },
        'inputShape',
        /expected an image shape \[height, width, channels\] .* for a "lenet" model, e\.g\. \[28, 28, 1\], received "\[784\]"/,
      ],
      ['LeNet on 8×8 images', { kind: 'lenet' }, { ...ok, inputShape: [8, 8, 1] }, 'inputShape', /≥ 16/],
      ['ResNet on [32, 32]', { kind: 'resnet' }, { ...ok, inputShape: [32, 32] }, 'inputShape', /"resnet" model/],
      ['an unknown kind', { kind: 'vgg' }, ok, 'model.kind', /received "vgg"/],
      ['hidden []', { kind: 'mlp', hidden: [] }, ok, 'model.hidden', /a non-empty array/],
      ['dropout 1.5', { kind: 'mlp', hidden: [4], dropout: 1.5 }, ok, 'model.dropout', /received 1.5/],
      ['an unknown key', { kind: 'lenet', filters: 8 }, ok, 'model.filters', /no such key/],
    ] as const)('rejects %s, naming %4$s', (_, spec, options, field, message) => {
      const error = invalid(() => buildModel(spec as ModelSpec, options));
      expect(error.field).toBe(field);
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
    });

    it("prefixes the spec's fields with `field`", () => {
      const error = invalid(() => buildModel({ kind: 'mlp', hidden: [64, 0] }, { ...ok, field: 'h2.model' }));
      expect(error.message).toBe('invalid h2.model.hidden[1]: expected a positive integer, received 0');
    });

    it('creates no tensors when it rejects', async () => {
      await expectNoLeak(() => {
        invalid(() => buildModel({ kind: 'lenet' }, { ...ok, inputShape: [784] }));
      });
    });
  });
});
