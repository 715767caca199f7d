import { type Dataset, type RowSplit, selectRows } from '@bcml/data';

/** The two sides of a row split of one dataset. */
export function splitDataset(dataset: Dataset, split: RowSplit): { train: Dataset; test: Dataset } {
  return { train: selectRows(dataset, split.train), test: selectRows(dataset, split.test) };
}
