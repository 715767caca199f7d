import { describe, expect, it } from 'vitest';

import {
  h1SourceUri,
  h1SpecParams,
  isH1Onnx,
  isH1Predictions,
  isH1SavedModel,
  parseComparisonSpec,
  parseH1Spec,
  parseSweepSpec,
} from '@bcml/core';

const sweep = {
  name: 'lr-to-mlp',
  dataset: { uri: 'bcml:datasets/german-credit' },
  h1: { uri: './h1' },
  h2: {
    model: { kind: 'logistic-regression' },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    epochs: 1,
    batchSize: 64,
  },
  sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
};

describe('parseH1Spec', () => {
  it('takes a saved model or a predictions file', () => {
    expect(parseH1Spec('h1', { uri: 'runs:/abc/model' })).toEqual({ uri: 'runs:/abc/model' });
    const predictions = parseH1Spec('h1', { predictions: './preds', outputs: 'probabilities' });
    expect(predictions).toEqual({ predictions: './preds', outputs: 'probabilities' });
    expect(isH1Predictions(predictions)).toBe(true);
    expect(h1SourceUri(predictions)).toBe('./preds');
    expect(h1SourceUri({ uri: './h1' })).toBe('./h1');
    expect(parseH1Spec('h1', { onnx: 'runs:/abc/h1.onnx' })).toEqual({ onnx: 'runs:/abc/h1.onnx', outputs: 'logits' });
    expect(h1SourceUri({ onnx: './h1.onnx', outputs: 'logits' })).toBe('./h1.onnx');
    expect(h1SpecParams({ onnx: './h1.onnx', outputs: 'probabilities' })).toEqual({
      'h1.onnx': './h1.onnx',
      'h1.outputs': 'probabilities',
    });
    expect(h1SpecParams(predictions)).toEqual({ 'h1.predictions': './preds', 'h1.outputs': 'probabilities' });
    expect(h1SpecParams({ uri: './h1' })).toEqual({ 'h1.uri': './h1' });
  });

  it('takes a TF SavedModel folder (a path, file:// or runs:/), logits by default', () => {
    const savedModel = parseH1Spec('h1', { savedModel: 'runs:/abc/h1/savedmodel' });
    expect(savedModel).toEqual({ savedModel: 'runs:/abc/h1/savedmodel', outputs: 'logits' });
    expect(isH1SavedModel(savedModel)).toBe(true);
    expect(isH1Onnx(savedModel) || isH1Predictions(savedModel)).toBe(false);
    expect(h1SourceUri(savedModel)).toBe('runs:/abc/h1/savedmodel');
    expect(parseH1Spec('h1', { savedModel: 'file:///m', outputs: 'probabilities' })).toEqual({
      savedModel: 'file:///m',
      outputs: 'probabilities',
    });
    expect(h1SpecParams({ savedModel: './m', outputs: 'logits' })).toEqual({
      'h1.savedModel': './m',
      'h1.outputs': 'logits',
    });
  });

  it.each([
    [{ predictions: './preds' }, 'invalid h1.outputs: expected a value (the field is required)'],
    [{ predictions: './preds', outputs: 'probs' }, 'invalid h1.outputs: expected one of "logits", "probabilities"'],
    [{ outputs: 'logits' }, 'invalid h1.predictions: expected a value (the field is required)'],
    [{ predictions: './preds', outputs: 'logits', uri: './h1' }, 'invalid h1.uri: expected no such key'],
    [{ predictions: 'bcml:datasets/adult', outputs: 'logits' }, 'invalid h1.predictions: expected a folder'],
    [{ predictions: 3, outputs: 'logits' }, 'invalid h1.predictions'],
    [{ uri: 'models:/adult' }, 'invalid h1.uri'],
    [{ onnx: './h1.onnx', outputs: 'scores' }, 'invalid h1.outputs: expected one of "logits", "probabilities"'],
    [{ onnx: './h1.onnx', inputName: 'x' }, 'invalid h1.inputName: expected no such key (h1 takes onnx, outputs)'],
    [{ onnx: 'models:/adult@champion' }, 'invalid h1.onnx: expected an .onnx file'],
    [
      { savedModel: 'https://host/m' },
      'invalid h1.savedModel: expected a SavedModel folder: a path, file:// or runs:/',
    ],
    [{ savedModel: './m', outputs: 'scores' }, 'invalid h1.outputs: expected one of "logits", "probabilities"'],
    [{ savedModel: './m', tags: ['serve'] }, 'invalid h1.tags: expected no such key (h1 takes savedModel, outputs)'],
    [{}, 'invalid h1.uri: expected a value (the field is required)'],
    [
      './h1',
      'invalid h1: expected an object with "uri" (a saved model), "predictions" and "outputs" (a predictions file), "onnx" (an ONNX model) or "savedModel" (a TF SavedModel)',
    ],
  ])('rejects %j naming the field', (value, message) => {
    expect(() => parseH1Spec('h1', value)).toThrow(message);
  });

  it('is the h1 of sweep and comparison specs', () => {
    const h1 = { predictions: 'runs:/abc/predictions', outputs: 'logits' };
    expect(parseSweepSpec({ ...sweep, h1 }).h1).toEqual(h1);
    expect(
      parseComparisonSpec({ name: 'c', dataset: { uri: 'bcml:datasets/adult' }, h1, h2: { uri: './h2' } }).h1,
    ).toEqual(h1);
    expect(() => parseSweepSpec({ ...sweep, h1: { ...h1, outputs: 'scores' } })).toThrow('invalid h1.outputs');
    expect(() => parseSweepSpec({ ...sweep, h1: { uri: './h1', outputs: 'logits' } })).toThrow(
      'invalid h1.uri: expected no such key (h1 takes predictions, outputs)',
    );
  });
});
