import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';

import { datasetResolver, h1FileReader, localModelStore, openH1Source, type H1FileReader } from '@bcml/workers';

// The predictions files of test/golden/h1-predictions (scikit-learn on iris, written by pandas/pyarrow) and the ONNX
// models of test/golden/h1-onnx.
const golden = fileURLToPath(new URL('../../test/golden/h1-predictions', import.meta.url));
const onnxGolden = fileURLToPath(new URL('../../test/golden/h1-onnx', import.meta.url));
const files = h1FileReader();
const read: H1FileReader['splitFile'] = (uri, split, field) => files.splitFile(uri, split, field);

/** The error `promise` rejects with, checked to be an `InvalidInputError`. */
async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('h1FileReader', () => {
  it('reads a split’s file from a folder (a path or file://) or a path with {split}', async () => {
    const bytes = readFileSync(join(golden, 'probabilities', 'test.feather'));
    for (const uri of [join(golden, 'probabilities'), pathToFileURL(join(golden, 'probabilities')).href]) {
      const file = await read(uri, 'test', 'h1.predictions');
      expect(file.file).toBe('test.feather');
      expect(Buffer.from(file.bytes).equals(bytes)).toBe(true);
    }
    const placeholder = await read(join(golden, 'logits', '{split}.arrow'), 'train', 'h1.predictions');
    expect(placeholder.file).toBe('train.arrow');
  });

  it.each([
    ['a folder without the split', join(golden, 'logits'), 'validation', 'a file validation.arrow'],
    ['no such folder', join(golden, 'nowhere'), 'test', 'a folder of <split>.arrow predictions files'],
    ['a missing {split} file', join(golden, 'logits', '{split}.parquet'), 'test', 'a readable file'],
    ['an http(s) URL without {split}', 'https://example.com/preds', 'test', 'an http(s) URL with "{split}"'],
    ['runs:/ without a tracking server', 'runs:/abc/preds', 'test', 'this worker has no tracking server'],
  ])('refuses %s, naming the field', async (_, uri, split, expected) => {
    const error = await rejection(read(uri, split, 'h1.predictions'));
    expect(error.field).toBe('h1.predictions');
    expect(error.expected).toContain(expected);
  });
});

describe('h1FileReader.file', () => {
  it('reads one file by path or file://, naming a missing one', async () => {
    const path = join(onnxGolden, 'model.onnx');
    for (const uri of [path, pathToFileURL(path).href]) {
      const file = await files.file(uri, 'h1.onnx');
      expect(file.file).toBe('model.onnx');
      expect(Buffer.from(file.bytes).equals(readFileSync(path))).toBe(true);
    }
    const error = await rejection(files.file(join(onnxGolden, 'nothing.onnx'), 'h1.onnx'));
    expect(error.field).toBe('h1.onnx');
  });
});

describe('openH1Source', () => {
  const deps = { models: localModelStore(), files };

  it('gives a predictions file’s outputs per split, checked against it, without a model', async () => {
    const data = await datasetResolver()({ uri: join(golden, 'dataset'), trainSplit: 'train', testSplit: 'test' });
    const source = await openH1Source(
      deps,
      { predictions: join(golden, 'probabilities'), outputs: 'probabilities' },
      { name: 'h1' },
    );
    expect(source.model).toBeUndefined();
    const outputs = await source.outputs('test', data.splits['test']!);
    expect(outputs.size).toBe(50);
    expect(outputs.width).toBe(3);
    // The train split's file does not fit the test split: its ids are not the test split's.
    const error = await rejection(source.outputs('train', data.splits['test']!));
    expect(error.message).toMatch(/^invalid h1\.predictions \(train\.feather row \d+\)\.id: expected an instance id/);
    await source.dispose();
  });

  it('names the model field when h1 is a model that cannot be loaded', async () => {
    const error = await rejection(openH1Source(deps, { uri: join(golden, 'no-model') }, { name: 'h1' }));
    expect(error.field).toBe('h1.uri');
  });

  it('runs an ONNX model per split, and refuses one whose input does not fit before any output', async () => {
    const data = await datasetResolver()({ uri: join(onnxGolden, 'dataset'), trainSplit: 'train', testSplit: 'test' });
    const source = await openH1Source(
      deps,
      { onnx: join(onnxGolden, 'model.onnx'), outputs: 'logits' },
      { name: 'h1' },
    );
    expect(source.model).toBeUndefined();
    const outputs = await source.outputs('test', data.splits['test']!);
    expect([outputs.size, outputs.width]).toEqual([50, 3]);
    await source.dispose();
    const wrong = await openH1Source(
      deps,
      { onnx: join(onnxGolden, 'wrong-input.onnx'), outputs: 'logits' },
      { name: 'h1' },
    );
    const error = await rejection(wrong.outputs('train', data.splits['train']!));
    expect(error.field).toBe('h1.inputShape');
    await wrong.dispose();
  });
});
