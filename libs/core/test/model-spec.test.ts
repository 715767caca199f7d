import { describe, expect, it } from 'vitest';

import { isModelKind, modelKinds, modelSpecDefaults, parseModelSpec } from '@bcml/core';

import { thrown } from './support/thrown.js';

describe('parseModelSpec', () => {
  it('accepts each kind and keeps omitted options omitted', () => {
    expect(parseModelSpec({ kind: 'logistic-regression' })).toEqual({ kind: 'logistic-regression' });
    expect(parseModelSpec({ kind: 'mlp', hidden: [64], dropout: 0.1 })).toEqual({
      kind: 'mlp',
      hidden: [64],
      dropout: 0.1,
    });
    expect(parseModelSpec({ kind: 'mlp', hidden: [8, 4], activation: 'tanh', dropout: 0 })).toEqual({
      kind: 'mlp',
      hidden: [8, 4],
      activation: 'tanh',
      dropout: 0,
    });
    expect(parseModelSpec({ kind: 'lenet' })).toEqual({ kind: 'lenet' });
    expect(parseModelSpec({ kind: 'lenet', dropout: 0.25 })).toEqual({ kind: 'lenet', dropout: 0.25 });
    expect(parseModelSpec({ kind: 'resnet' })).toEqual({ kind: 'resnet' });
    expect(parseModelSpec({ kind: 'resnet', blocks: 1, filters: 8 })).toEqual({
      kind: 'resnet',
      blocks: 1,
      filters: 8,
    });
  });

  it('takes a model of your own as a saved tfjs folder or model URI ("tfjs"), strictly', () => {
    expect(parseModelSpec({ kind: 'tfjs', uri: 'runs:/abc/model' }, 'h2.model')).toEqual({
      kind: 'tfjs',
      uri: 'runs:/abc/model',
    });
    expect(parseModelSpec({ kind: 'tfjs', uri: './keras-h2' })).toEqual({ kind: 'tfjs', uri: './keras-h2' });
    expect(thrown(() => parseModelSpec({ kind: 'tfjs' }, 'h2.model')).message).toBe(
      'invalid h2.model.uri: expected a value (the field is required), received undefined',
    );
    expect(thrown(() => parseModelSpec({ kind: 'tfjs', uri: 'models:/only-a-name' }, 'h2.model')).message).toMatch(
      /^invalid h2\.model\.uri: /,
    );
    expect(thrown(() => parseModelSpec({ kind: 'tfjs', uri: './m', hidden: [4] }, 'h2.model')).message).toMatch(
      /^invalid h2\.model\.hidden: expected no such key/,
    );
  });

  it('accepts the example sweep spec of DESIGN.md as JSON', () => {
    const spec: unknown = JSON.parse('{ "kind": "mlp", "hidden": [64], "dropout": 0.1 }');
    expect(parseModelSpec(spec, 'h2.model')).toEqual({ kind: 'mlp', hidden: [64], dropout: 0.1 });
  });

  it('documents the defaults', () => {
    expect(modelSpecDefaults).toEqual({
      mlp: { dropout: 0, activation: 'relu' },
      lenet: { dropout: 0.5 },
      resnet: { blocks: 3, filters: 16 },
    });
    expect(modelKinds).toEqual(['logistic-regression', 'mlp', 'lenet', 'resnet', 'layers', 'tfjs']);
    expect(isModelKind('lenet')).toBe(true);
    expect(isModelKind('vgg')).toBe(false);
  });

  it('names the exact field, under the given prefix', () => {
    const error = thrown(() => parseModelSpec({ kind: 'mlp', hidden: [64, 0] }, 'h2.model'));
    expect(error.message).toBe('invalid h2.model.hidden[1]: expected a positive integer, received 0');
    expect(error.field).toBe('h2.model.hidden[1]');
    expect(error.retryable).toBe(false);
  });

  it.each([
    [
      { kind: 'vgg' },
      'model.kind',
      /expected one of "logistic-regression", "mlp", "lenet", "resnet", "layers", "tfjs", received "vgg"/,
    ],
    [{}, 'model.kind', /received undefined/],
    [null, 'model', /expected an object/],
    [[{ kind: 'mlp' }], 'model', /expected an object/],
    [{ kind: 'mlp', hidden: [] }, 'model.hidden', /a non-empty array/],
    [{ kind: 'mlp' }, 'model.hidden', /a non-empty array/],
    [{ kind: 'mlp', hidden: [2.5] }, 'model.hidden[0]', /a positive integer/],
    [{ kind: 'mlp', hidden: ['64'] }, 'model.hidden[0]', /received "64"/],
    [{ kind: 'mlp', hidden: [1e9] }, 'model.hidden[0]', /from 1 to 65536/],
    [{ kind: 'mlp', hidden: [4], dropout: 1.5 }, 'model.dropout', /a dropout rate in \[0, 1\), received 1.5/],
    [{ kind: 'mlp', hidden: [4], dropout: 1 }, 'model.dropout', /dropout rate/],
    [{ kind: 'mlp', hidden: [4], dropout: -0.1 }, 'model.dropout', /dropout rate/],
    [{ kind: 'mlp', hidden: [4], activation: 'gelu' }, 'model.activation', /"relu" or "tanh"/],
    [{ kind: 'lenet', dropout: Number.NaN }, 'model.dropout', /dropout rate/],
    [{ kind: 'resnet', blocks: 0 }, 'model.blocks', /a positive integer/],
    [{ kind: 'resnet', filters: 4096 }, 'model.filters', /from 1 to 1024/],
  ])('rejects %j at %s', (spec, field, message) => {
    const error = thrown(() => parseModelSpec(spec));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('treats a key set to undefined as absent (JSON has no undefined)', () => {
    expect(parseModelSpec({ kind: 'mlp', hidden: [4], dropout: undefined, activation: undefined })).toEqual({
      kind: 'mlp',
      hidden: [4],
    });
    expect(parseModelSpec({ kind: 'lenet', hidden: undefined })).toEqual({ kind: 'lenet' });
    expect(thrown(() => parseModelSpec({ kind: 'mlp', hidden: undefined })).message).toBe(
      'invalid model.hidden: expected a non-empty array of layer widths, received undefined',
    );
  });

  it('rejects unknown keys, naming the key and the keys the kind takes', () => {
    const error = thrown(() => parseModelSpec({ kind: 'lenet', hidden: [50] }, 'h1.model'));
    expect(error.field).toBe('h1.model.hidden');
    expect(error.message).toBe(
      'invalid h1.model.hidden: expected no such key (a "lenet" model takes kind, dropout), received an array of length 1',
    );
    expect(thrown(() => parseModelSpec({ kind: 'logistic-regression', units: 1 })).field).toBe('model.units');
    expect(thrown(() => parseModelSpec({ kind: 'mlp', hidden: [4], dropuot: 0.1 })).field).toBe('model.dropuot');
  });
});
