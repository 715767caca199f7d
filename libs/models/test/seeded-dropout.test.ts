import { describe, expect, it } from 'vitest';

import { buildModel, dropoutStep, loadModel, saveModel, SeededDropout, setDropoutStep } from '@bcml/models';

import { expectNoLeak, invalid, tf, temporaryFolder, type LayersModel, type Tensor } from './support.js';

const spec = { kind: 'mlp', hidden: [32], dropout: 0.5 } as const;
const build = (seed: number) => buildModel(spec, { inputShape: [4], numClasses: 2, seed });

/** The output of the model's `dropout_1` layer on ones, in training mode: its mask (0 or 2 per unit). */
function mask(model: LayersModel, training: boolean): number[] {
  const layer = model.getLayer('dropout_1');
  return tf.tidy(() => Array.from((layer.apply(tf.ones([3, 32]), { training }) as Tensor).dataSync()));
}

describe('SeededDropout', () => {
  it('draws a new mask at each training call, the same stream in every build with the same seed', () => {
    const [a, b, c] = [build(1), build(1), build(2)];
    const first = mask(a, true);
    const second = mask(a, true);
    expect(new Set(first)).toEqual(new Set([0, 2]));
    expect(second).not.toEqual(first);
    expect([mask(b, true), mask(b, true)]).toEqual([first, second]);
    expect(mask(c, true)).not.toEqual(first);
    expect(dropoutStep(a)).toBe(2);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('is the identity in inference and does not advance its stream there', () => {
    const model = build(1);
    expect(mask(model, false)).toEqual(new Array<number>(96).fill(1));
    expect(dropoutStep(model)).toBe(0);
    model.dispose();
  });

  it('replays its stream from a step, as a resumed training run needs', () => {
    const model = build(3);
    const masks = [mask(model, true), mask(model, true), mask(model, true)];
    setDropoutStep(model, 1);
    expect(mask(model, true)).toEqual(masks[1]);
    expect(dropoutStep(model)).toBe(2);
    expect(invalid(() => setDropoutStep(model, -1)).field).toBe('step');
    model.dispose();
  });

  it('drops whole feature maps when spatial (LeNet after conv2)', () => {
    const layer = new SeededDropout({ name: 'spatial', rate: 0.5, seed: 9, spatial: true });
    const out = tf.tidy(() => (layer.apply(tf.ones([2, 3, 3, 8]), { training: true }) as Tensor).arraySync());
    const maps = (out as number[][][][]).flatMap((image) =>
      [...Array(8).keys()].map((ch) => new Set(image.flatMap((row) => row.map((pixel) => pixel[ch])))),
    );
    expect(maps.every((values) => values.size === 1)).toBe(true);
    expect(new Set(maps.map((values) => [...values][0]))).toEqual(new Set([0, 2]));
  });

  it('saves as a stock Keras Dropout (no seed), which loads as tfjs’ own Dropout', async () => {
    const model = buildModel({ kind: 'lenet' }, { inputShape: [28, 28, 1], numClasses: 10, seed: 1 });
    const topology = model.toJSON(null, false) as { config: { layers: { class_name: string; config: object }[] } };
    const dropouts = topology.config.layers.filter((l) => l.class_name === 'Dropout').map((l) => l.config);
    expect(dropouts).toEqual([
      expect.objectContaining({ name: 'dropout_conv2', rate: 0.5, noise_shape: [null, 1, 1, null], seed: null }),
      expect.objectContaining({ name: 'dropout_fc1', rate: 0.5, noise_shape: null, seed: null }),
    ]);
    const folder = await temporaryFolder();
    try {
      await saveModel(model, folder.dir);
      const loaded = await loadModel(folder.dir);
      expect(loaded.getLayer('dropout_fc1')).not.toBeInstanceOf(SeededDropout);
      expect(loaded.getLayer('dropout_fc1').getClassName()).toBe('Dropout');
      expect(dropoutStep(loaded)).toBeNull();
      loaded.dispose();
    } finally {
      model.dispose();
      await folder.remove();
    }
  });

  it('leaves no tensors behind in training or inference', async () => {
    const model = build(4);
    await expectNoLeak(() => {
      mask(model, true);
      mask(model, false);
      const x = tf.ones([5, 4]);
      tf.dispose([model.apply(x, { training: true }) as Tensor, x]);
    });
    model.dispose();
  });
});
