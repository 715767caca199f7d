import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { InvalidInputError, type SweepDatasetSpec } from '@bcml/core';
import { estimateDatasetMemory } from '@bcml/data';
import { checkDatasetName, DATASET_NAMES, loadDataset, type DatasetName } from '@bcml/datasets';
import { labelledData } from '@bcml/training';

import type { DatasetResolver, SweepData } from '../sweep-data.js';
import { checkDatasetMemory } from './dataset-memory-budget.js';
import { promiseCache } from './promise-cache.js';
import { splitInstances } from './split-instances.js';

/**
 * A `DatasetResolver` for the bundled datasets (`bcml:datasets/<name>`), each loaded once. They follow the convention
 * (a `label` column, images as image columns), so `dataset.label` may only say `label` and `dataset.imageShape` is
 * refused. With `memoryBudgetBytes`, a dataset whose splits would not fit it once encoded is refused before they
 * are (`checkDatasetMemory`, estimated from the cached Arrow files' metadata).
 */
export function bundledDatasetResolver(options: { readonly memoryBudgetBytes?: number } = {}): DatasetResolver {
  const cached = promiseCache<SweepData>();
  const load = async (uri: string): Promise<SweepData> => {
    const match = /^bcml:datasets\/(.+)$/.exec(uri);
    if (match?.[1] === undefined)
      throw new InvalidInputError('dataset.uri', 'a bundled dataset (bcml:datasets/<name>)', uri);
    let name: DatasetName;
    try {
      name = checkDatasetName(match[1]);
    } catch (cause) {
      throw new InvalidInputError('dataset.uri', `a bundled dataset: bcml:datasets/${DATASET_NAMES.join('|')}`, uri, {
        cause,
      });
    }
    const loaded = await loadDataset(name);
    if (options.memoryBudgetBytes !== undefined) {
      const [train, test] = await Promise.all([
        estimateDatasetMemory(loaded.files.train, { file: 'train' }),
        estimateDatasetMemory(loaded.files.test, { file: 'test' }),
      ]);
      checkDatasetMemory(uri, { train, test }, options.memoryBudgetBytes);
    }
    const hash = createHash('sha256');
    for (const file of [loaded.files.train, loaded.files.test]) hash.update(await readFile(file));
    return {
      classes: loaded.train.info.classes,
      sha256: hash.digest('hex'),
      splits: {
        train: labelledData(loaded.train, loaded.encoding),
        test: labelledData(loaded.test, loaded.encoding),
      },
      ...splitInstances({ train: loaded.train, test: loaded.test }),
    };
  };
  return (spec: SweepDatasetSpec) => {
    if (spec.label !== undefined && spec.label !== 'label') {
      return Promise.reject(
        new InvalidInputError(
          'dataset.label',
          'no label column name for a bundled dataset (its column is "label")',
          spec.label,
        ),
      );
    }
    if (spec.imageShape !== undefined) {
      return Promise.reject(
        new InvalidInputError(
          'dataset.imageShape',
          'no image shape for a bundled dataset (it has its own features)',
          JSON.stringify(spec.imageShape),
        ),
      );
    }
    return cached(spec.uri, () => load(spec.uri));
  };
}
