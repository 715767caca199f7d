import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { InvalidInputError, type SweepDatasetSpec } from '@bcml/core';
import { checkDatasetName, loadDataset } from '@bcml/datasets';
import { labelledData } from '@bcml/training';
import type { DatasetResolver, SweepData } from '@bcml/workers';

/** A `DatasetResolver` for the bundled datasets (`bcml:datasets/<name>`), each loaded once. */
export function bundledDatasetResolver(): DatasetResolver {
  const cache = new Map<string, Promise<SweepData>>();
  const load = async (uri: string): Promise<SweepData> => {
    const match = /^bcml:datasets\/(.+)$/.exec(uri);
    if (match?.[1] === undefined)
      throw new InvalidInputError('dataset.uri', 'a bundled dataset (bcml:datasets/<name>)', uri);
    const name = checkDatasetName(match[1]);
    const loaded = await loadDataset(name);
    const hash = createHash('sha256');
    for (const file of [loaded.files.train, loaded.files.test]) hash.update(await readFile(file));
    return {
      classes: loaded.train.info.classes,
      sha256: hash.digest('hex'),
      splits: {
        train: labelledData(loaded.train, loaded.encoding),
        test: labelledData(loaded.test, loaded.encoding),
      },
    };
  };
  return (spec: SweepDatasetSpec) => {
    let found = cache.get(spec.uri);
    if (found === undefined) {
      found = load(spec.uri);
      found.catch(() => cache.delete(spec.uri));
      cache.set(spec.uri, found);
    }
    return found;
  };
}
