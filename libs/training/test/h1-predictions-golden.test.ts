import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { readH1Predictions } from '@bcml/training';

import { goldenData, h1Accuracy } from './support.js';

// Predictions files written by scikit-learn + pandas/pyarrow (test/golden/h1-predictions/generate.py): the same h1
// as probabilities keyed by id (shuffled rows, Feather) and as logits in row order (FixedSizeList, Arrow IPC).

const golden = (path: string): URL => new URL(`../../../test/golden/h1-predictions/${path}`, import.meta.url);
const expected = JSON.parse(readFileSync(golden('expected.json'), 'utf8')) as {
  classes: string[];
  accuracy: Record<string, number>;
  testPredictions: Record<string, number>;
  testLogits: Record<string, number[]>;
};

const data = goldenData('h1-predictions/dataset', 'feather');

/** The file of `split` in `folder` (`probabilities/test.feather`, `logits/test.arrow`). */
function read(folder: 'probabilities' | 'logits', split: string) {
  const file = `${split}.${folder === 'logits' ? 'arrow' : 'feather'}`;
  const outputs = folder === 'logits' ? 'logits' : 'probabilities';
  return readH1Predictions(readFileSync(golden(`${folder}/${file}`)), data(split), {
    outputs,
    field: 'h1.predictions',
    file,
  });
}

describe('h1 predictions written by scikit-learn and pandas', () => {
  it.each(['probabilities', 'logits'] as const)('%s: h1 accuracy per split is the generator’s', (folder) => {
    for (const split of ['train', 'test']) {
      expect(h1Accuracy(read(folder, split), data(split))).toBeCloseTo(expected.accuracy[split]!, 12);
    }
  });

  it.each(['probabilities', 'logits'] as const)(
    '%s: the test split’s classes and logits are the generator’s',
    (folder) => {
      const outputs = read(folder, 'test');
      expect(outputs.size).toBe(Object.keys(expected.testPredictions).length);
      const ids = [...outputs.ids];
      expect(Object.fromEntries(ids.map((id, i) => [String(id), outputs.predictions(outputs.ids)[i]]))).toEqual(
        expected.testPredictions,
      );
      const row = new Float32Array(3);
      for (const id of ids) {
        outputs.gather([id], row);
        const logits = expected.testLogits[String(id)]!;
        if (folder === 'logits') {
          row.forEach((z, k) => expect(Math.abs(z - logits[k]!)).toBeLessThan(1e-5));
        } else {
          // log p: softmax of it is p = softmax of the generator's logits.
          const max = Math.max(...logits);
          const sum = logits.reduce((s, z) => s + Math.exp(z - max), 0);
          row.forEach((z, k) => expect(Math.abs(Math.exp(z) - Math.exp(logits[k]! - max) / sum)).toBeLessThan(1e-5));
        }
      }
    },
  );
});
