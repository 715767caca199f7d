import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { parseTrainingSpec } from '@bcml/core';
import { permutation } from '@bcml/data';
import { saveModel } from '@bcml/models';
import { dataSize, selectBackend, trainCompatibility, withRows, type LabelledData } from '@bcml/training';
import { bundledDatasetResolver } from '@bcml/workers';

/** The demo's dataset. */
export const DEMO_DATASET_URI = 'bcml:datasets/adult';

/**
 * The demo's h1 in `dir`: a logistic regression trained on a seeded 10 % of Adult's train split; kept if `dir`
 * already holds a saved model. Returns whether it trained one.
 */
export async function prepareDemoH1(dir: string, seed = 7): Promise<boolean> {
  if (existsSync(join(dir, 'model.json'))) return false;
  await selectBackend('tensorflow');
  const data = await bundledDatasetResolver()({ uri: DEMO_DATASET_URI, trainSplit: 'train', testSplit: 'test' });
  const train = data.splits['train'] as LabelledData;
  const size = dataSize(train);
  const tenth = permutation(size, seed).subarray(0, Math.round(size / 10));
  const spec = parseTrainingSpec({
    model: { kind: 'logistic-regression' },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    epochs: 5,
    batchSize: 64,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed,
  });
  const h1 = await trainCompatibility(spec, { data: withRows(train, tenth) });
  try {
    await saveModel(h1.model, dir);
  } finally {
    h1.model.dispose();
  }
  return true;
}
