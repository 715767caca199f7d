import { InvalidInputError } from '@bcml/core';

import { TRACKING_API, type MlflowHttp } from './mlflow-http.js';
import { wireKeyValues, wireObject, wireObjects, wireString, type WireObject } from './wire-json.js';

/** The run-input tag MLflow's UI shows as a dataset's context (`training`, `eval`, …). */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/**
 * A dataset a run used, as MLflow records it (`runs/log-inputs`): the UI's Datasets panel lists it with its
 * schema and profile. MLflow keeps one dataset per (experiment, name, digest), linked once per run: logging the
 * same input again (a retry) adds nothing.
 */
export interface DatasetInput {
  /** The dataset's name, e.g. `adult` or `adult/train`. */
  readonly name: string;
  /** A short content digest (MLflow shows 8–36 characters): the same name and digest are the same dataset. */
  readonly digest: string;
  /** Where it came from, as MLflow names source types: `local`, `http`, `s3`, `code`, … */
  readonly sourceType: string;
  /** The source's description (JSON object), e.g. `{ "uri": "…" }`; never credentials. */
  readonly source: { readonly [key: string]: unknown };
  /** The schema (JSON object), e.g. `{ "mlflow_tensorspec": { "features": "…", "targets": "…" } }`. */
  readonly schema?: { readonly [key: string]: unknown };
  /** Summary figures (JSON object), e.g. `{ "num_rows": 1000 }`. */
  readonly profile?: { readonly [key: string]: unknown };
  /** The run's use of it (tag `mlflow.data.context`): `training`, `eval`, … */
  readonly context?: string;
}

/** A dataset input read back from a run (`Run.inputs`): its JSON fields as MLflow stores them (strings). */
export interface RunDatasetInput {
  readonly name: string;
  readonly digest: string;
  readonly sourceType: string;
  /** JSON text. */
  readonly source: string;
  /** JSON text, `''` when none. */
  readonly schema: string;
  /** JSON text, `''` when none. */
  readonly profile: string;
  /** Tag `mlflow.data.context`, `undefined` when none. */
  readonly context: string | undefined;
}

/** MLflow's limits on a dataset's fields (its SQL store's column sizes). */
const LIMITS = { name: 500, digest: 36, sourceType: 36 } as const;

/** Records `datasets` as inputs of run `runId` (`runs/log-inputs`); retry-safe, since MLflow deduplicates. */
export async function logInputs(http: MlflowHttp, runId: string, datasets: readonly DatasetInput[]): Promise<void> {
  const wire = datasets.map((dataset, i) => {
    for (const key of ['name', 'digest', 'sourceType'] as const) {
      const value = dataset[key];
      if (typeof value !== 'string' || value === '' || value.length > LIMITS[key]) {
        throw new InvalidInputError(`datasets[${i}].${key}`, `a string of 1 to ${LIMITS[key]} characters`, value);
      }
    }
    return {
      tags: dataset.context === undefined ? [] : [{ key: DATASET_CONTEXT_TAG, value: dataset.context }],
      dataset: {
        name: dataset.name,
        digest: dataset.digest,
        source_type: dataset.sourceType,
        source: JSON.stringify(dataset.source),
        ...(dataset.schema === undefined ? {} : { schema: JSON.stringify(dataset.schema) }),
        ...(dataset.profile === undefined ? {} : { profile: JSON.stringify(dataset.profile) }),
      },
    };
  });
  if (wire.length === 0) return;
  await http.json('POST', `${TRACKING_API}/runs/log-inputs`, { body: { run_id: runId, datasets: wire } });
}

/** The dataset inputs of a run's JSON (`run.inputs.dataset_inputs`), `[]` when it has none. */
export function parseDatasetInputs(run: WireObject): RunDatasetInput[] {
  return wireObjects(wireObject(run.inputs), 'dataset_inputs').map((input) => {
    const dataset = wireObject(input.dataset);
    const tags = wireKeyValues(input, 'tags');
    return {
      name: wireString(dataset, 'name'),
      digest: wireString(dataset, 'digest'),
      sourceType: wireString(dataset, 'source_type'),
      source: wireString(dataset, 'source'),
      schema: wireString(dataset, 'schema'),
      profile: wireString(dataset, 'profile'),
      context: Object.hasOwn(tags, DATASET_CONTEXT_TAG) ? tags[DATASET_CONTEXT_TAG] : undefined,
    };
  });
}

/**
 * The source of a dataset URI as MLflow describes one: `http` with `{ url }` for http(s), `s3` with `{ uri }`,
 * `local` with `{ uri }` for files and paths, else `code` with `{ uri }` (bundled `bcml:datasets/…`, artifact URIs).
 * User info (credentials), query and fragment are left out of URLs.
 */
export function datasetSource(uri: string): Pick<DatasetInput, 'sourceType' | 'source'> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(uri);
      return { sourceType: 'http', source: { url: `${url.protocol}//${url.host}${url.pathname}` } };
    } catch {
      return { sourceType: 'http', source: { url: '(unparseable URL)' } };
    }
  }
  const bare = uri.replace(/[?#].*$/, '').replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  if (scheme === 's3') return { sourceType: 's3', source: { uri: bare } };
  if (scheme === undefined || scheme === 'file' || /^[a-z]:[\\/]/i.test(uri)) {
    return { sourceType: 'local', source: { uri: bare } };
  }
  return { sourceType: 'code', source: { uri: bare } };
}

/**
 * MLflow's tensor-spec schema of a dataset of float32 features of `featureShape` per example and integer class
 * targets (as MLflow's NumPy datasets record theirs): `{ mlflow_tensorspec: { features, targets } }`.
 */
export function tensorDatasetSchema(featureShape: readonly number[]): { readonly [key: string]: unknown } {
  const spec = (dtype: string, shape: readonly number[]): string =>
    JSON.stringify([{ type: 'tensor', 'tensor-spec': { dtype, shape: [-1, ...shape] } }]);
  return { mlflow_tensorspec: { features: spec('float32', featureShape), targets: spec('int32', []) } };
}
