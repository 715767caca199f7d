import { describe, expect, it } from 'vitest';

import {
  layerNames,
  layerTypes,
  MAX_LAYER_LIST_JSON,
  MAX_LAYERS,
  modelKinds,
  parseModelSpec,
  type LayersSpec,
} from '@bcml/core';

import { thrown } from './support/thrown.js';

/** The layer list spec of `layers`, parsed under `h2.model`. */
const parse = (layers: unknown): LayersSpec => parseModelSpec({ kind: 'layers', layers }, 'h2.model') as LayersSpec;

describe('parseModelSpec, kind "layers"', () => {
  it('is a model kind', () => {
    expect(modelKinds).toContain('layers');
    expect(layerTypes).toEqual([
      'dense',
      'conv2d',
      'maxPooling2d',
      'averagePooling2d',
      'dropout',
      'batchNormalization',
      'flatten',
      'activation',
      'globalAveragePooling2d',
      'globalMaxPooling2d',
      'add',
    ]);
  });

  it('accepts every layer type, keeps omitted options omitted and orders the keys', () => {
    const layers = [
      { kernelSize: [3, 5], type: 'conv2d', filters: 8, padding: 'same', activation: 'relu', name: 'stem' },
      { type: 'batchNormalization', momentum: 0.9, epsilon: 1e-5 },
      { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', useBias: false },
      { type: 'add', inputs: ['stem', 'conv2d_3'], name: 'residual' },
      { type: 'activation', activation: 'gelu' },
      { type: 'maxPooling2d' },
      { type: 'averagePooling2d', poolSize: [2, 1], strides: 1, padding: 'valid' },
      { type: 'dropout', rate: 0 },
      { type: 'globalMaxPooling2d', name: 'gmp' },
      { type: 'globalAveragePooling2d', input: 'residual' },
      { type: 'flatten' },
      { type: 'dense', units: 16, activation: 'tanh', kernelInitializer: 'leCunNormal' },
      { type: 'add', inputs: ['gmp', 'dense_12'] },
    ];
    const parsed = parse(layers);
    expect(parsed).toEqual({ kind: 'layers', layers });
    // Keys in a fixed order (type, name, input, options), whatever the JSON's order.
    expect(Object.keys(parsed.layers[0]!)).toEqual(['type', 'name', 'filters', 'kernelSize', 'padding', 'activation']);
    expect(Object.keys(parsed.layers[3]!)).toEqual(['type', 'name', 'inputs']);
    expect(layerNames(parsed.layers)).toEqual([
      'stem',
      'batchNormalization_2',
      'conv2d_3',
      'residual',
      'activation_5',
      'maxPooling2d_6',
      'averagePooling2d_7',
      'dropout_8',
      'gmp',
      'globalAveragePooling2d_10',
      'flatten_11',
      'dense_12',
      'add_13',
    ]);
    expect(parseModelSpec(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('treats a key set to undefined as absent', () => {
    expect(parse([{ type: 'dense', units: 4, activation: undefined, name: undefined }])).toEqual({
      kind: 'layers',
      layers: [{ type: 'dense', units: 4 }],
    });
  });

  it('names the misspelt option and the option meant (tfjs would ignore it)', () => {
    const error = thrown(() =>
      parse([
        { type: 'dense', units: 4 },
        { type: 'dense', units: 4 },
        { type: 'conv2d', filtres: 8, kernelSize: 3 },
      ]),
    );
    expect(error.field).toBe('h2.model.layers[2].filtres');
    expect(error.message).toBe(
      'invalid h2.model.layers[2].filtres: expected no such option (did you mean "filters"? a "conv2d" layer takes ' +
        'type, name, input, filters, kernelSize, strides, padding, activation, useBias, kernelInitializer), received 8',
    );
    expect(error.retryable).toBe(false);
  });

  it.each([
    // The list itself.
    [{ kind: 'layers' }, 'h2.model.layers', /a non-empty array of at most 128 layers, received undefined/],
    [{ kind: 'layers', layers: [] }, 'h2.model.layers', /a non-empty array/],
    [{ kind: 'layers', layers: {} }, 'h2.model.layers', /a non-empty array/],
    [
      { kind: 'layers', layers: Array.from({ length: MAX_LAYERS + 1 }, () => ({ type: 'flatten' })) },
      'h2.model.layers',
      /at most 128 layers/,
    ],
    [{ kind: 'layers', layers: [{ type: 'flatten' }], hidden: [4] }, 'h2.model.hidden', /no such key/],
    // Entries and types.
    [{ kind: 'layers', layers: ['dense'] }, 'h2.model.layers[0]', /a layer: an object with a "type"/],
    [{ kind: 'layers', layers: [{ units: 4 }] }, 'h2.model.layers[0].type', /the field is required/],
    [
      { kind: 'layers', layers: [{ type: 'lstm' }] },
      'h2.model.layers[0].type',
      /one of "dense", .*"add", received "lstm"/,
    ],
    [{ kind: 'layers', layers: [{ type: 'Conv2D' }] }, 'h2.model.layers[0].type', /expected "conv2d"\? one of/],
    [{ kind: 'layers', layers: [{ type: 'Dense', units: 2 }] }, 'h2.model.layers[0].type', /expected "dense"\?/],
    // Options tfjs has but bcml does not take, and options of another type.
    [
      { kind: 'layers', layers: [{ type: 'dense', units: 4, kernelRegularizer: 'l2' }] },
      'h2.model.layers[0].kernelRegularizer',
      /no such option \(a "dense" layer takes type, name, input, units, activation, useBias, kernelInitializer\)/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'flatten', units: 4 }] },
      'h2.model.layers[0].units',
      /"flatten" layer takes type, name, input\)/,
    ],
    [{ kind: 'layers', layers: [{ type: 'dense', unit: 4 }] }, 'h2.model.layers[0].unit', /did you mean "units"\?/],
    [
      { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernel_size: 3 }] },
      'h2.model.layers[0].kernel_size',
      /did you mean "kernelSize"\?/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'maxPooling2d', pool_size: 3 }] },
      'h2.model.layers[0].pool_size',
      /did you mean "poolSize"\?/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'dropout', rate: 0.1, seed: 3 }] },
      'h2.model.layers[0].seed',
      /no such option \(a "dropout"/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'add', inputs: ['input', 'x'], input: 'x' }] },
      'h2.model.layers[0].input',
      /"add" layer takes type, name, inputs\)/,
    ],
    // Required options, types and ranges.
    [{ kind: 'layers', layers: [{ type: 'dense' }] }, 'h2.model.layers[0].units', /the field is required/],
    [
      { kind: 'layers', layers: [{ type: 'dense', units: 0 }] },
      'h2.model.layers[0].units',
      /a positive integer, received 0/,
    ],
    [{ kind: 'layers', layers: [{ type: 'dense', units: '64' }] }, 'h2.model.layers[0].units', /received "64"/],
    [{ kind: 'layers', layers: [{ type: 'dense', units: 1e6 }] }, 'h2.model.layers[0].units', /from 1 to 65536/],
    [
      { kind: 'layers', layers: [{ type: 'dense', units: 2, activation: 'softmax' }] },
      'h2.model.layers[0].activation',
      /no "softmax": bcml appends the logits layer/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'dense', units: 2, useBias: 'no' }] },
      'h2.model.layers[0].useBias',
      /true or false/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'dense', units: 2, kernelInitializer: 'he_normal' }] },
      'h2.model.layers[0].kernelInitializer',
      /one of "glorotUniform"/,
    ],
    [{ kind: 'layers', layers: [{ type: 'conv2d', filters: 4 }] }, 'h2.model.layers[0].kernelSize', /required/],
    [
      { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernelSize: 0 }] },
      'h2.model.layers[0].kernelSize',
      /a positive integer/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernelSize: 65 }] },
      'h2.model.layers[0].kernelSize',
      /from 1 to 64/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernelSize: [3] }] },
      'h2.model.layers[0].kernelSize',
      /or \[height, width\]/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernelSize: [3, 1.5] }] },
      'h2.model.layers[0].kernelSize[1]',
      /received 1.5/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, padding: 'causal' }] },
      'h2.model.layers[0].padding',
      /"valid" or "same"/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'maxPooling2d', strides: -1 }] },
      'h2.model.layers[0].strides',
      /a positive integer/,
    ],
    [{ kind: 'layers', layers: [{ type: 'dropout' }] }, 'h2.model.layers[0].rate', /required/],
    [
      { kind: 'layers', layers: [{ type: 'dropout', rate: 1 }] },
      'h2.model.layers[0].rate',
      /a dropout rate in \[0, 1\), received 1/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'batchNormalization', momentum: 1 }] },
      'h2.model.layers[0].momentum',
      /in \[0, 1\)/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'batchNormalization', epsilon: 0 }] },
      'h2.model.layers[0].epsilon',
      /in \(0, 1\)/,
    ],
    [{ kind: 'layers', layers: [{ type: 'activation' }] }, 'h2.model.layers[0].activation', /required/],
    // Names and links.
    [
      { kind: 'layers', layers: [{ type: 'flatten', name: '1st' }] },
      'h2.model.layers[0].name',
      /starting with a letter/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'flatten', name: 'logits' }] },
      'h2.model.layers[0].name',
      /other than "input" and "logits"/,
    ],
    [{ kind: 'layers', layers: [{ type: 'flatten', name: 'input' }] }, 'h2.model.layers[0].name', /other than "input"/],
    [
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 2, name: 'a' },
          { type: 'dense', units: 2, name: 'a' },
        ],
      },
      'h2.model.layers[0].name',
      /a name no other layer has \(layers\[1\] is "a" too\)/,
    ],
    [
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 2, name: 'dense_2' },
          { type: 'dense', units: 2 },
        ],
      },
      'h2.model.layers[0].name',
      /layers\[1\] is "dense_2" too/,
    ],
    [
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 2, input: 'later' },
          { type: 'dense', units: 2, name: 'later' },
        ],
      },
      'h2.model.layers[0].input',
      /the name of an earlier layer \(one of "input"\), received "later"/,
    ],
    [
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 2, name: 'a' },
          { type: 'add', inputs: ['a', 'b'] },
        ],
      },
      'h2.model.layers[1].inputs[1]',
      /one of "input", "a"\), received "b"/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'add', inputs: ['input'] }] },
      'h2.model.layers[0].inputs',
      /an array of 2 to 16 layer names/,
    ],
    [
      { kind: 'layers', layers: [{ type: 'add', inputs: ['input', 'input'] }] },
      'h2.model.layers[0].inputs[1]',
      /a layer not already summed/,
    ],
    [{ kind: 'layers', layers: [{ type: 'add', inputs: 'input' }] }, 'h2.model.layers[0].inputs', /received "input"/],
    [
      // dense_1's output feeds nothing: the second layer reads the model's input.
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 2 },
          { type: 'dense', units: 2, input: 'input' },
        ],
      },
      'h2.model.layers[0]',
      /a layer whose output is used .*, received "dense_1"/,
    ],
    [
      {
        kind: 'layers',
        layers: [
          { type: 'dense', units: 2, name: 'a' },
          { type: 'dense', units: 2 },
          { type: 'add', inputs: ['input', 'a'] },
        ],
      },
      'h2.model.layers[1]',
      /received "dense_2"/,
    ],
  ])('rejects %j at %s', (spec, field, message) => {
    const error = thrown(() => parseModelSpec(spec, 'h2.model'));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('bounds the list as JSON by what one MLflow parameter holds', () => {
    const long = Array.from({ length: 100 }, (_, i) => ({
      type: 'dense',
      name: `a_rather_long_layer_name_for_layer_${i}`,
      units: 4,
      activation: 'relu',
    }));
    expect(JSON.stringify(long).length).toBeGreaterThan(MAX_LAYER_LIST_JSON);
    const error = thrown(() => parse(long));
    expect(error.field).toBe('h2.model.layers');
    expect(error.message).toMatch(/at most 6000 characters as JSON .*, received "\d+ characters"/);
  });
});
