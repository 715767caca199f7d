import { type SweepDatasetSpec } from '@bcml/core';
import { datasetSource, tensorDatasetSchema, type DatasetInput } from '@bcml/tracking';

import { splitOf, type SweepData } from './sweep-data.js';

/** How a run used a split, as MLflow's UI shows it (tag `mlflow.data.context`). */
export type DatasetContext = 'training' | 'eval';

/**
 * The dataset's name in MLflow: the bundled name (`bcml:datasets/adult` → `adult`), else the URI's last path segment
 * without its extension and `{split}` placeholder (`/data/credit-{split}.arrow` → `credit`; `/data/credit/{split}.arrow`
 * → `credit`), query and fragment left out; `dataset` when nothing is left.
 */
export function datasetDisplayName(uri: string): string {
  const bare = uri.replace(/[?#].*$/, '');
  if (bare.startsWith('bcml:datasets/')) return bare.slice('bcml:datasets/'.length) || 'dataset';
  const segments = bare
    .split('/')
    .map((segment) =>
      segment
        .replace(/\.(arrow|feather|ipc)$/i, '')
        .replace(/[-_.]?\{split\}[-_.]?/g, '')
        .trim(),
    )
    .filter((segment) => segment !== '' && !/^[a-z][a-z0-9+.-]*:$/i.test(segment));
  return (segments.at(-1) ?? 'dataset').slice(0, 200);
}

/**
 * The MLflow dataset inputs of a run over `splits` of a sweep's (or comparison's) dataset: one per split, named
 * `<dataset>/<split>`, with the dataset's content digest (its SHA-256, first 16 hex digits), its source (credentials
 * left out), its tensor schema and a profile (rows, classes), tagged with how the run used it.
 */
export function datasetInputs(
  spec: SweepDatasetSpec,
  data: SweepData,
  splits: readonly { readonly name: string; readonly context: DatasetContext }[],
): DatasetInput[] {
  const name = datasetDisplayName(spec.uri);
  const source = datasetSource(spec.uri);
  return splits.map(({ name: split, context }) => {
    const labelled = splitOf(data, split, 'dataset.splits');
    return {
      name: `${name}/${split}`,
      digest: data.sha256.slice(0, 16),
      ...source,
      schema: tensorDatasetSchema(labelled.examples.shape),
      profile: {
        num_rows: labelled.rows?.length ?? labelled.examples.size,
        num_classes: labelled.numClasses,
        classes: data.classes.slice(0, 100),
      },
      context,
    };
  });
}
